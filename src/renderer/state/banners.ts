import type { ApiError } from '../../shared/errors'

/** The two banners under the toolbar: one error and one notice at a time, each dismissable. */
export interface BannersState {
  readonly error?: ApiError
  readonly notice?: string
}

export type BannersAction =
  | { readonly type: 'error-shown'; readonly error: ApiError }
  | { readonly type: 'error-dismissed' }
  | { readonly type: 'notice-shown'; readonly notice: string }
  | { readonly type: 'notice-dismissed' }

export const initialBanners: BannersState = {}

export function bannersReducer(state: BannersState, action: BannersAction): BannersState {
  switch (action.type) {
    case 'error-shown':
      return { ...state, error: action.error }
    case 'error-dismissed':
      return { ...state, error: undefined }
    case 'notice-shown':
      return { ...state, notice: action.notice }
    case 'notice-dismissed':
      return { ...state, notice: undefined }
  }
}

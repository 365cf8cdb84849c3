import { describe, expect, it } from 'vitest'
import { bannersReducer, initialBanners } from '../../../src/renderer/state/banners'

const lost = { kind: 'connection-lost' as const, message: 'The connection was lost.' }

describe('bannersReducer', () => {
  it('shows one error and one notice, each replaced by the next and dismissed alone', () => {
    let state = bannersReducer(initialBanners, { type: 'error-shown', error: lost })
    state = bannersReducer(state, { type: 'notice-shown', notice: 'Nothing to pick up.' })
    state = bannersReducer(state, { type: 'notice-shown', notice: '3 new files from ACME.' })
    expect(state).toEqual({ error: lost, notice: '3 new files from ACME.' })

    const errorGone = bannersReducer(state, { type: 'error-dismissed' })
    expect(errorGone.error).toBeUndefined()
    expect(errorGone.notice).toBe('3 new files from ACME.')
    const noticeGone = bannersReducer(state, { type: 'notice-dismissed' })
    expect(noticeGone.notice).toBeUndefined()
    expect(noticeGone.error).toBe(lost)
  })
})

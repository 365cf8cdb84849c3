import type { CallInput, CallName, CallOutput } from '../../shared/api-contract'
import type { ApiError } from '../../shared/errors'
import type { ApiEvent, ApiTransport } from '../../shared/transport'

/** A transport as the renderer uses it: the contract's calls, plus turning dropped files into paths. */
export interface RendererTransport extends ApiTransport {
  /** Local paths the main side can read for files the person dropped or chose. */
  localPathsOf(files: readonly File[]): Promise<string[]>
}

/** A failed call, carrying the contract's error (kind and message) for the UI to show. */
export class ApiFailure extends Error {
  constructor(readonly error: ApiError) {
    super(error.message)
  }
}

/** The typed API the components use: each call resolves with its result or throws ApiFailure. */
export interface MailroomClient {
  call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>>
  subscribe(listener: (event: ApiEvent) => void): () => void
  localPathsOf(files: readonly File[]): Promise<string[]>
}

export function createClient(transport: RendererTransport): MailroomClient {
  return {
    async call(name, input) {
      const result = await transport.invoke(name, input)
      if (!result.ok) throw new ApiFailure(result.error)
      return result.value
    },
    subscribe: (listener) => transport.subscribe(listener),
    localPathsOf: (files) => transport.localPathsOf(files),
  }
}

/** The error of anything a call threw, as the contract's shape. */
export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiFailure) return error.error
  return { kind: 'internal', message: error instanceof Error ? error.message : String(error) }
}

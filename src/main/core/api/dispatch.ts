import { apiCalls, isCallName, type CallName } from '../../../shared/api-contract'
import type { Result } from '../../../shared/errors'
import { toApiError } from '../errors'
import type { Logger } from '../logging/logger'
import type { Handlers } from './handler-table'

/**
 * The one entry point every transport calls with what arrived from the renderer: the call name
 * and input are untrusted, so both are checked against the contract before any handler runs,
 * and the result is parsed against the contract before it leaves.
 */
export type Dispatch = (name: unknown, input: unknown) => Promise<Result<unknown>>

export function createDispatch(handlers: Handlers, logger: Logger): Dispatch {
  return async (name, input) => {
    if (!isCallName(name)) {
      logger.warn('Refused a call the contract does not name', { name: String(name).slice(0, 100) })
      return { ok: false, error: { kind: 'invalid-input', message: 'Unknown request.' } }
    }
    const parsed = apiCalls[name].input.safeParse(input ?? {})
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''
      return {
        ok: false,
        error: { kind: 'invalid-input', message: `${where}${issue?.message ?? 'Invalid input.'}` },
      }
    }
    try {
      const handler = handlers[name] as (input: unknown) => Promise<unknown>
      const value = await handler(parsed.data)
      return { ok: true, value: apiCalls[name as CallName].output.parse(value) }
    } catch (error) {
      const apiError = toApiError(error)
      if (apiError.kind === 'internal')
        logger.error('Call failed unexpectedly', {
          call: name,
          error: error instanceof Error ? error.stack : String(error),
        })
      return { ok: false, error: apiError }
    }
  }
}

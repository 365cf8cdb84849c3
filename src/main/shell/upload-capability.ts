import type { CallName } from '../../shared/api-contract'
import type { ApiError } from '../../shared/errors'

/**
 * The contract's calls that read local files to send them, and where their input names them:
 * `transfer:send` uploads `localPaths`, `transfer:zip` packs `localPaths` into an archive that
 * is then sent. (Other calls with a local path write there, or read a key or a site list the
 * person typed or chose, and hand nothing of the file's content back to the page.)
 */
const UPLOAD_PATHS: Partial<Record<CallName, (input: Record<string, unknown>) => unknown>> = {
  'transfer:send': (input) => input.localPaths,
  'transfer:zip': (input) => input.localPaths,
}

/** The local paths a call would read to upload; none for other calls or a malformed input (dispatch refuses that). */
export function uploadPathsOf(name: CallName, input: unknown): readonly string[] {
  const pick = UPLOAD_PATHS[name]
  if (!pick || typeof input !== 'object' || input === null) return []
  const paths = pick(input as Record<string, unknown>)
  return Array.isArray(paths)
    ? paths.filter((path): path is string => typeof path === 'string')
    : []
}

/**
 * The first path of the call that the window was not given, refused before dispatch, or
 * undefined when every one was dropped or chosen (a folder covering its contents).
 */
export function refuseUngrantedUpload(
  name: CallName,
  input: unknown,
  covers: (path: string) => boolean,
): ApiError | undefined {
  const ungranted = uploadPathsOf(name, input).find((path) => !covers(path))
  if (ungranted === undefined) return undefined
  return {
    kind: 'permission-denied',
    message: `Mailroom sends only files you dropped on it or chose in it since it started, and ${JSON.stringify(ungranted)} is not one of them. Nothing was sent: drop the file (or choose it) again.`,
  }
}

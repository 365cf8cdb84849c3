import { apiCalls, type CallName } from './api-contract'

/**
 * What the person gave a local path for. Each is its own capability, so handing over a path
 * for one job is no licence for another (the private key chosen in "Import key" is not a file to
 * send, the folder chosen to pick up into is not a folder to read from):
 *
 * - `send`: files dropped on the window or picked in its file input, and archives zipped from
 *   them. These may also be read.
 * - `read`: a file chosen in an open dialog (a key to import), or a settings file site import
 *   reads once the person has confirmed it.
 * - `save`: a file chosen in the save dialog (an exported key, the session log).
 * - `pickup`: a folder chosen in the folder dialog, or the pickup folder the main side proposed
 *   (the remembered one or Documents/Mailroom/…), to download into.
 *
 * The desktop app checks them against what the person gave the window (src/main/shell/); the web
 * UI, which has no dialogs, against the person's home folder (src/main/web-bridge/).
 */
export type PathPurpose = 'send' | 'read' | 'save' | 'pickup'

/** A field of a call's input that names a local path (dotted; a list names one path per item). */
export interface LocalPathField {
  readonly field: string
  readonly purpose: PathPurpose
  /** '' means "no folder" here (the pickup folder before one is chosen), not a path. */
  readonly emptyMeansNone?: true
}

/**
 * Every call of the contract whose input names a local path the main side reads or writes, and
 * what it must have been given for. The IPC layer and the web bridge check them before
 * dispatch; test/main/shell/path-grants.test.ts finds every path-like field of the contract and
 * fails until a new one is listed here or below.
 */
export const LOCAL_PATH_INPUTS: Partial<Record<CallName, readonly LocalPathField[]>> = {
  'transfer:send': [{ field: 'localPaths', purpose: 'send' }],
  // The archive is then sent: what goes into it must be the window's to send.
  'transfer:zip': [{ field: 'localPaths', purpose: 'send' }],
  'keys:import': [{ field: 'source.path', purpose: 'read' }],
  'pgp:import': [{ field: 'source.path', purpose: 'read' }],
  'sites:preview': [{ field: 'path', purpose: 'read' }],
  'sites:import': [
    { field: 'path', purpose: 'read' },
    { field: 'knownHostsPath', purpose: 'read' },
  ],
  'keys:export-private': [{ field: 'path', purpose: 'save' }],
  'keys:export-public': [{ field: 'path', purpose: 'save' }],
  'pgp:export-public': [{ field: 'path', purpose: 'save' }],
  // Without a path, core asks the native save dialog itself.
  'log:save': [{ field: 'path', purpose: 'save' }],
  'transfer:pickup': [{ field: 'localFolder', purpose: 'pickup' }],
  // Remembered folders are proposed again later (below), so remembering one needs a grant too.
  'pickup:set-folder': [{ field: 'folder', purpose: 'pickup' }],
  'settings:update': [{ field: 'pickupFolder', purpose: 'pickup', emptyMeansNone: true }],
}

/**
 * Local paths in inputs that core confines itself, so no grant is needed: it drags out only
 * files transfer:drag-out downloaded in this run, and shows only files in the pickup history.
 */
export const LOCAL_PATHS_CORE_CONFINES: Partial<Record<CallName, readonly string[]>> = {
  'transfer:start-drag': ['localPath'],
  'pickup:show-in-folder': ['localPath'],
}

const fieldOf = (value: unknown, key: string): unknown =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined

/**
 * The local paths a call would use, with their purposes, read from its input as core will see
 * it (parsed by the contract); none for a call without any or an input the contract refuses
 * (dispatch then refuses it with its own message).
 */
export function localPathsOf(
  name: CallName,
  input: unknown,
): readonly { readonly purpose: PathPurpose; readonly path: string }[] {
  const fields = LOCAL_PATH_INPUTS[name]
  if (!fields) return []
  const parsed = apiCalls[name].input.safeParse(input ?? {})
  if (!parsed.success) return []
  return fields.flatMap(({ field, purpose, emptyMeansNone }) => {
    const found = field.split('.').reduce<unknown>(fieldOf, parsed.data)
    const paths = Array.isArray(found) ? found : [found]
    return paths
      .filter((path): path is string => typeof path === 'string')
      .filter((path) => !(emptyMeansNone && path === ''))
      .map((path) => ({ purpose, path }))
  })
}

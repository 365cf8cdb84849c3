import { apiCalls, type CallName } from '../../shared/api-contract'
import type { ApiError } from '../../shared/errors'
import type { GrantReach, PathPurpose } from './path-grants'

/** A field of a call's input that names a local path (dotted; a list names one path per item). */
export interface LocalPathField {
  readonly field: string
  readonly purpose: PathPurpose
  /** '' means "no folder" here (the pickup folder before one is chosen), not a path. */
  readonly emptyMeansNone?: true
}

/**
 * Every call of the contract whose input names a local path the main side reads or writes, and
 * what the window must have been given that path for (path-grants.ts). The IPC layer checks
 * them before dispatch; test/main/shell/path-grants.test.ts finds every path-like field of the
 * contract and fails until a new one is listed here or below.
 */
export const LOCAL_PATH_INPUTS: Partial<Record<CallName, readonly LocalPathField[]>> = {
  'transfer:send': [{ field: 'localPaths', purpose: 'send' }],
  // The archive is then sent: what goes into it must be the window's to send.
  'transfer:zip': [{ field: 'localPaths', purpose: 'send' }],
  'keys:import': [{ field: 'source.path', purpose: 'read' }],
  'sites:preview': [{ field: 'path', purpose: 'read' }],
  'sites:import': [
    { field: 'path', purpose: 'read' },
    { field: 'knownHostsPath', purpose: 'read' },
  ],
  'keys:export-private': [{ field: 'path', purpose: 'save' }],
  'keys:export-public': [{ field: 'path', purpose: 'save' }],
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

/** A path the main side itself hands the window in a call's result, granted as it does. */
export interface ProposedPath {
  readonly purpose: PathPurpose
  readonly reach: GrantReach
  readonly path: string
}

type Proposer = (value: unknown) => readonly ProposedPath[]

const fieldOf = (value: unknown, key: string): unknown =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined
const asPath = (value: unknown): string[] => (typeof value === 'string' ? [value] : [])

/**
 * Results that propose local paths: the usual settings files site import offers to read, the
 * pickup folder offered (remembered, or Documents/Mailroom/…), and the archive transfer:zip
 * made from files the window could send. The person sees them and goes on with them; a typed
 * path in their place would need a grant of its own.
 */
const PROPOSALS: Partial<Record<CallName, Proposer>> = {
  'app:info': (value) => {
    const usual = fieldOf(value, 'usualPaths')
    return ['winscp', 'filezilla', 'openssh', 'knownHosts'].flatMap((source) =>
      asPath(fieldOf(usual, source)).map((path) => ({ purpose: 'read', reach: 'file', path })),
    )
  },
  'settings:get': (value) =>
    asPath(fieldOf(value, 'pickupFolder')).map((path) => ({
      purpose: 'pickup',
      reach: 'tree',
      path,
    })),
  'pickup:folder': (value) =>
    asPath(fieldOf(value, 'folder')).map((path) => ({ purpose: 'pickup', reach: 'tree', path })),
  'transfer:zip': (value) =>
    asPath(value).map((path) => ({ purpose: 'send', reach: 'file', path })),
}

/** The local paths a call's result proposes to the window. */
export function proposedPathsOf(name: CallName, value: unknown): readonly ProposedPath[] {
  return PROPOSALS[name]?.(value) ?? []
}

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

const REFUSALS: Record<PathPurpose, (path: string) => string> = {
  send: (path) =>
    `Mailroom can only send files you dropped on it or chose to send since it started, and ${path} is not one of them. Nothing was sent: drop the file (or choose it) again.`,
  read: (path) =>
    `Mailroom can only read files you chose with Browse… or dropped on it since it started, and ${path} is not one of them. Nothing was read: choose the file with Browse… instead of typing its path.`,
  save: (path) =>
    `Mailroom can only save to files you chose in its Save dialog since it started, and ${path} is not one of them. Nothing was saved: choose where to save with Browse… instead of typing the path.`,
  pickup: (path) =>
    `Mailroom can only pick up into the folder it proposed or one you chose with Choose… since it started, and ${path} is not one of them. Nothing was done: choose the folder with Choose… instead of typing it.`,
}

/**
 * The refusal for the first local path of the call that the window was not given for its
 * purpose, or undefined when it was given every one. One path not given refuses the whole
 * call: nothing half-done.
 */
export function refuseUngrantedPaths(
  name: CallName,
  input: unknown,
  covers: (purpose: PathPurpose, path: string) => boolean,
): ApiError | undefined {
  const ungranted = localPathsOf(name, input).find(({ purpose, path }) => !covers(purpose, path))
  if (ungranted === undefined) return undefined
  return {
    kind: 'permission-denied',
    message: REFUSALS[ungranted.purpose](JSON.stringify(ungranted.path)),
  }
}

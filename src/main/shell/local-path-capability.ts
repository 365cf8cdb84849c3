import type { CallName } from '../../shared/api-contract'
import type { ApiError } from '../../shared/errors'
import { localPathsOf, type PathPurpose } from '../../shared/local-path-inputs'
import type { GrantReach } from './path-grants'

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
 * Results that propose local paths: the pickup folder offered (remembered, or
 * Documents/Mailroom/…), and the archive transfer:zip made from files the window could send.
 * The person sees them and goes on with them; a typed path in their place would need a grant of
 * its own. The settings files site import offers to read (app:info's usualPaths) are no grant:
 * they are read once the person confirms them in a dialog of the main side
 * (site-import-consent.ts), so a page cannot reach every server in ~/.ssh/config by itself.
 */
const PROPOSALS: Partial<Record<CallName, Proposer>> = {
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

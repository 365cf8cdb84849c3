import type { ApiError, ErrorKind } from '../shared/errors'

/** The command's exit codes, as docs/automation.md documents them for schedulers and scripts. */
export const EXIT = {
  ok: 0,
  someFailed: 1,
  usage: 2,
  hostKey: 3,
  cannotConnect: 4,
  pickupRunning: 5,
} as const
export type ExitCode = (typeof EXIT)[keyof typeof EXIT]

/** An expected end of a command: what to tell the person and which code to exit with. */
export class CliFailure extends Error {
  override readonly name = 'CliFailure'

  constructor(
    readonly exitCode: ExitCode,
    message: string,
    readonly kind: ErrorKind | 'usage' | 'pickup-running' = 'usage',
    readonly detail?: Readonly<Record<string, string>>,
  ) {
    super(message)
  }

  static usage(message: string): CliFailure {
    return new CliFailure(EXIT.usage, message, 'usage')
  }
}

const HOST_KEY: ReadonlySet<ErrorKind> = new Set(['host-key-changed', 'host-key-rejected'])
// Connecting or logging in did not work: the network, the server, the key or the keychain.
const CANNOT_CONNECT: ReadonlySet<ErrorKind> = new Set([
  'auth-failed',
  'connection-failed',
  'connection-lost',
  'timeout',
  'not-connected',
  'throttled',
  'bad-key',
  'passphrase-needed',
  'bad-passphrase',
  'password-needed',
  'keychain-unavailable',
])

/** The exit code for a failed call, by its error kind; `connecting` when the call was session:open. */
export function exitCodeFor(error: ApiError, connecting = false): ExitCode {
  if (HOST_KEY.has(error.kind)) return EXIT.hostKey
  if (CANNOT_CONNECT.has(error.kind)) return EXIT.cannotConnect
  if (connecting && error.kind !== 'invalid-input' && error.kind !== 'not-found')
    return EXIT.cannotConnect
  return error.kind === 'invalid-input' || error.kind === 'not-found' ? EXIT.usage : EXIT.someFailed
}

/** A failed call as a CliFailure with the app's own message. */
export function failureOf(error: ApiError, connecting = false): CliFailure {
  return new CliFailure(exitCodeFor(error, connecting), error.message, error.kind, error.detail)
}

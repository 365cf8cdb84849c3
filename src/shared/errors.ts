import { z } from 'zod'

/**
 * The small set of expected failures a person can meet. Core translates every library error
 * into one of these in one place (core/errors.ts); the renderer maps a kind to words and a
 * next step. Bugs are not listed here: they surface as `internal`.
 */
export const errorKind = z.enum([
  'invalid-input',
  'not-supported',
  'bad-key',
  'passphrase-needed',
  'bad-passphrase',
  /** The profile's password is asked at every connect (or none is stored yet): give it. */
  'password-needed',
  'auth-failed',
  'host-key-rejected',
  'host-key-changed',
  'connection-failed',
  'connection-lost',
  'timeout',
  'not-connected',
  'not-found',
  'permission-denied',
  'already-exists',
  'verify-failed',
  'local-io',
  'disk-full',
  'cancelled',
  /** Stopped part way by a crash, a kill or a power cut, as the next connection found it. */
  'interrupted',
  'throttled',
  'keychain-unavailable',
  'internal',
])
export type ErrorKind = z.infer<typeof errorKind>

export const apiError = z.object({
  kind: errorKind,
  message: z.string(),
  /** Structured facts for dialogs, e.g. the stored and offered fingerprints of a changed host key. */
  detail: z.record(z.string(), z.string()).optional(),
})
export type ApiError = z.infer<typeof apiError>

/** What every call returns: Electron passes only a thrown error's message, so errors travel as data. */
export type Result<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ApiError }

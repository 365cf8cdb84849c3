import type { ApiError, ErrorKind } from '../../shared/errors'

/**
 * An expected failure: something a person can meet and act on (wrong key, folder missing,
 * connection lost). Its message names the operation, the path and the host; it is shown as is.
 */
export class MailroomError extends Error {
  override readonly name = 'MailroomError'

  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly detail?: Readonly<Record<string, string>>,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }

  toApiError(): ApiError {
    return this.detail
      ? { kind: this.kind, message: this.message, detail: { ...this.detail } }
      : { kind: this.kind, message: this.message }
  }
}

/** Anything thrown, as the data the UI receives. Unexpected errors are bugs: say so plainly. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof MailroomError) return error.toApiError()
  return {
    kind: 'internal',
    message: `Unexpected error: ${error instanceof Error ? error.message : String(error)}`,
  }
}

// SFTP status codes (draft-ietf-secsh-filexfer-02, section 7) that mean something to a person.
const SFTP_NO_SUCH_FILE = 2
const SFTP_PERMISSION_DENIED = 3
const SFTP_NO_CONNECTION = 6
const SFTP_CONNECTION_LOST = 7
const SFTP_OP_UNSUPPORTED = 8

/** Where an SFTP failure happened, for the message: "Could not list input on sftp.example.com". */
export interface OperationContext {
  readonly operation: string
  readonly path?: string
  readonly host: string
}

/**
 * Translates an error from ssh2's SFTP layer (which carries the status in `code`) or from the
 * connection (which carries `level`) into a MailroomError that says what to do.
 */
export function translateSftpError(error: unknown, context: OperationContext): MailroomError {
  if (error instanceof MailroomError) return error
  const where =
    context.path === undefined ? `on ${context.host}` : `${quote(context.path)} on ${context.host}`
  const what = `Could not ${context.operation} ${where}`
  const code = (error as { code?: unknown } | null)?.code
  const reason = error instanceof Error ? error.message : String(error)
  switch (code) {
    case SFTP_NO_SUCH_FILE:
      return new MailroomError('not-found', `${what}: it does not exist (any more).`, undefined, {
        cause: error,
      })
    case SFTP_PERMISSION_DENIED:
      return new MailroomError(
        'permission-denied',
        `${what}: the server denied permission.`,
        undefined,
        {
          cause: error,
        },
      )
    case SFTP_NO_CONNECTION:
    case SFTP_CONNECTION_LOST:
      return connectionLost(context.host, error)
    case SFTP_OP_UNSUPPORTED:
      return new MailroomError(
        'not-supported',
        `${what}: the server does not support this operation.`,
        undefined,
        {
          cause: error,
        },
      )
  }
  if (/no response|not connected|channel|closed|ECONNRESET|EPIPE/i.test(reason))
    return connectionLost(context.host, error)
  return new MailroomError('internal', `${what}: ${reason}`, undefined, { cause: error })
}

export function connectionLost(host: string, cause?: unknown): MailroomError {
  return new MailroomError(
    'connection-lost',
    `The connection to ${host} was lost. Connect again; nothing already sent or picked up is affected.`,
    undefined,
    { cause },
  )
}

/** Translates a failure to connect or log in (ssh2 marks these with `level`). */
export function translateConnectError(error: unknown, host: string, port: number): MailroomError {
  if (error instanceof MailroomError) return error
  const level = (error as { level?: unknown } | null)?.level
  const code = (error as { code?: unknown } | null)?.code
  const reason = error instanceof Error ? error.message : String(error)
  const server = `${host} port ${port}`
  if (level === 'client-authentication') {
    return new MailroomError(
      'auth-failed',
      `${server} did not accept the key. Check the user name, and that the provider has installed this key's public half for it.`,
      undefined,
      { cause: error },
    )
  }
  if (level === 'client-timeout' || code === 'ETIMEDOUT') {
    return new MailroomError(
      'timeout',
      `${server} did not answer in time. Check the host name and port, and your network.`,
      undefined,
      {
        cause: error,
      },
    )
  }
  if (code === 'ECONNREFUSED') {
    return new MailroomError(
      'connection-failed',
      `${server} refused the connection. Check the port, or ask the provider whether the server is up.`,
      undefined,
      {
        cause: error,
      },
    )
  }
  if (/before handshake/i.test(reason)) {
    // The server hung up before its SSH greeting: throttles and OpenSSH's MaxStartups do that.
    return new MailroomError(
      'connection-failed',
      `${server} closed the connection before greeting. Gateways do this to an address that opens too many connections (AS2 Gateway allows 20 a minute and 20 at once): wait a minute and connect again. If it goes on, check the port.`,
      undefined,
      { cause: error },
    )
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new MailroomError(
      'connection-failed',
      `The server name ${host} could not be found. Check its spelling.`,
      undefined,
      {
        cause: error,
      },
    )
  }
  return new MailroomError(
    'connection-failed',
    `Could not connect to ${server}: ${reason}`,
    undefined,
    { cause: error },
  )
}

function quote(path: string): string {
  return path === '' ? 'the login folder' : JSON.stringify(path)
}

/** Translates a failure of the local file system (full disk, no permission) during `operation`. */
export function translateLocalError(
  error: unknown,
  operation: string,
  path: string,
): MailroomError {
  if (error instanceof MailroomError) return error
  const code = (error as { code?: unknown } | null)?.code
  const what = `Could not ${operation} ${JSON.stringify(path)} on this computer`
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new MailroomError(
        'disk-full',
        `${what}: the disk is full. Free some space and try again; nothing was deleted on the server.`,
        undefined,
        {
          cause: error,
        },
      )
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new MailroomError(
        'permission-denied',
        `${what}: permission denied. Choose another folder.`,
        undefined,
        { cause: error },
      )
    case 'ENOENT':
    case 'ENOTDIR':
      return new MailroomError('not-found', `${what}: it does not exist.`, undefined, {
        cause: error,
      })
    case 'EEXIST':
      return new MailroomError(
        'already-exists',
        `${what}: a file of that name is already there. Nothing was replaced.`,
        undefined,
        { cause: error },
      )
    case 'EISDIR':
      return new MailroomError('invalid-input', `${what}: it is a folder, not a file.`, undefined, {
        cause: error,
      })
  }
  const reason = error instanceof Error ? error.message : String(error)
  return new MailroomError('local-io', `${what}: ${reason}`, undefined, { cause: error })
}

/** Why an OpenPGP file was kept encrypted, as the journal and the UI record it. */
export type OpenPgpFailure =
  | 'no-key'
  | 'passphrase-needed'
  | 'bad-passphrase'
  | 'damaged'
  | 'no-integrity'
  | 'too-large'
  | 'not-verified'
  | 'not-a-message'

/** A MailroomError that says why an OpenPGP file could not be decrypted, in `detail.pgp`. */
export function openPgpFailure(
  kind: ErrorKind,
  reason: OpenPgpFailure,
  message: string,
  cause?: unknown,
): MailroomError {
  return new MailroomError(kind, message, { pgp: reason }, { cause })
}

/**
 * Translates what openpgp.js throws while reading or decrypting `file` (it throws plain Errors
 * whose messages are its only contract) into why the file was kept encrypted.
 */
export function translateOpenPgpError(error: unknown, file: string): MailroomError {
  if (error instanceof MailroomError) return error
  const reason = error instanceof Error ? error.message : String(error)
  const what = `${JSON.stringify(file)} was kept encrypted`
  if (/not authenticated|missing MDC|unauthenticated/i.test(reason))
    return openPgpFailure(
      'verify-failed',
      'no-integrity',
      `${what}: it has no integrity protection (no MDC), so a change to it could not be detected. Ask the partner to encrypt with a current OpenPGP program.`,
      error,
    )
  if (/decompressed message size/i.test(reason))
    return openPgpFailure(
      'disk-full',
      'too-large',
      `${what}: it inflates to more than the free disk space allows when decompressed (a compression bomb, or too little space).`,
      error,
    )
  if (/Session key decryption failed/i.test(reason))
    return openPgpFailure(
      'bad-key',
      'no-key',
      `${what}: none of Mailroom's secret keys could open it.`,
      error,
    )
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code))
    return translateLocalError(error, 'decrypt', file)
  return openPgpFailure(
    'verify-failed',
    'damaged',
    `${what}: it is damaged or was changed on the way (${reason}).`,
    error,
  )
}

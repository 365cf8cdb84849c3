import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  connectionLost,
  MailroomError,
  toApiError,
  translateConnectError,
  translateLocalError,
  translateSftpError,
  translateOpenPgpError,
} from '../../../src/main/core/errors'

/** An error as ssh2 or Node hands it over: a message and the fields errors.ts reads. */
const failure = (message: string, fields: { code?: unknown; level?: unknown }) =>
  Object.assign(new Error(message), fields)

describe('MailroomError and toApiError', () => {
  it('gives the UI its kind, message and a copy of its detail', () => {
    const detail = { keyId: 'key-0001' }
    const error = new MailroomError('already-exists', 'This key is already stored.', detail)
    const api = toApiError(error)
    expect(api).toEqual({
      kind: 'already-exists',
      message: 'This key is already stored.',
      detail: { keyId: 'key-0001' },
    })
    expect(api.detail).not.toBe(detail)
    expect(toApiError(new MailroomError('not-found', 'Gone.'))).toStrictEqual({
      kind: 'not-found',
      message: 'Gone.',
    })
    expect(error.name).toBe('MailroomError')
  })

  it('calls anything else a bug, in plain words', () => {
    expect(toApiError(new TypeError('x is undefined'))).toEqual({
      kind: 'internal',
      message: 'Unexpected error: x is undefined',
    })
    expect(toApiError('thrown text')).toEqual({
      kind: 'internal',
      message: 'Unexpected error: thrown text',
    })
  })
})

describe('translateSftpError', () => {
  const context = { operation: 'list', path: 'input', host: 'sftp.example.com' }

  it.each([
    [2, 'not-found', 'Could not list "input" on sftp.example.com: it does not exist (any more).'],
    [
      3,
      'permission-denied',
      'Could not list "input" on sftp.example.com: the server denied permission.',
    ],
    [
      8,
      'not-supported',
      'Could not list "input" on sftp.example.com: the server does not support this operation.',
    ],
  ] as const)(
    'turns SFTP status %i into %s, naming the operation, path and host',
    (code, kind, message) => {
      const cause = failure('No such file', { code })
      const error = translateSftpError(cause, context)
      expect(error).toMatchObject({ kind, message })
      expect(error.cause).toBe(cause)
    },
  )

  it.each([6, 7])('turns SFTP status %i into a lost connection', (code) => {
    expect(translateSftpError(failure('x', { code }), context)).toMatchObject({
      kind: 'connection-lost',
      message:
        'The connection to sftp.example.com was lost. Connect again; nothing already sent or picked up is affected.',
    })
  })

  it.each([
    'No response from server',
    'Not connected',
    'Channel closed',
    'read ECONNRESET',
    'write EPIPE',
  ])('reads "%s" without a status as a lost connection', (message) => {
    expect(translateSftpError(new Error(message), context).kind).toBe('connection-lost')
  })

  it('names the login folder, or only the host when there is no path', () => {
    expect(translateSftpError(failure('x', { code: 2 }), { ...context, path: '' }).message).toMatch(
      /^Could not list the login folder on sftp\.example\.com:/,
    )
    expect(
      translateSftpError(failure('x', { code: 3 }), { operation: 'connect', host: 'h' }).message,
    ).toBe('Could not connect on h: the server denied permission.')
  })

  it('keeps any other reason, as a bug, and leaves a MailroomError as it is', () => {
    expect(translateSftpError(new Error('Failure'), context)).toMatchObject({
      kind: 'internal',
      message: 'Could not list "input" on sftp.example.com: Failure',
    })
    expect(translateSftpError(42, context).message).toBe(
      'Could not list "input" on sftp.example.com: 42',
    )
    const already = new MailroomError('cancelled', 'Cancelled.')
    expect(translateSftpError(already, context)).toBe(already)
  })
})

describe('connectionLost', () => {
  it('says what to do and keeps the cause', () => {
    const cause = new Error('socket hang up')
    const error = connectionLost('h.example', cause)
    expect(error.kind).toBe('connection-lost')
    expect(error.message).toContain('The connection to h.example was lost.')
    expect(error.cause).toBe(cause)
  })
})

describe('translateConnectError', () => {
  const translate = (error: unknown) => translateConnectError(error, 'sftp.example.com', 9193)

  it('says the key was not accepted when login fails', () => {
    expect(
      translate(
        failure('All configured authentication methods failed', { level: 'client-authentication' }),
      ),
    ).toMatchObject({
      kind: 'auth-failed',
      message:
        "sftp.example.com port 9193 did not accept the key. Check the user name, and that the provider has installed this key's public half for it.",
    })
  })

  it.each([
    [{ level: 'client-timeout' }, 'Timed out while waiting for handshake'],
    [{ code: 'ETIMEDOUT' }, 'connect ETIMEDOUT'],
  ])('says the server did not answer in time (%o)', (fields, message) => {
    expect(translate(failure(message, fields))).toMatchObject({
      kind: 'timeout',
      message:
        'sftp.example.com port 9193 did not answer in time. Check the host name and port, and your network.',
    })
  })

  it('says the connection was refused', () => {
    expect(translate(failure('connect ECONNREFUSED', { code: 'ECONNREFUSED' }))).toMatchObject({
      kind: 'connection-failed',
      message:
        'sftp.example.com port 9193 refused the connection. Check the port, or ask the provider whether the server is up.',
    })
  })

  it('explains a hang-up before the greeting as a gateway throttle', () => {
    const error = translate(failure('Connection lost before handshake', { level: 'client-socket' }))
    expect(error.kind).toBe('connection-failed')
    expect(error.message).toMatch(
      /^sftp\.example\.com port 9193 closed the connection before greeting\. .*wait a minute and connect again/,
    )
  })

  it.each(['ENOTFOUND', 'EAI_AGAIN'])('says the name could not be found (%s)', (code) => {
    expect(translate(failure(`getaddrinfo ${code}`, { code }))).toMatchObject({
      kind: 'connection-failed',
      message: 'The server name sftp.example.com could not be found. Check its spelling.',
    })
  })

  it('keeps any other reason, and leaves a MailroomError as it is', () => {
    expect(translate(new Error('Unsupported algorithm'))).toMatchObject({
      kind: 'connection-failed',
      message: 'Could not connect to sftp.example.com port 9193: Unsupported algorithm',
    })
    const already = new MailroomError('host-key-rejected', 'Not trusted.')
    expect(translate(already)).toBe(already)
  })
})

describe('translateLocalError', () => {
  const translate = (code: string) =>
    translateLocalError(failure(`${code}: it failed`, { code }), 'save', '/in/a.xml')

  it.each([
    [
      'ENOSPC',
      'disk-full',
      'the disk is full. Free some space and try again; nothing was deleted on the server.',
    ],
    [
      'EDQUOT',
      'disk-full',
      'the disk is full. Free some space and try again; nothing was deleted on the server.',
    ],
    ['EACCES', 'permission-denied', 'permission denied. Choose another folder.'],
    ['EPERM', 'permission-denied', 'permission denied. Choose another folder.'],
    ['EROFS', 'permission-denied', 'permission denied. Choose another folder.'],
    ['ENOENT', 'not-found', 'it does not exist.'],
    ['ENOTDIR', 'not-found', 'it does not exist.'],
    ['EEXIST', 'already-exists', 'a file of that name is already there. Nothing was replaced.'],
    ['EISDIR', 'invalid-input', 'it is a folder, not a file.'],
    ['EIO', 'local-io', 'EIO: it failed'],
  ] as const)('turns %s into %s', (code, kind, reason) => {
    expect(translate(code)).toMatchObject({
      kind,
      message: `Could not save "/in/a.xml" on this computer: ${reason}`,
    })
  })

  it('translates what Node really throws, and leaves a MailroomError as it is', async () => {
    const missing = join(tmpdir(), `mailroom-no-such-file-${process.pid}`)
    const error = await readFile(missing).catch((cause: unknown) =>
      translateLocalError(cause, 'read', missing),
    )
    expect(error).toMatchObject({
      kind: 'not-found',
      message: `Could not read ${JSON.stringify(missing)} on this computer: it does not exist.`,
    })
    const already = new MailroomError('cancelled', 'Cancelled.')
    expect(translateLocalError(already, 'read', missing)).toBe(already)
  })
})

describe('translateOpenPgpError', () => {
  it("turns openpgp.js's messages into why the file was kept encrypted", () => {
    const cases = [
      ['Error decrypting message: Message is not authenticated.', 'verify-failed', 'no-integrity'],
      ['Maximum decompressed message size exceeded', 'disk-full', 'too-large'],
      ['Error decrypting message: Session key decryption failed.', 'bad-key', 'no-key'],
      ['Modification detected.', 'verify-failed', 'damaged'],
      [
        'Error during parsing. This message / key probably does not conform',
        'verify-failed',
        'damaged',
      ],
    ] as const
    for (const [message, kind, reason] of cases) {
      const error = translateOpenPgpError(new Error(message), 'invoice.xml.pgp')
      expect(error).toMatchObject({ kind, detail: { pgp: reason } })
      expect(error.message).toContain('"invoice.xml.pgp" was kept encrypted')
    }
  })

  it('leaves a MailroomError as it is and a file system error to translateLocalError', () => {
    const own = new MailroomError('bad-passphrase', 'Wrong passphrase.')
    expect(translateOpenPgpError(own, 'a.pgp')).toBe(own)
    const full = Object.assign(new Error('no space'), { code: 'ENOSPC' })
    expect(translateOpenPgpError(full, 'a.pgp')).toMatchObject({ kind: 'disk-full' })
  })
})

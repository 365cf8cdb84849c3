import { execFileSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { SFTPWrapper } from 'ssh2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { remotePath } from '../../src/shared/remote-path'
import { MailroomError } from '../../src/main/core/errors'
import { loadPrivateKey } from '../../src/main/core/keys/load-private-key'
import { silentLogger } from '../../src/main/core/logging/logger'
import { openSftpSession } from '../../src/main/core/sftp/open-session'
import type { SftpSession } from '../../src/main/core/sftp/sftp-session'
import { startSshd, type TestSshd } from '../fixtures/sshd-server'
import { sshKeygenFingerprint } from '../fixtures/key-files'
import { keyLogin } from '../fixtures/key-login'
import { downloadFile } from '../../src/main/core/transfer/engine/download-file'
import { uploadFile } from '../../src/main/core/transfer/engine/upload-file'

const path = (text: string) => remotePath.parse(text)

describe('SFTP session against OpenSSH sshd', () => {
  let server: TestSshd
  let session: SftpSession
  let local: string
  let offeredFingerprint = ''

  beforeAll(async () => {
    server = await startSshd()
    local = mkdtempSync(join(tmpdir(), 'mailroom-local-'))
    session = await openSftpSession({
      host: server.host,
      port: server.port,
      username: server.username,
      ...keyLogin(await loadPrivateKey(server.clientKeyPath)),
      logger: silentLogger,
      verifyHostKey: async (key) => {
        offeredFingerprint = key.fingerprint
        return true
      },
    })
  })

  afterAll(async () => {
    session?.close()
    await server?.stop()
    rmSync(local, { recursive: true, force: true })
  })

  it('reports the host key fingerprint exactly as ssh-keygen -lf prints it', () => {
    const printed = sshKeygenFingerprint(server.hostKeyPublicPath)
    expect(offeredFingerprint).toBe(printed)
    expect(session.hostKey).toEqual({ type: 'ssh-ed25519', fingerprint: printed })
  })

  it('lists the gateway folders of the login folder', async () => {
    const names = (await session.list(path(''))).map((entry) => `${entry.kind}:${entry.name}`)
    expect(names).toEqual(
      expect.arrayContaining([
        'directory:input',
        'directory:pickup',
        'directory:as2gateway',
        'directory:AS2',
      ]),
    )
    const partner = await session.list(path('as2gateway/RJ_ONE/DemoAS2'))
    expect(partner.map((entry) => entry.name).sort()).toEqual(['failed', 'inbox', 'outbox', 'test'])
  })

  it('uploads a file byte for byte, with progress up to the full size', async () => {
    const content = randomBytes(3 * 1024 * 1024 + 17)
    const source = join(local, 'upload.bin')
    writeFileSync(source, content)
    const progress: number[] = []
    const sent = await uploadFile(session, source, path('input/upload.bin'), {
      onProgress: (done) => progress.push(done),
    })
    expect(sent).toBe(content.length)
    expect(readFileSync(join(server.jail, 'input/upload.bin')).equals(content)).toBe(true)
    expect(progress.at(-1)).toBe(content.length)
    expect(progress.length).toBeGreaterThan(3)
  })

  it('downloads a file byte for byte and refuses to overwrite a local file', async () => {
    const content = randomBytes(5 * 1024 * 1024 + 3)
    server.writeFile('pickup/report.bin', content)
    const target = join(local, 'report.bin')
    const received = await downloadFile(session, path('pickup/report.bin'), target)
    expect(received).toMatchObject({
      size: content.length,
      sha256: createHash('sha256').update(content).digest('hex'),
      after: { kind: 'file', size: content.length },
    })
    expect(readFileSync(target).equals(content)).toBe(true)
    // Given the listed size, the reads start without an FSTAT; the hash is the same.
    const again = await downloadFile(
      session,
      path('pickup/report.bin'),
      join(local, 'report-listed.bin'),
      {
        listedSize: content.length,
      },
    )
    expect(again.sha256).toBe(received.sha256)
    expect(readFileSync(join(local, 'report-listed.bin')).equals(content)).toBe(true)
    await expect(downloadFile(session, path('pickup/report.bin'), target)).rejects.toMatchObject({
      kind: 'already-exists',
    })
  })

  it("sends a file's FSTAT right behind its reads, so the check after them costs no round trip", async () => {
    const content = randomBytes(40 * 1024)
    server.writeFile('pickup/pipelined.edi', content)
    // Test-only: the SFTP channel the session keeps to itself, watched for what goes out when.
    const sftp = (session as unknown as { sftp: SFTPWrapper }).sftp
    const order: string[] = []
    const { read, fstat, stat } = sftp
    sftp.read = ((...args: Parameters<SFTPWrapper['read']>) => {
      order.push('read sent')
      const done = args[5]
      args[5] = (...result) => {
        order.push('read answered')
        done(...result)
      }
      return read.apply(sftp, args)
    }) as SFTPWrapper['read']
    sftp.fstat = ((...args: Parameters<SFTPWrapper['fstat']>) => {
      order.push('fstat sent')
      return fstat.apply(sftp, args)
    }) as SFTPWrapper['fstat']
    sftp.stat = ((...args: Parameters<SFTPWrapper['stat']>) => {
      order.push('stat sent')
      return stat.apply(sftp, args)
    }) as SFTPWrapper['stat']
    try {
      const received = await downloadFile(
        session,
        path('pickup/pipelined.edi'),
        join(local, 'pipelined.edi'),
        {
          listedSize: content.length,
        },
      )
      expect(received.after).toMatchObject({ kind: 'file', size: content.length })
      expect(received.sha256).toBe(createHash('sha256').update(content).digest('hex'))
      expect(order.indexOf('fstat sent')).toBeGreaterThan(order.lastIndexOf('read sent'))
      expect(order.indexOf('fstat sent')).toBeLessThan(order.indexOf('read answered'))
      expect(order).not.toContain('stat sent')
    } finally {
      Object.assign(sftp, { read, fstat, stat })
    }
  })

  it('stats, renames, deletes and removes folders', async () => {
    server.writeFile('pickup/old-name.txt', 'hello')
    expect(await session.stat(path('pickup/old-name.txt'))).toMatchObject({ kind: 'file', size: 5 })
    await session.rename(path('pickup/old-name.txt'), path('pickup/new-name.txt'))
    expect(existsSync(join(server.jail, 'pickup/new-name.txt'))).toBe(true)
    await session.remove(path('pickup/new-name.txt'))
    expect(existsSync(join(server.jail, 'pickup/new-name.txt'))).toBe(false)
    await session.mkdir(path('pickup/message-1'))
    await session.rmdir(path('pickup/message-1'))
    expect(existsSync(join(server.jail, 'pickup/message-1'))).toBe(false)
  })

  it('names the path and the host when a file is missing', async () => {
    const failure = await session.stat(path('pickup/not-here.txt')).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(MailroomError)
    expect(failure).toMatchObject({ kind: 'not-found' })
    expect((failure as Error).message).toContain('"pickup/not-here.txt" on 127.0.0.1')
  })

  it('cancels an upload through its signal', async () => {
    const source = join(local, 'big.bin')
    writeFileSync(source, randomBytes(20 * 1024 * 1024))
    const controller = new AbortController()
    const upload = uploadFile(session, source, path('input/big.bin'), {
      signal: controller.signal,
      onProgress: (done) => done > 1024 * 1024 && controller.abort(),
    })
    await expect(upload).rejects.toMatchObject({ kind: 'cancelled' })
  })

  it('refuses a key the server does not know, with a clear error', async () => {
    const otherKey = join(local, 'other_key')
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', otherKey])
    const attempt = openSftpSession({
      host: server.host,
      port: server.port,
      username: server.username,
      ...keyLogin(await loadPrivateKey(otherKey)),
      logger: silentLogger,
      verifyHostKey: async () => true,
    })
    await expect(attempt).rejects.toMatchObject({ kind: 'auth-failed' })
    await expect(attempt).rejects.toThrow(/did not accept the key/)
  })

  it('disconnects before logging in when the host key is not trusted', async () => {
    let asked = 0
    const attempt = openSftpSession({
      host: server.host,
      port: server.port,
      username: server.username,
      ...keyLogin(await loadPrivateKey(server.clientKeyPath)),
      logger: silentLogger,
      verifyHostKey: async () => {
        asked += 1
        return false
      },
    })
    await expect(attempt).rejects.toMatchObject({ kind: 'host-key-rejected' })
    expect(asked).toBe(1)
    // sshd logs an accepted key only after authentication; a refused host key sends none.
    expect(server.acceptedLogins()).toBe(1)
  })
})

import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ssh2 from 'ssh2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateEd25519KeyFile } from '../../src/main/core/keys/generate-key'
import { parsePrivateKey } from '../../src/main/core/keys/load-private-key'
import { silentLogger } from '../../src/main/core/logging/logger'
import { openSftpSession } from '../../src/main/core/sftp/open-session'
import { MOST_REQUEST_BYTES } from '../../src/main/core/sftp/server-limits'
import { uploadFile } from '../../src/main/core/transfer/engine/upload-file'
import { remotePath } from '../../src/shared/remote-path'
import { keyLogin } from '../fixtures/key-login'

// SFTP packet types (draft-ietf-secsh-filexfer-02).
const INIT = 1
const VERSION = 2
const OPEN = 3
const CLOSE = 4
const WRITE = 6
const FSTAT = 8
const STAT = 17
const STATUS = 101
const HANDLE = 102
const ATTRS = 105
const EXTENDED = 200
const EXTENDED_REPLY = 201

const sftpString = (value: string | Buffer) => {
  const bytes = typeof value === 'string' ? Buffer.from(value) : value
  const length = Buffer.alloc(4)
  length.writeUInt32BE(bytes.length)
  return Buffer.concat([length, bytes])
}
const uint32 = (value: number) => {
  const bytes = Buffer.alloc(4)
  bytes.writeUInt32BE(value)
  return bytes
}
const uint64 = (value: bigint) => {
  const bytes = Buffer.alloc(8)
  bytes.writeBigUInt64BE(value)
  return bytes
}
const packet = (type: number, body: Buffer) =>
  Buffer.concat([uint32(body.length + 1), Buffer.from([type]), body])

/**
 * An SFTP server speaking the protocol by hand, because neither sshd nor ssh2's server can be
 * made to lie: it offers limits@openssh.com and then states absurd limits (2^40 bytes a request,
 * 2^40 open files), as a hostile or broken server may. It takes writes and counts their sizes.
 */
function absurdSftp(channel: ssh2.ServerChannel, writes: number[]): void {
  let buffered = Buffer.alloc(0)
  let size = 0
  const reply = (type: number, body: Buffer) => channel.write(packet(type, body))
  const ok = (id: number) =>
    reply(STATUS, Buffer.concat([uint32(id), uint32(0), sftpString('OK'), sftpString('')]))
  const attrs = (id: number) =>
    // flags: size only.
    reply(ATTRS, Buffer.concat([uint32(id), uint32(1), uint64(BigInt(size))]))
  channel.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk])
    while (buffered.length >= 4 && buffered.length >= 4 + buffered.readUInt32BE(0)) {
      const length = buffered.readUInt32BE(0)
      const body = buffered.subarray(4, 4 + length)
      buffered = buffered.subarray(4 + length)
      const type = body[0]
      if (type === INIT) {
        reply(
          VERSION,
          Buffer.concat([uint32(3), sftpString('limits@openssh.com'), sftpString('1')]),
        )
        continue
      }
      const id = body.readUInt32BE(1)
      if (type === EXTENDED) {
        const huge = 2n ** 40n
        reply(
          EXTENDED_REPLY,
          Buffer.concat([uint32(id), uint64(huge), uint64(huge), uint64(huge), uint64(huge)]),
        )
      } else if (type === OPEN) reply(HANDLE, Buffer.concat([uint32(id), sftpString('h1')]))
      else if (type === WRITE) {
        // id, handle (string), offset (uint64), data (string)
        const handleLength = body.readUInt32BE(5)
        const offset = 9 + handleLength
        const position = Number(body.readBigUInt64BE(offset))
        const dataLength = body.readUInt32BE(offset + 8)
        writes.push(dataLength)
        size = Math.max(size, position + dataLength)
        ok(id)
      } else if (type === FSTAT || type === STAT) attrs(id)
      else if (type === CLOSE) ok(id)
      else
        reply(
          STATUS,
          Buffer.concat([uint32(id), uint32(8), sftpString('unsupported'), sftpString('')]),
        )
    }
  })
}

describe('a server stating absurd limits (limits@openssh.com)', () => {
  let server: ssh2.Server
  let port = 0
  let local = ''
  const writes: number[] = []
  const connections: ssh2.Connection[] = []

  beforeAll(async () => {
    local = mkdtempSync(join(tmpdir(), 'mailroom-limits-'))
    server = new ssh2.Server(
      { hostKeys: [generateEd25519KeyFile('absurd server').privateKey] },
      (client) => {
        connections.push(client)
        client.on('authentication', (context) => context.accept())
        client.on('session', (accept) =>
          accept().on('subsystem', (acceptSubsystem) => absurdSftp(acceptSubsystem(), writes)),
        )
        client.on('error', () => undefined)
      },
    )
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    port = (server.address() as AddressInfo).port
  })
  afterAll(async () => {
    for (const connection of connections) connection.end()
    await new Promise((resolve) => server.close(resolve))
    rmSync(local, { recursive: true, force: true })
  })

  it('is held to sane bounds: requests of at most 256 KiB, and an upload goes through', async () => {
    const session = await openSftpSession({
      host: '127.0.0.1',
      port,
      username: 'someone',
      ...keyLogin(
        parsePrivateKey(Buffer.from(generateEd25519KeyFile('client').privateKey), 'client key'),
      ),
      logger: silentLogger,
      verifyHostKey: async () => true,
    })
    try {
      expect(session.limits.writeBytes).toBe(MOST_REQUEST_BYTES)
      expect(session.limits.readBytes).toBeLessThanOrEqual(MOST_REQUEST_BYTES)
      expect(session.limits.openHandles).toBeLessThanOrEqual(100_000)
      const source = join(local, 'upload.bin')
      const content = randomBytes(3 * 1024 * 1024 + 5)
      writeFileSync(source, content)
      const rssBefore = process.memoryUsage().rss
      expect(await uploadFile(session, source, remotePath.parse('in/upload.bin'))).toBe(
        content.length,
      )
      expect(writes.reduce((sum, length) => sum + length, 0)).toBe(content.length)
      expect(Math.max(...writes)).toBe(MOST_REQUEST_BYTES)
      // Buffers of a few MiB, not of the file's size times the server's word.
      expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * 1024 * 1024)
    } finally {
      session.close()
    }
  })
})

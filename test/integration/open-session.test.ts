import type { AddressInfo } from 'node:net'
import ssh2 from 'ssh2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateEd25519KeyFile } from '../../src/main/core/keys/generate-key'
import { parsePrivateKey } from '../../src/main/core/keys/load-private-key'
import { silentLogger } from '../../src/main/core/logging/logger'
import { openSftpSession } from '../../src/main/core/sftp/open-session'
import { keyLogin } from '../fixtures/key-login'

/**
 * A server that accepts any key and then never answers the request to start SFTP: OpenSSH
 * cannot be made to do that, an ssh2 server can.
 */
describe('openSftpSession against a server that never starts SFTP', () => {
  let server: ssh2.Server
  let port = 0
  const connections: ssh2.Connection[] = []

  beforeAll(async () => {
    server = new ssh2.Server(
      { hostKeys: [generateEd25519KeyFile('silent server').privateKey] },
      (client) => {
        connections.push(client)
        client.on('authentication', (context) => context.accept())
        client.on('session', (accept) => accept().on('subsystem', () => undefined))
        client.on('error', () => undefined)
      },
    )
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    port = (server.address() as AddressInfo).port
  })
  afterAll(async () => {
    for (const connection of connections) connection.end()
    await new Promise((resolve) => server.close(resolve))
  })

  it('gives up after the timeout with a message saying the login worked', async () => {
    const started = Date.now()
    await expect(
      openSftpSession({
        host: '127.0.0.1',
        port,
        username: 'someone',
        ...keyLogin(
          parsePrivateKey(Buffer.from(generateEd25519KeyFile('client').privateKey), 'client key'),
        ),
        logger: silentLogger,
        verifyHostKey: async () => true,
        readyTimeoutMs: 1_000,
      }),
    ).rejects.toMatchObject({
      kind: 'timeout',
      message: expect.stringMatching(/accepted the login but did not start SFTP within 1 s/),
    })
    expect(Date.now() - started).toBeLessThan(10_000)
  })
})

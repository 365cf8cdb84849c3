import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ssh2 from 'ssh2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateEd25519KeyFile } from '../../src/main/core/keys/generate-key'
import { parsePrivateKey } from '../../src/main/core/keys/load-private-key'
import { silentLogger } from '../../src/main/core/logging/logger'
import { discoverMailboxes } from '../../src/main/core/mailbox/discover-mailboxes'
import { openSftpSession } from '../../src/main/core/sftp/open-session'
import type { SftpSession } from '../../src/main/core/sftp/sftp-session'
import { DEMO_USERS, startDemoGateway, type DemoGateway } from '../../src/demo/demo-gateway'
import { startFileServer } from '../../src/demo/sftp-file-server'
import { remotePath } from '../../src/shared/remote-path'
import { keyLogin } from '../fixtures/key-login'
import { uploadFile } from '../../src/main/core/transfer/engine/upload-file'

/** The demo gateway behaves like the three gateways, against Mailroom's own core. */
describe('demo gateway', () => {
  let gateway: DemoGateway
  let dir: string
  const key = generateEd25519KeyFile('demo test')
  const sessions: SftpSession[] = []
  const path = (text: string) => remotePath.parse(text)
  const connect = async (user: keyof typeof DEMO_USERS, on: DemoGateway | number = gateway) => {
    const session = await openSftpSession({
      host: '127.0.0.1',
      port: typeof on === 'number' ? on : on.portOf(user),
      username: DEMO_USERS[user],
      ...keyLogin(parsePrivateKey(Buffer.from(key.privateKey), 'demo key')),
      logger: silentLogger,
      verifyHostKey: async () => true,
    })
    sessions.push(session)
    return session
  }
  const local = (name: string, content: string) => {
    const file = join(dir, name)
    writeFileSync(file, content)
    return file
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mailroom-demo-'))
    gateway = await startDemoGateway({
      dataDir: join(dir, 'gateway'),
      takeAfterMs: 50,
      messageQuietMs: 300,
      arrivalEveryMs: 3_600_000,
      failEvery: 3,
    })
    for (const username of Object.values(DEMO_USERS)) gateway.authorize(username, key.publicKey)
  })
  afterAll(async () => {
    for (const session of sessions) session.close()
    await gateway?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('has each gateway layout, with files waiting, and never shows keystore or tmp', async () => {
    const as2 = await discoverMailboxes(await connect('as2'), {
      preset: 'as2-gateway',
      name: 'AS2',
      sendFolders: [],
      receiveFolders: [],
    })
    expect(as2.groups.map((group) => `${group.partner}${group.test ? ' (test)' : ''}`)).toEqual([
      'BigRetailer',
      'BigRetailer (test)',
      'DemoAS2',
    ])
    const mft = await discoverMailboxes(await connect('mft'), {
      preset: 'mft-gateway',
      name: 'MFT',
      sendFolders: [],
      receiveFolders: [],
    })
    expect(mft.groups.map((group) => group.partner)).toEqual([
      'AcmeWholesale',
      'NordicRetail',
      'MDNs',
    ])
    expect(JSON.stringify(mft)).not.toMatch(/keystore|AS2\/tmp/)
    const amili = await discoverMailboxes(await connect('amili'), {
      preset: 'amili',
      name: 'Amili',
      sendFolders: [],
      receiveFolders: [],
    })
    const waiting = [as2, mft, amili]
      .flatMap((layout) => layout.groups.flatMap((group) => group.mailboxes))
      .reduce(
        (sum, mailbox) => sum + (mailbox.role === 'receive' ? (mailbox.fileCount ?? 0) : 0),
        0,
      )
    expect(waiting).toBe(5)
    // AS2 Gateway's three inbox layouts: a folder per message, prefixed names, plain names.
    const partner = join(dir, 'gateway/as2/as2gateway/RJ_ONE')
    expect(readdirSync(join(partner, 'DemoAS2/inbox'))[0]).toMatch(/^\d{17}-\d+$/)
    expect(readdirSync(join(partner, 'BigRetailer/inbox'))[0]).toMatch(
      /^\d{17}-\d+-DESADV-\d+\.edi$/,
    )
    expect(readdirSync(join(partner, 'BigRetailer/test/inbox'))[0]).toMatch(/^INVRPT-\d+\.edi$/)
  })

  it('logs in with keys only', async () => {
    const other = generateEd25519KeyFile('other')
    await expect(
      openSftpSession({
        host: '127.0.0.1',
        port: gateway.as2Port,
        username: DEMO_USERS.as2,
        ...keyLogin(parsePrivateKey(Buffer.from(other.privateKey), 'other')),
        logger: silentLogger,
        verifyHostKey: async () => true,
      }),
    ).rejects.toMatchObject({ kind: 'auth-failed' })
  })

  it('MFT Gateway: refuses SETSTAT, takes direct uploads (renames are ignored), and sets aside a name sent within 6 hours', async () => {
    const session = await connect('mft')
    await uploadFile(
      session,
      local('ORDERS-1.edi', 'one'),
      path('AS2/send/MAILROOM_DEMO/AcmeWholesale/ORDERS-1.edi'),
    )
    await uploadFile(
      session,
      local('staged.edi', 'staged'),
      path('AS2/send/MAILROOM_DEMO/AcmeWholesale/.staged.part'),
    )
    await session.rename(
      path('AS2/send/MAILROOM_DEMO/AcmeWholesale/.staged.part'),
      path('AS2/send/MAILROOM_DEMO/AcmeWholesale/RENAMED.edi'),
    )
    await new Promise((resolve) => setTimeout(resolve, 100))
    await gateway.tick()
    const root = join(dir, 'gateway/mft/AS2')
    expect(readdirSync(join(root, 'files/MAILROOM_DEMO/AcmeWholesale/outbox'))).toEqual([
      'ORDERS-1.edi',
    ])
    expect(readdirSync(join(root, 'send/MAILROOM_DEMO/AcmeWholesale'))).toEqual(['RENAMED.edi'])
    expect(readdirSync(join(root, 'raw-mdn/outgoing'))).toEqual(['ORDERS-1.edi.mdn'])

    await uploadFile(
      session,
      local('ORDERS-1.edi', 'again'),
      path('AS2/send/MAILROOM_DEMO/AcmeWholesale/ORDERS-1.edi'),
    )
    await new Promise((resolve) => setTimeout(resolve, 100))
    await gateway.tick()
    expect(
      readFileSync(join(root, 'duplicate/MAILROOM_DEMO/AcmeWholesale/ORDERS-1.edi'), 'utf8'),
    ).toBe('again')

    const raw = new ssh2.Client()
    await new Promise<void>((resolve, reject) => {
      raw.on('ready', () => resolve()).on('error', reject)
      raw.connect({
        host: '127.0.0.1',
        port: gateway.port,
        username: DEMO_USERS.mft,
        privateKey: key.privateKey,
      })
    })
    const sftp = await new Promise<ssh2.SFTPWrapper>((resolve, reject) =>
      raw.sftp((error, channel) => (error ? reject(error) : resolve(channel))),
    )
    const chmod = await new Promise<Error | undefined>((resolve) =>
      sftp.chmod('AS2/send/MAILROOM_DEMO/AcmeWholesale/RENAMED.edi', 0o600, (error) =>
        resolve(error ?? undefined),
      ),
    )
    raw.end()
    expect((chmod as { code?: number } | undefined)?.code).toBe(3)
    expect(gateway.requests.filter((line) => line.includes('SETSTAT'))).toHaveLength(1)
  })

  it('AS2 Gateway: takes outbox files, puts every third in failed/ with a reason, and sends a message folder once it is quiet', async () => {
    const session = await connect('as2')
    const outbox = 'as2gateway/RJ_ONE/DemoAS2/outbox'
    for (const name of ['a.xml', 'b.xml', 'c.xml'])
      await uploadFile(session, local(name, name), path(`${outbox}/${name}`))
    await session.mkdir(path(`${outbox}/20261123000000-abc123`))
    await uploadFile(
      session,
      local('part1.pdf', 'part'),
      path(`${outbox}/20261123000000-abc123/part1.pdf`),
    )
    await new Promise((resolve) => setTimeout(resolve, 100))
    await gateway.tick()
    const root = join(dir, 'gateway/as2/as2gateway/RJ_ONE/DemoAS2')
    expect(readdirSync(join(root, 'outbox'))).toEqual(['20261123000000-abc123'])
    expect(readdirSync(join(root, 'failed')).sort()).toEqual(['c.xml', 'c.xml.reason.txt'])
    expect(readFileSync(join(root, 'failed/c.xml.reason.txt'), 'utf8')).toMatch(
      /could not be enqueued/,
    )
    await new Promise((resolve) => setTimeout(resolve, 350))
    await gateway.tick()
    expect(existsSync(join(root, 'outbox/20261123000000-abc123'))).toBe(false)
  })

  it('Amili: takes what lands in input/', async () => {
    const session = await connect('amili')
    await uploadFile(session, local('claims.csv', 'x'), path('input/claims.csv'))
    await new Promise((resolve) => setTimeout(resolve, 100))
    await gateway.tick()
    expect(readdirSync(join(dir, 'gateway/amili/input'))).toEqual([])
  })

  it('takes hidden files from a send folder too, as the real gateways may, and says what it took', async () => {
    // Neither AS2 Gateway's guide nor Amili's excepts a dot-file: a client's temporary file in
    // the outbox or in input/ is taken and sent like any other.
    const amili = await connect('amili')
    const as2 = await connect('as2')
    const outbox = 'as2gateway/RJ_ONE/BigRetailer/outbox'
    await uploadFile(amili, local('.claims.tmp', 'half'), path('input/.claims.csv.1.mailroom-part'))
    await uploadFile(
      as2,
      local('.order.tmp', 'part of'),
      path(`${outbox}/.order.xml.2.mailroom-part`),
    )
    // Beside the outbox is not the outbox: nothing there is taken.
    await uploadFile(as2, local('.beside.tmp', 'x'), path('as2gateway/RJ_ONE/BigRetailer/.beside'))
    const before = gateway.taken.length
    await new Promise((resolve) => setTimeout(resolve, 100))
    await gateway.tick()
    expect(readdirSync(join(dir, 'gateway/amili/input'))).toEqual([])
    expect(readdirSync(join(dir, 'gateway/as2', outbox))).toEqual([])
    expect(readdirSync(join(dir, 'gateway/as2/as2gateway/RJ_ONE/BigRetailer'))).toContain('.beside')
    expect(gateway.taken.slice(before)).toEqual(
      expect.arrayContaining([
        {
          user: 'amili',
          path: 'input/.claims.csv.1.mailroom-part',
          files: [{ name: '.claims.csv.1.mailroom-part', size: 4 }],
          failed: false,
        },
        {
          user: 'as2',
          path: `${outbox}/.order.xml.2.mailroom-part`,
          files: [{ name: '.order.xml.2.mailroom-part', size: 7 }],
          failed: expect.any(Boolean),
        },
      ]),
    )
  })

  it('lists a folder of thousands of real files in replies a client accepts', async () => {
    // One reply of 3,000 long names is about 400 KiB, over ssh2's 256 KiB packet limit: the
    // client dropped the connection before replies were split.
    const folder = join(dir, 'gateway/amili/pickup/many')
    mkdirSync(folder)
    const names = Array.from(
      { length: 3_000 },
      (_, index) =>
        `20261123080000-${String(index).padStart(5, '0')}-INVOICE-${'x'.repeat(60)}.xml`,
    )
    for (const name of names) writeFileSync(join(folder, name), 'x')
    const listed = await (await connect('amili')).list(path('pickup/many'))
    expect(listed.map((entry) => entry.name).sort()).toEqual(names)
  })

  it('AS2 Gateway: its account logs in on its own port only', async () => {
    expect(gateway.as2Port).not.toBe(gateway.port)
    await expect(connect('as2', gateway.port)).rejects.toMatchObject({ kind: 'auth-failed' })
    await expect(connect('mft', gateway.as2Port)).rejects.toMatchObject({ kind: 'auth-failed' })
    const session = await connect('as2', gateway.as2Port)
    expect(
      (await session.list(path('as2gateway/RJ_ONE'))).map((entry) => entry.name).sort(),
    ).toEqual(['BigRetailer', 'DemoAS2'])
  })

  it('AS2 Gateway: refuses the 21st new connection within a minute, before the SSH greeting, with advice', async () => {
    // A gateway of its own, so no other test's connections count toward this minute.
    const fresh = await startDemoGateway({
      dataDir: join(dir, 'throttled'),
      arrivalEveryMs: 3_600_000,
    })
    for (const username of Object.values(DEMO_USERS)) fresh.authorize(username, key.publicKey)
    try {
      let made = 0
      let refused: unknown
      while (!refused && made < 25) {
        try {
          ;(await connect('as2', fresh)).close()
          made += 1
        } catch (error) {
          refused = error
        }
      }
      expect(made).toBe(20)
      expect(refused).toMatchObject({
        kind: 'connection-failed',
        message: expect.stringMatching(/closed the connection before greeting.*20 a minute/),
      })
      // The Amili and MFT Gateway port has no such limit.
      ;(await connect('mft', fresh)).close()
    } finally {
      await fresh.stop()
    }
  })

  it('refuses a connection over the limit of connections open at once, and admits one when another closes', async () => {
    const server = await startFileServer(
      [
        {
          username: DEMO_USERS.as2,
          root: join(dir, 'gateway/as2'),
          authorizedKeys: () => [key.publicKey],
          refuseSetstat: false,
        },
      ],
      {},
      { connectionLimit: { perMinute: 1_000, atOnce: 20 } },
    )
    try {
      const open = await Promise.all(Array.from({ length: 20 }, () => connect('as2', server.port)))
      await expect(connect('as2', server.port)).rejects.toMatchObject({
        kind: 'connection-failed',
      })
      open.pop()?.close()
      await new Promise((resolve) => setTimeout(resolve, 200))
      open.push(await connect('as2', server.port))
      expect(open).toHaveLength(20)
      for (const session of open) session.close()
    } finally {
      await server.stop()
    }
  })
})

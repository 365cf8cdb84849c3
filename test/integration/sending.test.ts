import { createHash, randomBytes } from 'node:crypto'
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Mailroom } from '../../src/main/core/app/create-mailroom'
import type { Profile, Transfer } from '../../src/shared/domain'
import { trustingMailroom, valueOf } from '../fixtures/connected-mailroom'
import { startSshd, type TestSshd } from '../fixtures/sshd-server'

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex')

/**
 * Sending per gateway against sshd, with sftp-server's own request log to prove what was sent:
 * direct puts with no SETSTAT, temp-and-rename that never shows a half-written final name, AS2
 * Gateway messages, and MFT Gateway duplicates.
 */
describe('sending by upload strategy and gateway rules', () => {
  let server: TestSshd
  let local: string
  let app: Mailroom

  const done = async (ids: readonly string[]): Promise<Transfer[]> => {
    for (let attempt = 0; attempt < 600; attempt += 1) {
      const all = valueOf<Transfer[]>(await app.dispatch('transfer:list', {})).filter((transfer) =>
        ids.includes(transfer.id),
      )
      if (all.length === ids.length && all.every((transfer) => transfer.finishedAt !== undefined))
        return ids.map((id) => all.find((transfer) => transfer.id === id) as Transfer)
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
    throw new Error('transfers did not finish')
  }
  const connect = async (preset: Exclude<Profile['preset'], 'amili'>) => {
    const key = valueOf<{ id: string }>(
      await app.dispatch('keys:import', {
        source: { kind: 'path', path: server.clientKeyPath },
        rememberPassphrase: false,
      }),
    )
    const profile = valueOf<Profile>(
      await app.dispatch('profiles:save', {
        profile: {
          name: preset,
          preset,
          group: '',
          host: server.host,
          port: server.port,
          username: server.username,
          keyId: key.id,
        },
      }),
    )
    valueOf(await app.dispatch('session:open', { profileId: profile.id }))
    return profile
  }
  const file = (name: string, bytes: number | Buffer) => {
    const path = join(local, name)
    writeFileSync(path, typeof bytes === 'number' ? randomBytes(bytes) : bytes)
    return path
  }

  beforeAll(async () => {
    server = await startSshd({ requestLog: true })
  })
  afterAll(async () => {
    await server?.stop()
  })
  const setup = () => {
    local = mkdtempSync(join(tmpdir(), 'mailroom-send-'))
    app = trustingMailroom(join(local, '.data'))
  }
  afterEach(async () => {
    await app.shutdown()
    rmSync(local, { recursive: true, force: true })
  })

  it('MFT Gateway: straight to the final name, with no SETSTAT, size checked', async () => {
    setup()
    const profile = await connect('mft-gateway')
    const path = file('ORDERS-1.edi', 300_000)
    const [transfer] = await done(
      valueOf<string[]>(
        await app.dispatch('transfer:send', {
          profileId: profile.id,
          remoteFolder: 'AS2/send/RJ_ONE/DemoMFT',
          localPaths: [path],
        }),
      ),
    )
    expect(transfer?.state).toBe('done')
    expect(
      readFileSync(join(server.jail, 'AS2/send/RJ_ONE/DemoMFT/ORDERS-1.edi')).equals(
        readFileSync(path),
      ),
    ).toBe(true)
    const log = server.requestLog()
    expect(log).toMatch(
      /open "AS2\/send\/RJ_ONE\/DemoMFT\/ORDERS-1\.edi" flags WRITE,CREATE,TRUNCATE/,
    )
    expect(log).not.toMatch(/setstat|fsetstat|^set "/m)
    expect(log).not.toMatch(/rename/)
  })

  it('Generic: a hidden temporary name, then one rename; the final name never appears half-written', async () => {
    setup()
    const profile = await connect('generic')
    const path = file('big-report.csv', 24 * 1024 * 1024)
    const finalPath = join(server.jail, 'input/big-report.csv')
    const ids = valueOf<string[]>(
      await app.dispatch('transfer:send', {
        profileId: profile.id,
        remoteFolder: 'input',
        localPaths: [path],
      }),
    )
    const seenSizes: number[] = []
    let tempSeen = false
    let finished = false
    const waiting = done(ids).then((result) => {
      finished = true
      return result
    })
    while (!finished) {
      if (existsSync(finalPath)) seenSizes.push(statSync(finalPath).size)
      tempSeen ||= readdirSync(join(server.jail, 'input')).some(
        (name) => name.startsWith('.big-report.csv.') && name.endsWith('.mailroom-part'),
      )
      await new Promise((resolve) => setTimeout(resolve, 1))
    }
    const [transfer] = await waiting
    expect(transfer?.state).toBe('done')
    expect(seenSizes.every((size) => size === 24 * 1024 * 1024)).toBe(true)
    expect(tempSeen).toBe(true)
    expect(readdirSync(join(server.jail, 'input'))).toEqual(['big-report.csv'])
    expect(server.requestLog()).toMatch(
      /posix-rename "input\/\.big-report\.csv\.[0-9a-f]+\.mailroom-part" -> "input\/big-report\.csv"|rename old "input\/\.big-report/,
    )
    expect(server.requestLog()).not.toMatch(/setstat|^set "/m)
  })

  it('a connection cut mid-upload: the upload starts again once reconnected, and only the complete file ever gets the final name', async () => {
    setup()
    const profile = await connect('generic')
    const path = file('cut.bin', 64 * 1024 * 1024)
    const ids = valueOf<string[]>(
      await app.dispatch('transfer:send', {
        profileId: profile.id,
        remoteFolder: 'input',
        localPaths: [path],
      }),
    )
    for (let attempt = 0; attempt < 400; attempt += 1) {
      const [transfer] = valueOf<Transfer[]>(await app.dispatch('transfer:list', {})).filter(
        (item) => item.id === ids[0],
      )
      if ((transfer?.transferredBytes ?? 0) > 2 * 1024 * 1024) break
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    server.dropConnections()
    expect(existsSync(join(server.jail, 'input/cut.bin'))).toBe(false)
    const [transfer] = await done(ids)
    expect(transfer?.error?.message ?? transfer?.state).toBe('done')
    // The cut attempt's temporary file went; the final name holds the whole file, once.
    expect(readdirSync(join(server.jail, 'input')).filter((name) => name.includes('cut'))).toEqual([
      'cut.bin',
    ])
    expect(sha256(readFileSync(join(server.jail, 'input/cut.bin')))).toBe(
      sha256(readFileSync(path)),
    )
  })

  it('AS2 Gateway: several files as one message in a new folder, back to back; limits refused before uploading', async () => {
    setup()
    const profile = await connect('as2-gateway')
    const outbox = 'as2gateway/RJ_ONE/DemoAS2/outbox'
    const paths = ['a.xml', 'b.xml', 'c.pdf'].map((name) => file(name, 200_000))
    const transfers = await done(
      valueOf<string[]>(
        await app.dispatch('transfer:send', {
          profileId: profile.id,
          remoteFolder: outbox,
          localPaths: paths,
          asMessage: true,
        }),
      ),
    )
    expect(transfers.map((transfer) => transfer.state)).toEqual(['done', 'done', 'done'])
    const folders = readdirSync(join(server.jail, outbox))
    expect(folders).toHaveLength(1)
    expect(folders[0]).toMatch(/^\d{14}-[0-9a-f]{6}$/)
    const inside = join(server.jail, outbox, folders[0] ?? '')
    expect(readdirSync(inside).sort()).toEqual(['a.xml', 'b.xml', 'c.pdf'])
    const times = transfers.map((transfer) => [transfer.startedAt, transfer.finishedAt ?? 0])
    for (let index = 1; index < times.length; index += 1)
      expect((times[index]?.[1] ?? 0) - (times[index - 1]?.[1] ?? 0)).toBeLessThan(120_000)

    const eleven = Array.from({ length: 11 }, (_, index) => file(`part-${index}.txt`, 10))
    expect(
      await app.dispatch('transfer:send', {
        profileId: profile.id,
        remoteFolder: outbox,
        localPaths: eleven,
        asMessage: true,
      }),
    ).toMatchObject({ ok: false, error: { message: expect.stringMatching(/at most 10 files/) } })
    const large = [file('large-1.bin', 6_000_000), file('large-2.bin', 6_000_000)]
    expect(
      await app.dispatch('transfer:send', {
        profileId: profile.id,
        remoteFolder: outbox,
        localPaths: large,
        asMessage: true,
      }),
    ).toMatchObject({ ok: false, error: { message: expect.stringMatching(/at most 10 MB/) } })
    expect(readdirSync(join(server.jail, outbox))).toHaveLength(1)
  })

  it('MFT Gateway duplicates: warned within 6 hours with a suggested name, and sending with that name works', async () => {
    setup()
    const profile = await connect('mft-gateway')
    const folder = 'AS2/send/RJ_ONE/OtherMFT'
    const path = file('INVOICE.xml', 100)
    await done(
      valueOf<string[]>(
        await app.dispatch('transfer:send', {
          profileId: profile.id,
          remoteFolder: folder,
          localPaths: [path],
        }),
      ),
    )
    rmSync(join(server.jail, folder, 'INVOICE.xml'))
    const recent = valueOf<Array<{ name: string; suggestion: string }>>(
      await app.dispatch('transfer:check-duplicates', {
        profileId: profile.id,
        remoteFolder: folder,
        names: ['INVOICE.xml', 'OTHER.xml'],
      }),
    )
    expect(recent).toEqual([
      {
        name: 'INVOICE.xml',
        sentAt: expect.any(Number),
        suggestion: expect.stringMatching(/^INVOICE-\d{8}-\d{6}\.xml$/),
      },
    ])
    expect(
      valueOf<unknown[]>(
        await app.dispatch('transfer:check-duplicates', {
          profileId: profile.id,
          remoteFolder: 'AS2/send/RJ_ONE/DemoMFT',
          names: ['INVOICE.xml'],
        }),
      ),
    ).toEqual([])
    const renamed = recent[0]?.suggestion ?? ''
    await done(
      valueOf<string[]>(
        await app.dispatch('transfer:send', {
          profileId: profile.id,
          remoteFolder: folder,
          localPaths: [path],
          remoteNames: [renamed],
        }),
      ),
    )
    expect(existsSync(join(server.jail, folder, renamed))).toBe(true)
  })

  it('zips several files into one archive on request', async () => {
    setup()
    const archive = valueOf<string>(
      await app.dispatch('transfer:zip', {
        localPaths: [file('one.txt', Buffer.from('one')), file('two.txt', Buffer.from('two'))],
        archiveName: 'orders.zip',
      }),
    )
    const bytes = readFileSync(archive)
    expect(bytes.subarray(0, 2).toString()).toBe('PK')
    expect(bytes.includes(Buffer.from('one.txt'))).toBe(true)
    expect(bytes.includes(Buffer.from('two.txt'))).toBe(true)
  })

  it('MFT Gateway inbox: picked up, kept on the server by default (its storage expires files), and not fetched twice', async () => {
    setup()
    const profile = await connect('mft-gateway')
    const old = new Date(Date.now() - 10 * 60_000)
    const remote = server.writeFile(
      'AS2/files/RJ_ONE/DemoMFT/inbox/20261123101010-7/despatch.xml',
      '<d/>',
    )
    utimesSync(remote, old, old)
    const folder = join(local, 'mft-in')
    const first = valueOf<{ transferIds: string[] }>(
      await app.dispatch('transfer:pickup', {
        profileId: profile.id,
        mailboxPath: 'AS2/files/RJ_ONE/DemoMFT/inbox',
        localFolder: folder,
      }),
    )
    expect((await done(first.transferIds)).map((transfer) => transfer.state)).toEqual(['done'])
    expect(readFileSync(join(folder, 'despatch.xml'), 'utf8')).toBe('<d/>')
    expect(existsSync(remote)).toBe(true)
    const second = valueOf<{ transferIds: string[]; alreadyPickedUp: number }>(
      await app.dispatch('transfer:pickup', {
        profileId: profile.id,
        mailboxPath: 'AS2/files/RJ_ONE/DemoMFT/inbox',
        localFolder: folder,
      }),
    )
    expect(second).toMatchObject({ transferIds: [], alreadyPickedUp: 1 })
    const history = valueOf<Array<{ serverCopy: string; remotePath: string }>>(
      await app.dispatch('pickup:history', {}),
    )
    expect(history).toEqual([
      expect.objectContaining({
        remotePath: 'AS2/files/RJ_ONE/DemoMFT/inbox/20261123101010-7/despatch.xml',
        serverCopy: 'kept',
      }),
    ])
    rmSync(join(server.jail, 'AS2/files/RJ_ONE/DemoMFT/inbox/20261123101010-7'), {
      recursive: true,
    })
  })
})

import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { createServer, type Server, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_USERS, startDemoGateway, type DemoGateway } from '../../src/demo/demo-gateway'
import { ProfileLocks } from '../../src/main/core/locks/profile-locks'
import type { ProfileId } from '../../src/shared/domain'
import { mailroomOnDataFolder, valueOf } from '../fixtures/connected-mailroom'
import { ed25519KeyFile, startSshd, type TestSshd } from '../fixtures/sshd-server'

/**
 * The `mailroom` command as a scheduler runs it: a process of its own (plain Node with tsx),
 * the real keychain (under scripts/with-keychain.sh), a data folder and HOME of its own,
 * against OpenSSH's sshd.
 */
const ROOT = join(import.meta.dirname, '..', '..')
const MAIN = join(ROOT, 'src', 'cli', 'main.ts')

interface Run {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
}

let sshd: TestSshd
let scratch: string
let dataDir: string
let home: string

function start(args: readonly string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', MAIN, '--data-dir', dataDir, ...args], {
    cwd: ROOT,
    env: { ...process.env, HOME: home, MAILROOM_DATA_DIR: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

function finished(child: ChildProcess): Promise<Run> {
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  return new Promise((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  )
}

const mailroom = (args: readonly string[], env: Record<string, string> = {}) =>
  finished(start(args, env))

/** A run that must end with `code`; when it does not, the failure shows the command and its output. */
async function mailroomExits(
  code: number,
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<Run> {
  const run = await mailroom(args, env)
  expect(run.code, `mailroom ${args.join(' ')}\n${run.stdout}${run.stderr}`).toBe(code)
  return run
}

/** A --json run that must succeed with nothing on stderr: its document. */
async function mailroomJson<T = Record<string, unknown>>(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<T> {
  const run = await mailroomExits(0, args, env)
  expect(run.stderr).toBe('')
  return json<T>(run)
}

/** The --json document of a run (it must be the whole of stdout). */
function json<T = Record<string, unknown>>(run: Run): T {
  try {
    return JSON.parse(run.stdout) as T
  } catch {
    throw new Error(`Not one JSON document:\n${run.stdout}\nstderr:\n${run.stderr}`)
  }
}

const fingerprintOf = (publicKeyPath: string) =>
  execFileSync('ssh-keygen', ['-lf', publicKeyPath], { encoding: 'utf8' }).split(' ')[1] ?? ''

const HOURS_AGO = (hours: number) => new Date(Date.now() - hours * 3_600_000)

/** Writes a file into the server's jail with an mtime `hours` ago. */
function serverFile(path: string, content: string | Buffer, hours: number): string {
  const full = sshd.writeFile(path, content)
  if (hours !== 0) utimesSync(full, HOURS_AGO(hours), HOURS_AGO(hours))
  return full
}

interface PickupDocument {
  ok: boolean
  exitCode: number
  pickedUp: number
  failed: number
  mailboxes: Array<{
    mailbox: string
    tooYoung: number
    recovered: number
    files: Array<{ name: string; localPath: string; state: string }>
  }>
}

beforeAll(async () => {
  sshd = await startSshd()
  scratch = mkdtempSync(join(tmpdir(), 'mailroom-cli-'))
  dataDir = join(scratch, 'data')
  home = join(scratch, 'home')
  mkdirSync(home)
})

afterAll(async () => {
  await sshd?.stop()
  rmSync(scratch, { recursive: true, force: true })
})

describe('mailroom command', () => {
  it('adds a profile as the Profile dialog does, with its checks and messages', async () => {
    const refused = await mailroomExits(2, [
      'profile',
      'add',
      '--name',
      'Amili wrong',
      '--preset',
      'amili',
      '--host',
      sshd.host,
      '--user',
      'not-digits',
      '--key',
      sshd.clientKeyPath,
    ])
    expect(refused.stderr).toContain('A creditor number has digits only')

    const added = await mailroomJson([
      '--json',
      'profile',
      'add',
      '--name',
      'Test',
      '--preset',
      'generic',
      '--host',
      sshd.host,
      '--port',
      String(sshd.port),
      '--user',
      sshd.username,
      '--key',
      sshd.clientKeyPath,
      '--receive',
      'pickup',
      '--send',
      'input',
    ])
    expect(added).toMatchObject({ ok: true, profile: { name: 'Test', port: sshd.port } })

    const listed = await mailroomJson<{ profiles: Array<Record<string, unknown>> }>([
      'profiles',
      '--json',
    ])
    expect(listed.profiles).toEqual([
      expect.objectContaining({
        name: 'Test',
        preset: 'generic',
        host: sshd.host,
        user: sshd.username,
        keyFingerprint: fingerprintOf(`${sshd.clientKeyPath}.pub`),
      }),
    ])
    // The key went into the keychain's care: the data folder holds it only encrypted.
    const keyFiles = readdirSync(join(dataDir, 'keys'))
    expect(keyFiles.length).toBe(1)
    const stored = readFileSync(join(dataDir, 'keys', keyFiles[0] ?? ''))
    expect(stored.toString('latin1')).not.toContain('OPENSSH PRIVATE KEY')
  })

  it('never trusts an unknown host key on its own: exit 3 with the fingerprint', async () => {
    serverFile('pickup/waiting.txt', 'waiting', 2)
    const run = await mailroomExits(3, [
      'pickup',
      '--profile',
      'Test',
      '--to',
      join(scratch, 'early'),
    ])
    expect(run.stderr).toContain(fingerprintOf(sshd.hostKeyPublicPath))
    expect(run.stderr).toContain('mailroom trust --profile "Test"')
    expect(existsSync(join(sshd.jail, 'pickup', 'waiting.txt'))).toBe(true)
    expect(existsSync(join(scratch, 'early', 'waiting.txt'))).toBe(false)
  })

  it('trusts only the fingerprint the server really offers', async () => {
    const wrong = await mailroomExits(3, [
      'trust',
      '--profile',
      'Test',
      '--fingerprint',
      `SHA256:${'A'.repeat(43)}`,
    ])
    expect(wrong.stderr).toContain(fingerprintOf(sshd.hostKeyPublicPath))
    await mailroomExits(2, ['trust', '--profile', 'Test', '--fingerprint', 'abc'])

    const fingerprint = fingerprintOf(sshd.hostKeyPublicPath)
    const right = await mailroomExits(0, [
      'trust',
      '--profile',
      'Test',
      '--fingerprint',
      fingerprint,
    ])
    expect(right.stderr).toBe('')
    expect(right.stdout).toContain(`Trusted ssh-ed25519 ${fingerprint}`)
    const again = await mailroomJson([
      'trust',
      '--json',
      '--profile',
      'Test',
      '--fingerprint',
      fingerprint,
    ])
    expect(again).toMatchObject({ ok: true, alreadyTrusted: true, type: 'ssh-ed25519' })
  })

  it('picks up the old files, leaves the young ones, and lists every file in --json', async () => {
    const old = ['a.csv', 'b.xml', 'c.txt'].map((name) => `pickup/${name}`)
    for (const path of old) serverFile(path, `content of ${path}`, 2)
    // Written "an hour from now" (a server clock a little ahead does that): it stays younger
    // than the profile's minute for the whole file of tests, however slowly the machine runs
    // them (at 0 it aged past the minute in a 166 s run and a later pickup took it).
    serverFile('pickup/young.txt', 'still being written', -1)
    const to = join(scratch, 'picked')
    const document = await mailroomJson<PickupDocument>([
      'pickup',
      '--json',
      '--profile',
      'Test',
      '--to',
      to,
    ])
    expect(document.ok).toBe(true)
    expect(document.pickedUp).toBe(4)
    expect(document.mailboxes).toHaveLength(1)
    expect(document.mailboxes[0]?.tooYoung).toBe(1)
    expect(
      document.mailboxes[0]?.files.map((file) => [file.name, file.state, file.localPath]).sort(),
    ).toEqual(
      ['a.csv', 'b.xml', 'c.txt', 'waiting.txt'].map((name) => [name, 'done', join(to, name)]),
    )
    for (const path of old) {
      expect(readFileSync(join(to, path.slice('pickup/'.length)), 'utf8')).toBe(
        `content of ${path}`,
      )
      expect(existsSync(join(sshd.jail, path))).toBe(false)
    }
    expect(readdirSync(join(sshd.jail, 'pickup'))).toEqual(['young.txt'])
    expect(existsSync(join(to, 'young.txt'))).toBe(false)

    // The app, opening the same data folder, shows them in its Pickup history.
    const app = mailroomOnDataFolder(dataDir)
    try {
      const entries = valueOf<Array<{ localPath: string; serverCopy: string }>>(
        await app.dispatch('pickup:history', {}),
      )
      for (const name of ['a.csv', 'b.xml', 'c.txt', 'waiting.txt'])
        expect(entries).toContainEqual(
          expect.objectContaining({ localPath: join(to, name), serverCopy: 'deleted' }),
        )
    } finally {
      await app.shutdown()
    }
  })

  it('picks up into the folder the app would, printing a line per file when not a terminal', async () => {
    serverFile('pickup/d.txt', 'd', 1)
    const run = await mailroomExits(0, ['pickup', '--profile', 'Test'])
    const folder = join(home, 'Documents', 'Mailroom', 'Test', 'pickup')
    expect(readFileSync(join(folder, 'd.txt'), 'utf8')).toBe('d')
    expect(run.stdout).toMatch(/^done {4}d\.txt .*d\.txt$/m)
    expect(run.stdout).toContain('Picked up 1 file.')
    expect(run.stdout).not.toContain('\r')
  })

  it('checks what waits without fetching anything', async () => {
    serverFile('pickup/e.bin', Buffer.alloc(1500), 5)
    const document = await mailroomJson<{ mailboxes: Array<Record<string, unknown>> }>([
      'check',
      '--json',
      '--profile',
      'Test',
    ])
    const young = readFileSync(join(sshd.jail, 'pickup', 'young.txt')).length
    expect(document.mailboxes).toEqual([
      expect.objectContaining({ mailbox: 'pickup', count: 2, bytes: 1500 + young }),
    ])
    const oldest = document.mailboxes[0]?.oldestModifiedAt as number
    expect(Math.abs(oldest - HOURS_AGO(5).getTime())).toBeLessThan(5_000)
    expect(readdirSync(join(sshd.jail, 'pickup')).sort()).toEqual(['e.bin', 'young.txt'])
    const plain = await mailroomExits(0, ['check', '--profile', 'Test'])
    expect(plain.stdout).toContain('pickup: 2 files')
  })

  it('sends files into a send mailbox, refusing a folder that is not one', async () => {
    const first = join(scratch, 'order-1.xml')
    const second = join(scratch, 'order-2.xml')
    writeFileSync(first, '<order>1</order>')
    writeFileSync(second, '<order>2</order>')
    const sent = await mailroomJson([
      'send',
      '--json',
      '--profile',
      'Test',
      '--to',
      'input',
      first,
      second,
    ])
    expect(sent).toMatchObject({ ok: true, sent: 2, failed: 0 })
    expect(readFileSync(join(sshd.jail, 'input', 'order-1.xml'), 'utf8')).toBe('<order>1</order>')
    expect(readFileSync(join(sshd.jail, 'input', 'order-2.xml'), 'utf8')).toBe('<order>2</order>')

    const elsewhere = await mailroomExits(2, ['send', '--profile', 'Test', '--to', 'pickup', first])
    expect(elsewhere.stderr).toContain('not a send mailbox')
    const missing = await mailroom([
      'send',
      '--profile',
      'Test',
      '--to',
      'input',
      join(scratch, 'nope'),
    ])
    expect(missing.code).not.toBe(0)
  })

  it('refuses a name MFT Gateway would take for a duplicate, unless told to rename it', async () => {
    const added = await mailroomExits(0, [
      'profile',
      'add',
      '--name',
      'MFT',
      '--preset',
      'mft-gateway',
      '--host',
      sshd.host,
      '--port',
      String(sshd.port),
      '--user',
      sshd.username,
      '--key',
      sshd.clientKeyPath,
    ])
    expect(added.stdout).toContain('stored already')
    const file = join(scratch, 'invoice.edi')
    writeFileSync(file, 'UNA:+.? ')
    const mailbox = 'AS2/send/RJ_ONE/DemoMFT'
    await mailroomExits(0, ['send', '--profile', 'MFT', '--to', mailbox, file])
    const again = await mailroomExits(1, [
      'send',
      '--json',
      '--profile',
      'MFT',
      '--to',
      mailbox,
      file,
    ])
    expect(json(again)).toMatchObject({
      sent: 0,
      files: [{ name: 'invoice.edi', state: 'refused' }],
    })
    await mailroomExits(0, [
      'send',
      '--profile',
      'MFT',
      '--to',
      mailbox,
      '--rename-duplicates',
      file,
    ])
    expect(readdirSync(join(sshd.jail, mailbox)).length).toBe(2)
  })

  it('cannot connect: exit 4', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as { port: number }).port
    await new Promise((resolve) => closed.close(resolve))
    await addProfile('Nowhere', port)
    const run = await mailroomExits(4, ['pickup', '--profile', 'Nowhere'])
    expect(run.stderr).toContain(`port ${port}`)
    await mailroomExits(2, ['pickup', '--profile', 'No such profile'])
    await mailroomExits(2, ['pickup', '--profile', 'Test', '--fingerprint', 'x'])
  })

  it('a second pickup of a profile while one runs exits 5; a killed one leaves no lock', async () => {
    // A server that accepts and never answers: the first pickup holds the lock while it waits.
    const sockets: Socket[] = []
    const silent: Server = createServer((socket) => sockets.push(socket))
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    const { port } = silent.address() as { port: number }
    const profileId = await addProfile('Stalled', port)
    const locks = ProfileLocks.forDataDir(dataDir, 'pickup')
    try {
      const first = start(['pickup', '--profile', 'Stalled'])
      const firstDone = finished(first)
      await until(() => locks.owner(profileId) !== undefined)
      const second = await mailroomExits(5, ['pickup', '--json', '--profile', 'Stalled'])
      expect(json(second)).toMatchObject({ ok: false, exitCode: 5 })
      expect(second.stderr).toContain(`process ${first.pid}`)
      expect(locks.tryAcquire(profileId, 'test')).toBeUndefined()
      first.kill('SIGKILL')
      expect((await firstDone).signal).toBe('SIGKILL')
      // The OS dropped the killed process's lock: the next pickup (here: the app's) takes it.
      const lock = locks.tryAcquire(profileId, 'the app')
      expect(lock).toBeDefined()
      // And while the app holds it, the command does not pick up.
      await mailroomExits(5, ['pickup', '--profile', 'Stalled'])
      lock?.release()

      // A run stuck on a server that stopped answering ends at its time limit, lock and all.
      const startedAt = Date.now()
      const limited = await mailroomExits(1, [
        'pickup',
        '--json',
        '--profile',
        'Stalled',
        '--time-limit',
        '0.05',
      ])
      expect(Date.now() - startedAt).toBeLessThan(15_000)
      expect(json(limited)).toMatchObject({ ok: false, error: { kind: 'timeout' } })
      const free = locks.tryAcquire(profileId, 'test')
      expect(free).toBeDefined()
      free?.release()
    } finally {
      for (const socket of sockets) socket.destroy()
      await new Promise((resolve) => silent.close(resolve))
    }
  })

  it('a pickup killed mid-way and run again loses nothing and fetches nothing twice', async () => {
    const count = 200
    const names = Array.from({ length: count }, (_, index) => `batch-${index}.dat`)
    for (const [index, name] of names.entries())
      serverFile(`pickup/${name}`, Buffer.alloc(256 * 1024, index), 1)
    const to = join(scratch, 'killed')
    const child = start(['pickup', '--profile', 'Test', '--to', to])
    const run = finished(child)
    let seen = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString()
      if (/^done /m.test(seen)) child.kill('SIGKILL')
    })
    expect((await run).signal).toBe('SIGKILL')
    const left = readdirSync(join(sshd.jail, 'pickup')).filter((name) => name.startsWith('batch-'))
    // Killed in the middle, or this test proves nothing.
    expect(left.length).toBeGreaterThan(0)
    expect(left.length).toBeLessThan(count)

    const document = await mailroomJson<PickupDocument>([
      'pickup',
      '--json',
      '--profile',
      'Test',
      '--to',
      to,
    ])
    const fetchedAgain = document.mailboxes[0]?.files.map((file) => file.name) ?? []
    // Only what the killed run had not saved is fetched now; nothing is saved twice.
    expect(fetchedAgain.length).toBeLessThanOrEqual(left.length)
    const saved = readdirSync(to).filter((name) => !name.startsWith('.'))
    expect(saved.sort()).toEqual([...names, 'e.bin'].sort())
    for (const [index, name] of names.entries())
      expect(readFileSync(join(to, name)).equals(Buffer.alloc(256 * 1024, index))).toBe(true)
    expect(readdirSync(join(sshd.jail, 'pickup')).sort()).toEqual(['young.txt'])
  }, 120_000)

  it('a send killed mid-way: check only reports what it left (exit 1); the next send removes it first, says so (exit 1, the facts in --json), and sends', async () => {
    // More bytes than a batch has in flight at once (48 MiB): files still wait when it is killed.
    const size = 2 * 1024 * 1024
    const names = Array.from({ length: 40 }, (_, index) => `killed-send-${index}.bin`)
    const locals = names.map((name, index) => {
      const path = join(scratch, name)
      writeFileSync(path, Buffer.alloc(size, index))
      return path
    })
    const child = start(['send', '--profile', 'Test', '--to', 'input', ...locals])
    const run = finished(child)
    let seen = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString()
      if (/^done /m.test(seen)) child.kill('SIGKILL')
    })
    expect((await run).signal).toBe('SIGKILL')
    const input = () =>
      readdirSync(join(sshd.jail, 'input')).filter((name) => name.includes('killed-send'))
    const arrived = input().filter((name) => !name.endsWith('.mailroom-part'))
    // Killed in the middle, or this test proves nothing.
    expect(arrived.length).toBeGreaterThan(0)
    expect(arrived.length).toBeLessThan(names.length)
    const before = input().sort()

    interface Recovered {
      name: string
      outcome: string
      reportOnly: boolean
      sizeSent: number
      localPaths: string[]
      summary: string
    }
    // Every file not on the server is reported not sent; one renamed into place just before the
    // kill (its "sent" not yet journaled) is reported as sent.
    const expectReported = (recovered: readonly Recovered[], reportOnly: boolean) => {
      const reported = new Map(recovered.map((send) => [send.name, send]))
      for (const name of names) {
        const send = reported.get(name)
        if (arrived.includes(name)) {
          if (send) expect(send.outcome).toBe('sent')
          continue
        }
        expect(send, `${name} reported`).toMatchObject({
          outcome: 'not-sent',
          reportOnly,
          sizeSent: size,
          localPaths: [join(scratch, name)],
        })
      }
    }
    const check = await mailroomExits(1, ['check', '--json', '--profile', 'Test'])
    const checked = json<{ recovered: Recovered[] }>(check)
    expectReported(checked.recovered, true)
    expect(check.stderr).toContain('mailroom: Interrupted send of killed-send-')
    expect(input().sort()).toEqual(before)

    const other = join(scratch, 'after-the-crash.xml')
    writeFileSync(other, '<order>after</order>')
    const sent = await mailroomExits(1, [
      'send',
      '--json',
      '--profile',
      'Test',
      '--to',
      'input',
      other,
    ])
    const document = json<{ sent: number; recovered: Recovered[] }>(sent)
    expect(document.sent).toBe(1)
    expectReported(document.recovered, false)
    expect(document.recovered.map((send) => send.name).sort()).toEqual(
      checked.recovered.map((send) => send.name).sort(),
    )
    expect(sent.stderr).toContain('To send it again: mailroom send --profile "Test" --to input')
    expect(input().filter((name) => name.endsWith('.mailroom-part'))).toEqual([])
    for (const name of arrived)
      expect(
        readFileSync(join(sshd.jail, 'input', name)).equals(
          Buffer.alloc(size, names.indexOf(name)),
        ),
      ).toBe(true)
    // Found once: the next run has nothing left to report.
    await mailroomExits(0, ['check', '--profile', 'Test'])
    for (const name of input()) rmSync(join(sshd.jail, 'input', name))
  }, 120_000)

  it('a changed host key stops it with exit 3 and both fingerprints', async () => {
    const { port } = sshd
    const trusted = fingerprintOf(sshd.hostKeyPublicPath)
    await sshd.stop()
    sshd = await startSshd({ port })
    const offered = fingerprintOf(sshd.hostKeyPublicPath)
    serverFile('pickup/after-change.txt', 'x', 1)
    const run = await mailroomExits(3, ['pickup', '--json', '--profile', 'Test'])
    const document = json<{ error: { kind: string; message: string } }>(run)
    expect(document.error.kind).toBe('host-key-changed')
    expect(document.error.message).toContain(offered)
    expect(document.error.message).toContain(trusted)
    expect(existsSync(join(sshd.jail, 'pickup', 'after-change.txt'))).toBe(true)
  })
})

describe('mailroom command against the demo gateway', () => {
  let gateway: DemoGateway
  let demoDir: string
  let savedDataDir: string

  beforeAll(async () => {
    demoDir = mkdtempSync(join(tmpdir(), 'mailroom-cli-demo-'))
    savedDataDir = dataDir
    dataDir = join(demoDir, 'app')
    gateway = await startDemoGateway({
      dataDir: join(demoDir, 'gateway'),
      arrivalEveryMs: 3_600_000,
    })
  })
  afterAll(async () => {
    dataDir = savedDataDir
    await gateway?.stop()
    rmSync(demoDir, { recursive: true, force: true })
  })

  /** Files waiting under a folder of the gateway's data, at any depth. */
  const waiting = (folder: string): string[] =>
    existsSync(folder)
      ? readdirSync(folder, { recursive: true, withFileTypes: true })
          .filter((entry) => entry.isFile())
          .map((entry) => entry.name)
      : []

  it('AS2 Gateway: a passphrase key from the environment, then every inbox and layout picked up', async () => {
    const key = join(demoDir, 'as2-key')
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'demo pass', '-C', 'as2', '-f', key])
    gateway.authorize(DEMO_USERS.as2, readFileSync(`${key}.pub`, 'utf8'))
    const added = await mailroomExits(
      0,
      [
        'profile',
        'add',
        '--name',
        'AS2',
        '--preset',
        'as2-gateway',
        '--host',
        '127.0.0.1',
        '--port',
        String(gateway.as2Port),
        '--user',
        DEMO_USERS.as2,
        '--key',
        key,
        '--passphrase-from-env',
        'AS2_KEY_PASSPHRASE',
      ],
      { AS2_KEY_PASSPHRASE: 'demo pass' },
    )
    expect(added.stderr).toBe('')
    const hostKey = join(demoDir, 'host-key.pub')
    writeFileSync(hostKey, `${gateway.hostKeyPublic}\n`)
    await mailroomExits(0, ['trust', '--profile', 'AS2', '--fingerprint', fingerprintOf(hostKey)])

    const inboxes = join(demoDir, 'gateway', 'as2', 'as2gateway')
    const before = readdirSync(inboxes, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.parentPath.includes('inbox'))
      .map((entry) => entry.name)
    expect(before.length).toBeGreaterThan(0)
    const document = await mailroomJson<PickupDocument>([
      'pickup',
      '--json',
      '--profile',
      'AS2',
      '--to',
      join(demoDir, 'as2-in'),
    ])
    const fetched = document.mailboxes.flatMap((mailbox) => mailbox.files)
    expect(fetched).toHaveLength(before.length)
    expect(fetched.every((file) => file.state === 'done' && existsSync(file.localPath))).toBe(true)
    const check = await mailroomJson<{ mailboxes: Array<{ count: number }> }>([
      'check',
      '--json',
      '--profile',
      'AS2',
    ])
    expect(check.mailboxes.reduce((sum, mailbox) => sum + mailbox.count, 0)).toBe(0)

    // Several files as one message: a new folder in the outbox; more than 10 refused whole.
    const files = Array.from({ length: 11 }, (_, index) => {
      const file = join(demoDir, `part-${index}.edi`)
      writeFileSync(file, `part ${index}`)
      return file
    })
    const outbox = 'as2gateway/RJ_ONE/DemoAS2/outbox'
    const tooMany = await mailroomExits(2, [
      'send',
      '--profile',
      'AS2',
      '--to',
      outbox,
      '--as-message',
      ...files,
    ])
    expect(tooMany.stderr).toContain('One AS2 Gateway message holds at most 10 files')
    const { files: sent } = await mailroomJson<{
      files: Array<{ remotePath: string; state: string }>
    }>(['send', '--json', '--profile', 'AS2', '--to', outbox, '--as-message', ...files.slice(0, 3)])
    expect(sent).toHaveLength(3)
    const folders = new Set(sent.map((file) => file.remotePath.split('/').slice(0, -1).join('/')))
    expect(folders.size).toBe(1)
    expect([...folders][0]).toMatch(new RegExp(`^${outbox}/[^/]+$`))
    // Six runs of the command, each a process of its own: more than the default 30 s on a
    // machine busy with other runs.
  }, 60_000)

  it('Amili: pickup and send with the gateway taking the sent file', async () => {
    const key = ed25519KeyFile(join(demoDir, 'amili-key'), 'amili')
    gateway.authorize(DEMO_USERS.amili, readFileSync(`${key}.pub`, 'utf8'))
    await mailroomExits(0, [
      'profile',
      'add',
      '--name',
      'Amili',
      '--preset',
      'amili',
      '--host',
      '127.0.0.1',
      '--port',
      String(gateway.port),
      '--user',
      DEMO_USERS.amili,
      '--key',
      key,
    ])
    await mailroomExits(3, ['check', '--profile', 'Amili'])
    const hostKey = join(demoDir, 'host-key.pub')
    await mailroomExits(0, ['trust', '--profile', 'Amili', '--fingerprint', fingerprintOf(hostKey)])
    const pickup = join(demoDir, 'gateway', 'amili', 'pickup')
    const before = waiting(pickup)
    const document = await mailroomJson<PickupDocument>(['pickup', '--json', '--profile', 'Amili'])
    const files = document.mailboxes.flatMap((mailbox) => mailbox.files)
    expect(files.map((file) => file.name).sort()).toEqual(before.sort())
    expect(waiting(pickup)).toEqual([])
    for (const file of files)
      expect(file.localPath.startsWith(join(home, 'Documents', 'Mailroom', 'Amili', 'Amili'))).toBe(
        true,
      )

    const order = join(demoDir, 'ORDER-1.xml')
    writeFileSync(order, '<order/>')
    await mailroomExits(0, ['send', '--profile', 'Amili', '--to', 'input', order])
    expect(gateway.requests.some((request) => request.includes('input/ORDER-1.xml'))).toBe(true)
  })
})

async function addProfile(name: string, port: number): Promise<ProfileId> {
  const added = await mailroomJson<{ profile: { id: ProfileId } }>([
    'profile',
    'add',
    '--json',
    '--name',
    name,
    '--preset',
    'generic',
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--user',
    sshd.username,
    '--key',
    sshd.clientKeyPath,
    '--receive',
    'pickup',
  ])
  return added.profile.id
}

async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('Timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

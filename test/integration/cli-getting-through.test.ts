import { execFileSync, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KeyInfo, Profile } from '../../src/shared/domain'
import { mailroomOnDataFolder, valueOf } from '../fixtures/connected-mailroom'
import { startMicrosocks, startTinyproxy, type TestProxy } from '../fixtures/proxy-servers'
import { ed25519KeyFile, startSshd, type TestSshd } from '../fixtures/sshd-server'

/**
 * The `mailroom` command getting through, as a scheduler runs it (a process of its own, the
 * real keychain under scripts/with-keychain.sh): profiles added with --proxy and --jump, exit
 * codes 3 (a jump host's key unknown or changed, with the exact trust line) and 4 (the proxy
 * or the jump host named with its answer), against microsocks, tinyproxy and sshd.
 */
const ROOT = join(import.meta.dirname, '..', '..')
const MAIN = join(ROOT, 'src', 'cli', 'main.ts')
const login = { username: 'alice', password: 'wonder-land' }

let target: TestSshd
let jump: TestSshd
let noForwarding: TestSshd
let socks: TestProxy
let http: TestProxy
let scratch: string
let dataDir: string
let home: string

interface Run {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

function mailroom(args: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--data-dir', dataDir, ...args], {
    cwd: ROOT,
    env: { ...process.env, HOME: home, MAILROOM_DATA_DIR: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })))
}

async function mailroomExits(
  code: number,
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<Run> {
  const run = await mailroom(args, env)
  expect(run.code, `mailroom ${args.join(' ')}\n${run.stdout}${run.stderr}`).toBe(code)
  return run
}

const fingerprintOf = (publicKeyPath: string) =>
  execFileSync('ssh-keygen', ['-lf', publicKeyPath], { encoding: 'utf8' }).split(' ')[1] ?? ''

/** `mailroom profile add` for the target sshd, with `extra` options. */
const addProfile = (name: string, extra: readonly string[], env: Record<string, string> = {}) =>
  mailroom(
    [
      'profile',
      'add',
      '--name',
      name,
      '--preset',
      'generic',
      '--host',
      target.host,
      '--port',
      String(target.port),
      '--user',
      target.username,
      '--key',
      target.clientKeyPath,
      '--receive',
      'pickup',
      ...extra,
    ],
    env,
  )

/** What core sees in the data folder the command used (profiles and keys; no secret). */
async function stored(): Promise<{ profiles: Profile[]; keys: KeyInfo[] }> {
  const app = mailroomOnDataFolder(dataDir)
  try {
    return {
      profiles: valueOf<Profile[]>(await app.dispatch('profiles:list', {})),
      keys: valueOf<KeyInfo[]>(await app.dispatch('keys:list', {})),
    }
  } finally {
    await app.shutdown()
  }
}

beforeAll(async () => {
  target = await startSshd()
  target.writeFile('pickup/invoice.pdf', 'through')
  jump = await startSshd({ allowTcpForwarding: true })
  noForwarding = await startSshd({ allowTcpForwarding: false })
  const clientKey = readFileSync(`${target.clientKeyPath}.pub`, 'utf8')
  for (const server of [jump, noForwarding]) server.authorize(clientKey)
  socks = await startMicrosocks({ login })
  http = await startTinyproxy({ login })
  scratch = mkdtempSync(join(tmpdir(), 'mailroom-cli-through-'))
  dataDir = join(scratch, 'data')
  home = join(scratch, 'home')
  mkdirSync(home)
  // The server's own key is trusted once, straight: the tests are about the way there.
  await addProfile('Straight', [])
  await mailroomExits(0, [
    'trust',
    '--profile',
    'Straight',
    '--fingerprint',
    fingerprintOf(target.hostKeyPublicPath),
  ])
}, 60_000)

afterAll(async () => {
  for (const server of [target, jump, noForwarding]) await server?.stop()
  await socks?.stop()
  await http?.stop()
  rmSync(scratch, { recursive: true, force: true })
})

describe('mailroom through a proxy', () => {
  it('adds a profile with its proxy password from the environment, kept only in the keychain, and gets through', async () => {
    const added = await addProfile(
      'Socks',
      [
        '--json',
        '--proxy',
        `socks5://alice@127.0.0.1:${socks.port}`,
        '--proxy-password-from-env',
        'PROXY_PASSWORD',
      ],
      { PROXY_PASSWORD: login.password },
    )
    expect(added.code, added.stderr).toBe(0)
    expect(JSON.parse(added.stdout)).toMatchObject({
      ok: true,
      profile: {
        proxy: { kind: 'socks5', host: '127.0.0.1', port: socks.port, username: 'alice' },
      },
    })
    expect(added.stdout).not.toContain(login.password)
    expect(readFileSync(join(dataDir, 'settings.json'), 'utf8')).not.toContain(login.password)
    const before = socks.tunnelsTo(target.port)
    const check = await mailroomExits(0, ['check', '--profile', 'Socks'])
    expect(check.stdout).toContain('pickup: 1 file')
    expect(socks.tunnelsTo(target.port)).toBe(before + 1)
  })

  it('exits 4 naming the proxy and its answer when it refuses the login or wants one', async () => {
    await addProfile(
      'Socks wrong',
      ['--proxy', `socks5://alice@127.0.0.1:${socks.port}`, '--proxy-password-from-env', 'PW'],
      { PW: 'not-it' },
    )
    const wrong = await mailroomExits(4, ['check', '--profile', 'Socks wrong'])
    expect(wrong.stderr).toContain(
      `The SOCKS5 proxy 127.0.0.1 port ${socks.port} refused the user name "alice" and its password.`,
    )
    await addProfile('Http none', ['--proxy', `http://127.0.0.1:${http.port}`])
    const none = await mailroomExits(4, ['check', '--json', '--profile', 'Http none'])
    expect(JSON.parse(none.stdout)).toMatchObject({
      ok: false,
      exitCode: 4,
      error: {
        kind: 'auth-failed',
        message: `The HTTP proxy 127.0.0.1 port ${http.port} wants a login ("HTTP/1.0 407 Proxy Authentication Required"). Enter the proxy's user name and password in the profile.`,
        detail: { proxyKind: 'http', proxyAnswer: 'HTTP/1.0 407 Proxy Authentication Required' },
      },
    })
  })

  it('refuses proxy and jump options it cannot read (exit 2), storing nothing', async () => {
    const before = await stored()
    for (const extra of [
      ['--proxy', 'ftp://127.0.0.1:21'],
      ['--proxy', `socks5://alice:secret@127.0.0.1:${socks.port}`],
      ['--proxy', `http://127.0.0.1:${http.port}`, '--proxy-password-from-env', 'PW'],
      ['--jump', 'no-user-here'],
      ['--jump-key', target.clientKeyPath],
      ['--jump', `u@127.0.0.1:${jump.port}`, '--jump-key', join(scratch, 'no-such-key')],
    ])
      await mailroomExits(2, ['profile', 'add', ...profileArgs('Refused'), ...extra], { PW: 'x' })
    expect(await stored()).toEqual(before)
  })
})

describe('mailroom through a jump host', () => {
  it('stops at an unknown jump host key with exit 3 and the exact trust line, which then trusts it', async () => {
    await addProfile('Jumpy', ['--jump', `${jump.username}@127.0.0.1:${jump.port}`])
    const jumpFingerprint = fingerprintOf(jump.hostKeyPublicPath)
    const unknown = await mailroomExits(3, ['check', '--profile', 'Jumpy'])
    const line = `mailroom trust --profile "Jumpy" --host 127.0.0.1:${jump.port} --fingerprint ${jumpFingerprint}`
    expect(unknown.stderr).toContain(
      `The host key of the jump host 127.0.0.1 port ${jump.port} is not trusted yet: it offers ssh-ed25519 ${jumpFingerprint}.`,
    )
    expect(unknown.stderr).toContain(line)
    // Another fingerprint than the one the jump host offers: nothing is trusted.
    const other = fingerprintOf(target.hostKeyPublicPath)
    const refused = await mailroomExits(3, [
      'trust',
      '--profile',
      'Jumpy',
      '--host',
      `127.0.0.1:${jump.port}`,
      '--fingerprint',
      other,
    ])
    expect(refused.stderr).toContain(`It is not the ${other} you gave`)
    const trusted = await mailroomExits(0, line.split(' ').slice(1).map(unquote))
    expect(trusted.stdout).toContain(
      `Trusted ssh-ed25519 ${jumpFingerprint} for the jump host 127.0.0.1 port ${jump.port}.`,
    )
    const before = jump.forwardRequests()
    const check = await mailroomExits(0, ['check', '--profile', 'Jumpy'])
    expect(check.stdout).toContain('pickup: 1 file')
    expect(jump.forwardRequests()).toBe(before + 1)
    await mailroomExits(2, [
      'trust',
      '--profile',
      'Jumpy',
      '--host',
      '127.0.0.1:1',
      '--fingerprint',
      jumpFingerprint,
    ])
  })

  it('logs in to the jump host with its own key (--jump-key)', async () => {
    const own = await startSshd({ allowTcpForwarding: true })
    try {
      const added = await addProfile('Own key', [
        '--jump',
        `${own.username}@127.0.0.1:${own.port}`,
        '--jump-key',
        own.clientKeyPath,
      ])
      expect(added.code, added.stderr).toBe(0)
      expect(added.stdout).toContain(`(key ${fingerprintOf(`${own.clientKeyPath}.pub`)})`)
      await mailroomExits(0, [
        'trust',
        '--profile',
        'Own key',
        '--host',
        `127.0.0.1:${own.port}`,
        '--fingerprint',
        fingerprintOf(own.hostKeyPublicPath),
      ])
      await mailroomExits(0, ['check', '--profile', 'Own key'])
      expect(own.forwardRequests()).toBe(2)
    } finally {
      await own.stop()
    }
  })

  it('exits 4 naming the jump host that does not forward', async () => {
    await addProfile('No forwarding', [
      '--jump',
      `${noForwarding.username}@127.0.0.1:${noForwarding.port}`,
    ])
    await mailroomExits(0, [
      'trust',
      '--profile',
      'No forwarding',
      '--host',
      `127.0.0.1:${noForwarding.port}`,
      '--fingerprint',
      fingerprintOf(noForwarding.hostKeyPublicPath),
    ])
    const run = await mailroomExits(4, ['check', '--profile', 'No forwarding'])
    expect(run.stderr).toContain(
      `The jump host 127.0.0.1 port ${noForwarding.port} does not allow forwarding connections to 127.0.0.1 port ${target.port}`,
    )
  })

  it('stops at a changed jump host key with exit 3, both fingerprints and the line that replaces it', async () => {
    const changing = await startSshd({ allowTcpForwarding: true })
    changing.authorize(readFileSync(`${target.clientKeyPath}.pub`, 'utf8'))
    let replaced: TestSshd | undefined
    try {
      await addProfile('Changing', ['--jump', `${changing.username}@127.0.0.1:${changing.port}`])
      const old = fingerprintOf(changing.hostKeyPublicPath)
      const host = `127.0.0.1:${changing.port}`
      await mailroomExits(0, [
        'trust',
        '--profile',
        'Changing',
        '--host',
        host,
        '--fingerprint',
        old,
      ])
      await changing.stop()
      replaced = await startSshd({ port: changing.port, allowTcpForwarding: true })
      replaced.authorize(readFileSync(`${target.clientKeyPath}.pub`, 'utf8'))
      const now = fingerprintOf(replaced.hostKeyPublicPath)
      const run = await mailroomExits(3, ['check', '--profile', 'Changing'])
      expect(run.stderr).toContain(
        `The host key of the jump host 127.0.0.1 port ${changing.port} is not the one you trusted.`,
      )
      expect(run.stderr).toContain(
        `The jump host now offers ssh-ed25519 ${now}; the trusted key is ${old}.`,
      )
      expect(run.stderr).toContain(
        `mailroom trust --profile "Changing" --host ${host} --fingerprint ${now}`,
      )
      const trusted = await mailroomExits(0, [
        'trust',
        '--profile',
        'Changing',
        '--host',
        host,
        '--fingerprint',
        now,
      ])
      expect(trusted.stdout).toContain(`(instead of ${old})`)
      await mailroomExits(0, ['check', '--profile', 'Changing'])
    } finally {
      await (replaced ?? changing).stop()
    }
  })
})

/** The options that make a valid profile, for runs that differ only in what follows. */
function profileArgs(name: string): string[] {
  return [
    '--name',
    name,
    '--preset',
    'generic',
    '--host',
    target.host,
    '--port',
    String(target.port),
    '--user',
    target.username,
    '--key',
    ed25519KeyFile(join(scratch, `key-${Math.random().toString(36).slice(2)}`), 'refused'),
  ]
}

/** A word of a printed command line as the shell would pass it: without its quotes. */
function unquote(word: string): string {
  return word.replace(/^"(.*)"$/, '$1')
}

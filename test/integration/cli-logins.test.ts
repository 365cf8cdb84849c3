import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFileServer, type FileServer } from '../../src/demo/sftp-file-server'
import { sha256Fingerprint } from '../../src/main/core/sftp/host-key'
import { runMailroom, type CommandRun } from '../fixtures/mailroom-command'
import { startSshAgent, type TestAgent } from '../fixtures/ssh-agent'
import { canTestPasswords, startSshd, type TestSshd } from '../fixtures/sshd-server'

/**
 * The `mailroom` command with each way of logging in, as a scheduler runs it: it never asks
 * (DESIGN.md 3c), so a password asked at every connect or a question of the server's ends it
 * with exit 4 and what was asked, as does every other failure to log in. Against OpenSSH's
 * sshd with passwords (root only), ssh-agent, and the demo server asking one-time codes.
 */
const passwordsOr = canTestPasswords ? describe : describe.skip
if (!canTestPasswords)
  console.warn(
    "Skipping the command's password logins: setting the test user's password needs root.",
  )

let scratch: string
let dataDir: string
let home: string
const mailroom = (args: readonly string[], env: Record<string, string | undefined> = {}) =>
  runMailroom(dataDir, home, args, env)

async function exits(
  code: number,
  args: readonly string[],
  env: Record<string, string | undefined> = {},
) {
  const run: CommandRun = await mailroom(args, env)
  expect(run.code, `mailroom ${args.join(' ')}\n${run.stdout}${run.stderr}`).toBe(code)
  return run
}

const fingerprintOfFile = (publicKeyPath: string) =>
  execFileSync('ssh-keygen', ['-lf', publicKeyPath], { encoding: 'utf8' }).split(' ')[1] ?? ''

const target = (server: { host: string; port: number; username: string }) => [
  '--receive',
  'pickup',
  '--preset',
  'generic',
  '--host',
  server.host,
  '--port',
  String(server.port),
  '--user',
  server.username,
]

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'mailroom-cli-logins-'))
  dataDir = join(scratch, 'data')
  home = join(scratch, 'home')
  mkdirSync(home)
})
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

describe('mailroom profile add --auth', () => {
  it('refuses what cannot log in, with exit 2', async () => {
    const server = { host: '127.0.0.1', port: 22, username: 'someone' }
    expect(
      (await exits(2, ['profile', 'add', '--name', 'A', ...target(server), '--auth', 'telepathy']))
        .stderr,
    ).toContain('--auth is one of key, password, keyboard-interactive, agent, key-and-password')
    expect(
      (
        await exits(2, [
          'profile',
          'add',
          '--name',
          'B',
          ...target(server),
          '--auth',
          'password',
          '--password-from-env',
          'MAILROOM_TEST_UNSET',
        ])
      ).stderr,
    ).toContain('The environment variable MAILROOM_TEST_UNSET is not set.')
    const amili = await exits(
      2,
      [
        'profile',
        'add',
        '--name',
        'C',
        '--preset',
        'amili',
        '--host',
        'h',
        '--user',
        '123',
        '--auth',
        'password',
        '--password-from-env',
        'PW',
      ],
      { PW: 'secret' },
    )
    expect(amili.stderr).toContain('Amili logs in with key or agent only')
    expect(
      (
        await exits(2, [
          'profile',
          'add',
          '--name',
          'D',
          ...target(server),
          '--auth',
          'agent',
          '--key',
          '/nonexistent',
        ])
      ).stderr,
    ).toContain('leave out --key')
    // Nothing was left half made: no profile, no password.
    const listed = JSON.parse((await exits(0, ['profiles', '--json'])).stdout) as {
      profiles: unknown[]
    }
    expect(listed.profiles).toEqual([])
  })
})

passwordsOr('the command with a password', () => {
  let server: TestSshd
  beforeAll(async () => {
    server = await startSshd({ passwords: true })
  })
  afterAll(async () => server?.stop())
  const trust = (name: string) =>
    exits(0, [
      'trust',
      '--profile',
      name,
      '--fingerprint',
      fingerprintOfFile(server.hostKeyPublicPath),
    ])

  it('stores the password from the environment and logs in with it unattended', async () => {
    const added = await exits(
      0,
      [
        'profile',
        'add',
        '--name',
        'Password',
        ...target(server),
        '--auth',
        'password',
        '--password-from-env',
        'SFTP_PASSWORD',
      ],
      { SFTP_PASSWORD: server.password },
    )
    expect(added.stdout).toContain('password stored')
    await trust('Password')
    const check = await exits(0, ['check', '--profile', 'Password'])
    expect(check.stderr).toBe('')
    expect(JSON.stringify(JSON.parse((await exits(0, ['profiles', '--json'])).stdout))).toContain(
      '"auth":"password"',
    )
    // The settings file holds no password.
    expect(
      execFileSync('cat', [join(dataDir, 'settings.json')], { encoding: 'utf8' }),
    ).not.toContain(server.password)
  })

  it('ends with exit 4 naming the password when the server refuses it', async () => {
    await exits(
      0,
      [
        'profile',
        'add',
        '--name',
        'Wrong password',
        ...target(server),
        '--auth',
        'password',
        '--password-from-env',
        'SFTP_PASSWORD',
      ],
      { SFTP_PASSWORD: 'not the password' },
    )
    const run = await exits(4, ['check', '--profile', 'Wrong password'])
    expect(run.stderr).toContain('did not accept the password')
    expect(run.stderr).toContain('the one stored in the keychain')
  })

  it('ends with exit 4 when the password is set to be asked at every connect', async () => {
    const added = await exits(0, [
      'profile',
      'add',
      '--name',
      'Asked',
      ...target(server),
      '--auth',
      'password',
    ])
    expect(added.stdout).toContain('The mailroom command never asks')
    const run = await exits(4, ['check', '--profile', 'Asked'])
    expect(run.stderr).toContain('asks for its password at every connect')
    expect(run.stderr).toContain('The mailroom command never asks')
  })

  it("answers PAM's password question with the stored password", async () => {
    await exits(
      0,
      [
        'profile',
        'add',
        '--name',
        'Questions',
        ...target(server),
        '--auth',
        'keyboard-interactive',
        '--password-from-env',
        'SFTP_PASSWORD',
      ],
      { SFTP_PASSWORD: server.password },
    )
    await exits(0, ['check', '--profile', 'Questions'])
  })
})

describe('the command with an SSH agent', () => {
  let server: TestSshd
  let agent: TestAgent
  beforeAll(async () => {
    server = await startSshd()
    agent = await startSshAgent()
    agent.add(server.clientKeyPath)
  })
  afterAll(async () => {
    await agent?.stop()
    await server?.stop()
  })

  it('logs in with the key the agent holds, and ends with exit 4 when there is no agent', async () => {
    const added = await exits(0, [
      'profile',
      'add',
      '--name',
      'Agent',
      ...target(server),
      '--auth',
      'agent',
      '--agent-key',
      fingerprintOfFile(`${server.clientKeyPath}.pub`),
    ])
    expect(added.stdout).toContain(
      `the SSH agent's key ${fingerprintOfFile(`${server.clientKeyPath}.pub`)}`,
    )
    const withAgent = { SSH_AUTH_SOCK: agent.socket }
    await exits(
      0,
      ['trust', '--profile', 'Agent', '--fingerprint', fingerprintOfFile(server.hostKeyPublicPath)],
      withAgent,
    )
    await exits(0, ['check', '--profile', 'Agent'], withAgent)
    const none = await exits(4, ['check', '--profile', 'Agent'], { SSH_AUTH_SOCK: undefined })
    expect(none.stderr).toContain('No SSH agent is running for Mailroom: SSH_AUTH_SOCK is not set.')
  })
})

describe("the command and a server's questions", () => {
  let root: string
  let server: FileServer
  let logins = 0
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'mailroom-cli-questions-'))
    mkdirSync(join(root, 'pickup'))
    const file = join(root, 'pickup', 'large.bin')
    writeFileSync(file, Buffer.alloc(2 * 1024 * 1024, 7))
    const old = new Date(Date.now() - 3_600_000)
    utimesSync(file, old, old)
    server = await startFileServer(
      [
        {
          username: 'coded',
          root,
          authorizedKeys: () => [],
          refuseSetstat: false,
          // The pickup's first login asks the password only; a login after it, a code too.
          questions: {
            password: 'demo password',
            oneTimeCode: () => (logins < 1 ? undefined : '424242'),
          },
        },
        {
          username: 'always-coded',
          root,
          authorizedKeys: () => [],
          refuseSetstat: false,
          questions: { password: 'demo password', oneTimeCode: () => '424242' },
        },
      ],
      { onLogin: () => (logins += 1) },
      // The pickup's connection ends part way through the file, so it must reconnect.
      { faults: { dropAfterReadBytes: 256 * 1024 } },
    )
  })
  afterAll(async () => {
    await server?.stop()
    rmSync(root, { recursive: true, force: true })
  })
  const hostKey = () =>
    sha256Fingerprint(Buffer.from(server.hostKeyPublic.split(' ')[1] ?? '', 'base64'))
  const demo = (username: string) => ({ host: '127.0.0.1', port: server.port, username })

  it("ends with exit 4 and the question's text when the server asks for a code", async () => {
    await exits(
      0,
      [
        'profile',
        'add',
        '--name',
        'Coded',
        ...target(demo('always-coded')),
        '--auth',
        'keyboard-interactive',
        '--password-from-env',
        'SFTP_PASSWORD',
      ],
      { SFTP_PASSWORD: 'demo password' },
    )
    // Trusting the host key works; the login after it is what needs a person.
    const trust = await exits(4, ['trust', '--profile', 'Coded', '--fingerprint', hostKey()])
    expect(trust.stderr).toContain('"Verification code:"')
    const run = await exits(4, ['--json', 'check', '--profile', 'Coded'])
    const document = JSON.parse(run.stdout) as {
      error: { message: string; detail: Record<string, string> }
    }
    expect(document.error.message).toBe(
      `127.0.0.1 port ${server.port} asks "Verification code:" to log in "Coded", and the mailroom command never asks a question. For unattended runs, log in with a key or an SSH agent.`,
    )
    expect(document.error.detail).toEqual({ prompt: 'Verification code:' })
  })

  it('ends with exit 4 when reconnecting after a drop meets a new question', async () => {
    await exits(
      0,
      [
        'profile',
        'add',
        '--name',
        'Drops',
        ...target(demo('coded')),
        '--auth',
        'keyboard-interactive',
        '--password-from-env',
        'SFTP_PASSWORD',
      ],
      { SFTP_PASSWORD: 'demo password' },
    )
    // Trusted already for this host and port by the test before, or now.
    await exits(0, ['trust', '--profile', 'Drops', '--fingerprint', hostKey()])
    logins = 0
    const run = await exits(4, ['pickup', '--profile', 'Drops', '--to', join(scratch, 'drops')])
    expect(run.stderr).toContain('asks "Verification code:" to log in "Drops"')
    expect(logins).toBe(1)
  })
})

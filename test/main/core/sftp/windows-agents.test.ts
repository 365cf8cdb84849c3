import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFileServer, type FileServer } from '../../../../src/demo/sftp-file-server'
import { importPrivateKey } from '../../../../src/main/core/keys/import-key'
import { writePpkV3 } from '../../../../src/main/core/keys/ppk-format'
import { silentLogger } from '../../../../src/main/core/logging/logger'
import { agentKeys } from '../../../../src/main/core/sftp/agent-keys'
import {
  WINDOWS_OPENSSH_AGENT_PIPE,
  type AgentLocation,
} from '../../../../src/main/core/sftp/agent-locations'
import { openSftpSession } from '../../../../src/main/core/sftp/open-session'

/**
 * The two agents of Windows, for real, on the Windows runner of .github/workflows/build.yml
 * (which sets MAILROOM_WINDOWS_AGENTS=1): this test starts the Windows OpenSSH agent service,
 * adds a key with Windows' own ssh-add, and logs in with it through the agent's pipe; it reaches
 * Pageant through ssh2's pagent.exe as the app does, logging in with Pageant's key when the
 * workflow could install PuTTY, and otherwise proving the helper runs and says Pageant is not
 * running. It changes a system service, so it runs only where asked to.
 */
const onWindowsRunner =
  process.platform === 'win32' && process.env.MAILROOM_WINDOWS_AGENTS === '1'
    ? describe
    : describe.skip
if (process.platform !== 'win32')
  console.warn('Skipping the Windows agents: they run on the Windows runner of build.yml only.')
else if (process.env.MAILROOM_WINDOWS_AGENTS !== '1')
  console.warn(
    'Skipping the Windows agents: set MAILROOM_WINDOWS_AGENTS=1 to let it start the ssh-agent service.',
  )

const OPENSSH = join(process.env.SystemRoot ?? 'C:\\Windows', 'System32', 'OpenSSH')
const PIPE: AgentLocation = { kind: 'windows-pipe', path: WINDOWS_OPENSSH_AGENT_PIPE }

onWindowsRunner('SSH agents on Windows', () => {
  let dir: string
  let server: FileServer
  const publicKeys: string[] = []
  let pageant: ChildProcess | undefined
  // Windows' own tools, and with no SSH_AUTH_SOCK: they then use the service's pipe.
  const windowsTool = (tool: string, args: string[]) =>
    execFileSync(join(OPENSSH, tool), args, {
      env: { ...process.env, SSH_AUTH_SOCK: undefined },
      encoding: 'utf8',
    })

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mailroom-windows-agents-'))
    server = await startFileServer([
      {
        username: 'agent-user',
        root: dir,
        authorizedKeys: () => publicKeys,
        refuseSetstat: false,
      },
    ])
  })
  afterAll(async () => {
    pageant?.kill()
    await server?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  const login = (agents: AgentLocation[]) =>
    openSftpSession({
      host: '127.0.0.1',
      port: server.port,
      username: 'agent-user',
      credentials: { kind: 'agent', agents },
      route: { kind: 'direct' },
      verifyHostKey: async () => true,
      logger: silentLogger,
    })

  it('logs in with a key the Windows OpenSSH agent service holds, through its pipe', async () => {
    execFileSync('powershell', [
      '-NoProfile',
      '-Command',
      'Set-Service -Name ssh-agent -StartupType Manual; Start-Service ssh-agent',
    ])
    const key = join(dir, 'openssh-agent-key')
    windowsTool('ssh-keygen.exe', [
      '-q',
      '-t',
      'ed25519',
      '-N',
      '',
      '-C',
      'windows agent',
      '-f',
      key,
    ])
    windowsTool('ssh-add.exe', [key])
    const publicLine = readFileSync(`${key}.pub`, 'utf8').trim()
    publicKeys.push(publicLine)
    const fingerprint = windowsTool('ssh-keygen.exe', ['-lf', `${key}.pub`]).split(' ')[1]

    const held = await agentKeys([PIPE])
    expect(held.map((entry) => entry.fingerprint)).toContain(fingerprint)
    const session = await login([PIPE])
    try {
      expect(session.login?.agentKey).toBe(fingerprint)
    } finally {
      session.close()
    }
  })

  it("reaches Pageant through ssh2's pagent.exe, and logs in with its key when it runs", async () => {
    let pageantExe: string | undefined
    try {
      pageantExe = execFileSync('where', ['pageant.exe'], { encoding: 'utf8' }).split(/\r?\n/)[0]
    } catch {
      pageantExe = undefined
    }
    if (!pageantExe) {
      // PuTTY could not be installed: the helper still runs, and says what is missing.
      console.warn('Pageant is not installed on this runner: proving only that pagent.exe runs.')
      await expect(agentKeys([{ kind: 'pageant' }])).rejects.toThrow(
        'No SSH agent answered (Pageant: Pageant is not running)',
      )
      return
    }
    const keyFile = join(dir, 'pageant-key')
    windowsTool('ssh-keygen.exe', ['-q', '-t', 'ed25519', '-N', '', '-C', 'pageant', '-f', keyFile])
    const { material } = await importPrivateKey(readFileSync(keyFile), 'the Pageant key')
    writeFileSync(`${keyFile}.ppk`, await writePpkV3(material))
    publicKeys.push(readFileSync(`${keyFile}.pub`, 'utf8').trim())
    const fingerprint = windowsTool('ssh-keygen.exe', ['-lf', `${keyFile}.pub`]).split(' ')[1]
    pageant = spawn(pageantExe, [`${keyFile}.ppk`], { detached: true, stdio: 'ignore' })
    const deadline = Date.now() + 20_000
    for (;;) {
      const held = await agentKeys([{ kind: 'pageant' }]).catch(() => [])
      if (held.some((entry) => entry.fingerprint === fingerprint)) break
      if (Date.now() > deadline) throw new Error('Pageant did not list its key within 20 s')
      await new Promise((resolve) => setTimeout(resolve, 500))
    }
    const session = await login([{ kind: 'pageant' }])
    try {
      expect(session.login?.agentKey).toBe(fingerprint)
    } finally {
      session.close()
    }
  }, 60_000)
})

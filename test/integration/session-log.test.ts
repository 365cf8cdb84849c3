import { execFileSync, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Transfer } from '../../src/shared/domain'
import type { SessionLogEntry } from '../../src/shared/session-log'
import { connectedMailroom, mailroomOnDataFolder, valueOf } from '../fixtures/connected-mailroom'
import { startSshd, type TestSshd } from '../fixtures/sshd-server'

const ROOT = join(import.meta.dirname, '..', '..')
const CLI = join(ROOT, 'src', 'cli', 'main.ts')
const TWO_HOURS_AGO = () => new Date(Date.now() - 2 * 3_600_000)

/** The session log against OpenSSH's sshd: what one connection and one pickup leave in it. */
describe('session log against sshd', () => {
  let server: TestSshd
  const scratch: string[] = []
  const folder = (prefix: string) => {
    const dir = mkdtempSync(join(tmpdir(), prefix))
    scratch.push(dir)
    return dir
  }
  const oldFile = (path: string, content: string) => {
    const full = server.writeFile(path, content)
    utimesSync(full, TWO_HOURS_AGO(), TWO_HOURS_AGO())
  }

  beforeAll(async () => {
    server = await startSshd()
  })
  afterAll(async () => {
    await server?.stop()
    for (const dir of scratch) rmSync(dir, { recursive: true, force: true })
  })

  it('records the connection, the login, the host key decision and each file of a pickup', async () => {
    oldFile('pickup/invoice-0042.edi', 'UNA:+.? ' + 'x'.repeat(5_000))
    const connected = await connectedMailroom(server)
    const { app, profile } = connected
    try {
      await connected.open()
      const to = folder('mailroom-log-pickup-')
      const started = valueOf<{ transferIds: string[] }>(
        await app.dispatch('transfer:pickup', {
          profileId: profile.id,
          mailboxPath: 'pickup',
          localFolder: to,
        }),
      )
      expect(started.transferIds).toHaveLength(1)
      await expect
        .poll(
          async () =>
            valueOf<Transfer[]>(await app.dispatch('transfer:list', {})).map(
              (transfer) => transfer.state,
            ),
          { timeout: 20_000 },
        )
        .toEqual(['done'])
      valueOf(await app.dispatch('session:close', { profileId: profile.id }))

      const entries = valueOf<SessionLogEntry[]>(
        await app.dispatch('log:list', { profileId: profile.id }),
      )
      // The pickup's summary is written once the call returns, by when its files may have started.
      const summary = entries.findIndex((entry) => entry.message.startsWith('Pickup of'))
      expect(entries[summary]?.message).toBe(
        'Pickup of pickup: 1 to fetch, 0 too young to take yet, 0 picked up before, 0 finished from an interrupted pickup',
      )
      const lines = entries
        .filter((_, index) => index !== summary)
        .map((entry) => `${entry.category}: ${entry.message}`)
      const fingerprint = execFileSync('ssh-keygen', ['-lf', server.hostKeyPublicPath], {
        encoding: 'utf8',
      }).split(' ')[1]
      expect(lines).toEqual([
        `connection: Connecting to ${server.host} port ${server.port} as ${server.username}`,
        `host-key: Unknown host key for ${server.host} port ${server.port}: ssh-ed25519 ${fingerprint}. Asking whether to trust it.`,
        `host-key: Host key of ${server.host} port ${server.port} trusted: ssh-ed25519 ${fingerprint}`,
        `authentication: Logged in to ${server.host} as ${server.username} with the profile's key (server allows: publickey); host key ssh-ed25519 ${fingerprint}`,
        'transfer: Picking up invoice-0042.edi (4.9 KB)',
        expect.stringMatching(
          /^transfer: Picked up invoice-0042\.edi \(4\.9 KB\) in (\d+ ms|\d+\.\d s)$/,
        ),
        'connection: Disconnected',
      ])
      for (const entry of entries) {
        expect(entry.profileName).toBe('Test')
        expect(Date.now() - Date.parse(entry.at)).toBeLessThan(60_000)
      }
      expect(entries.at(-2)?.details).toMatchObject({
        size: '5008',
        remotePath: 'pickup/invoice-0042.edi',
        localPath: join(to, 'invoice-0042.edi'),
      })
    } finally {
      await connected.close()
    }
  })

  it("shows the command's runs, their transfers and exit codes in the app's log", async () => {
    const base = folder('mailroom-log-cli-')
    const dataDir = join(base, 'data')
    const home = join(base, 'home')
    mkdirSync(home)
    const run = (args: readonly string[]) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', CLI, '--data-dir', dataDir, ...args],
          {
            cwd: ROOT,
            env: { ...process.env, HOME: home, MAILROOM_DATA_DIR: '' },
            stdio: ['ignore', 'ignore', 'pipe'],
          },
        )
        let stderr = ''
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
        child.on('close', (code) => resolve({ code, stderr }))
      })
    const added = await run([
      'profile',
      'add',
      '--name',
      'Scheduled',
      '--preset',
      'generic',
      '--host',
      server.host,
      '--port',
      String(server.port),
      '--user',
      server.username,
      '--key',
      server.clientKeyPath,
      '--receive',
      'pickup',
    ])
    expect(added.code, added.stderr).toBe(0)
    // Not trusted yet: exit 3, and the log says why.
    expect((await run(['pickup', '--profile', 'Scheduled', '--to', join(base, 'in')])).code).toBe(3)
    const fingerprint =
      execFileSync('ssh-keygen', ['-lf', server.hostKeyPublicPath], { encoding: 'utf8' }).split(
        ' ',
      )[1] ?? ''
    expect(
      (await run(['trust', '--profile', 'Scheduled', '--fingerprint', fingerprint])).code,
    ).toBe(0)
    oldFile('pickup/orders.xml', '<orders/>')
    const picked = await run(['pickup', '--profile', 'Scheduled', '--to', join(base, 'in')])
    expect(picked.code, picked.stderr).toBe(0)
    expect(readFileSync(join(base, 'in', 'orders.xml'), 'utf8')).toBe('<orders/>')

    const app = mailroomOnDataFolder(dataDir)
    try {
      const entries = valueOf<SessionLogEntry[]>(await app.dispatch('log:list', {}))
      const commands = entries
        .filter((entry) => entry.category === 'command')
        .map((entry) => entry.message)
      expect(commands).toEqual([
        'mailroom profile add started',
        'mailroom profile add ended with exit code 0 (all done)',
        'mailroom pickup --profile "Scheduled" started',
        expect.stringMatching(
          /^mailroom pickup --profile "Scheduled" ended with exit code 3 \(host key unknown or changed\): The host key of .* is not trusted yet/,
        ),
        'mailroom trust --profile "Scheduled" started',
        'mailroom trust --profile "Scheduled" ended with exit code 0 (all done)',
        'mailroom pickup --profile "Scheduled" started',
        'mailroom pickup --profile "Scheduled" ended with exit code 0 (all done)',
      ])
      const lastRun = entries.slice(
        entries.findLastIndex((entry) => entry.message.endsWith('started')),
      )
      expect(lastRun.map((entry) => entry.category)).toEqual(
        expect.arrayContaining(['connection', 'authentication', 'transfer']),
      )
      expect(lastRun).toContainEqual(
        expect.objectContaining({
          category: 'transfer',
          profileName: 'Scheduled',
          message: expect.stringMatching(/^Picked up orders\.xml \(9 bytes\) in /),
        }),
      )
    } finally {
      await app.shutdown()
    }
  })
})

import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { DEMO_USERS, startDemoGateway, type DemoGateway } from '../../src/demo/demo-gateway'
import { generateEd25519KeyFile } from '../../src/main/core/keys/generate-key'

/**
 * The demo gateway for the Electron smoke test (test/e2e/electron-smoke.spec.ts), started in the
 * test's own process, with one profile made in a data folder of the test's by the `mailroom`
 * command. The profile is made by the command the app under test runs (its executable, headless)
 * rather than by this process: on macOS a keychain item is readable without a prompt only by the
 * program that stored it, and a prompt on a runner waits for ever.
 */
export interface SmokeGateway {
  readonly gateway: DemoGateway
  /** The test's folder: gateway files, the app's data folder, files to send and pick up into. */
  readonly dir: string
  /** The app's data folder (MAILROOM_DATA_DIR), empty until a profile is added. */
  readonly dataDir: string
  /** The Amili account's files on the gateway: input/ (sent files) and pickup/ (waiting). */
  readonly amiliDir: string
  /** The client key the demo Amili account lets in. */
  readonly keyFile: string
  /** The gateway's host key as `mailroom trust` and the Trust dialog show it. */
  readonly fingerprint: string
  stop(): Promise<void>
}

export const SMOKE_PROFILE = 'Demo Amili'

/** OpenSSH's SHA256 fingerprint of a public key line ("ssh-ed25519 AAAA... comment"). */
export function sha256Fingerprint(publicKeyLine: string): string {
  const blob = Buffer.from(publicKeyLine.trim().split(/\s+/)[1] ?? '', 'base64')
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`
}

export async function startSmokeGateway(): Promise<SmokeGateway> {
  const dir = mkdtempSync(join(tmpdir(), 'mailroom-smoke-'))
  const keyFile = join(dir, 'client_ed25519')
  const client = generateEd25519KeyFile('mailroom-smoke')
  writeFileSync(keyFile, client.privateKey, { mode: 0o600 })
  const gateway = await startDemoGateway({
    dataDir: join(dir, 'gateway'),
    port: 0,
    as2Port: 0,
    hostKey: generateEd25519KeyFile('mailroom-smoke-host').privateKey,
    // Sent files stay in input/ for the test to read, and no new file arrives mid-test.
    takeAfterMs: 60 * 60_000,
    arrivalEveryMs: 60 * 60_000,
  })
  gateway.authorize(DEMO_USERS.amili, client.publicKey)
  return {
    gateway,
    dir,
    dataDir: join(dir, 'app'),
    amiliDir: join(dir, 'gateway', 'amili'),
    keyFile,
    fingerprint: sha256Fingerprint(gateway.hostKeyPublic),
    stop: async () => {
      await gateway.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** How `mailroom` is started: the program and the arguments before the command's own. */
export type MailroomRunner = readonly [string, ...string[]]

/** The plain-Node command (`npm run mailroom`), the same code the app runs headless. */
export const NODE_MAILROOM: MailroomRunner = [
  process.execPath,
  '--import',
  'tsx',
  resolve('src/cli/main.ts'),
]

/** The app's executable in headless mode, as its launchers start it. */
export function appMailroom(executable: string, appPath?: string): MailroomRunner {
  return [executable, ...(appPath ? [appPath] : []), '--cli', '--']
}

export interface CommandResult {
  readonly code: number | null
  readonly output: string
}

/**
 * Runs one `mailroom` command on `dataDir`. Asynchronous, never spawnSync: the gateway it talks
 * to runs in this very process and must keep answering.
 */
export function runMailroom(
  runner: MailroomRunner,
  args: readonly string[],
  dataDir: string,
  timeoutMs = 90_000,
): Promise<CommandResult> {
  const [program, ...before] = runner
  return new Promise((done, fail) => {
    const child = spawn(program, [...before, ...args], {
      env: { ...process.env, MAILROOM_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.once('error', (error) => {
      clearTimeout(timer)
      fail(error)
    })
    child.once('close', (code) => {
      clearTimeout(timer)
      done({ code, output })
    })
  })
}

/** `mailroom profile add` for the demo Amili account; throws with the command's output if refused. */
export async function addSmokeProfile(runner: MailroomRunner, smoke: SmokeGateway): Promise<void> {
  const result = await runMailroom(
    runner,
    [
      'profile',
      'add',
      '--name',
      SMOKE_PROFILE,
      '--preset',
      'amili',
      '--host',
      '127.0.0.1',
      '--port',
      String(smoke.gateway.portOf('amili')),
      '--user',
      DEMO_USERS.amili,
      '--key',
      smoke.keyFile,
    ],
    smoke.dataDir,
  )
  if (result.code !== 0)
    throw new Error(`mailroom profile add exited ${result.code}:\n${result.output}`)
}

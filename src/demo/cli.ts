import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import Conf from 'conf'
import { createMailroom, type Mailroom } from '../main/core/app/create-mailroom'
import { generateEd25519KeyFile } from '../main/core/keys/generate-key'
import { createLineLogger } from '../main/core/logging/logger'
import { KeychainSecretStore } from '../main/core/secrets/keychain-secret-store'
import { MemorySecretStore, type SecretStore } from '../main/core/secrets/secret-store'
import { startWebBridge } from '../main/web-bridge/web-bridge-server'
import type { KeyInfo, Profile } from '../shared/domain'
import type { Result } from '../shared/errors'
import { DEMO_USERS, startDemoGateway, type DemoGateway } from './demo-gateway'
import { PGP_PARTNER } from './demo-pgp-partner'
import { readyDemoPgp } from './demo-pgp-setup'
import { electronBinary, runElectronApp } from './launch-electron'

/**
 * `npm run demo`: the demo gateway on 127.0.0.1, a demo profile and key for each of its three
 * gateways (keys go through the same keychain path as real ones), and Mailroom on them: the
 * Electron app where its binary is installed, else the web UI, whose address it prints.
 * Ctrl+C (or closing the app) stops everything.
 */
const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string', default: join(homedir(), '.mailroom-demo') },
    'renderer-dir': { type: 'string', default: 'out/renderer' },
    port: { type: 'string', default: '0' },
    'gateway-port': { type: 'string', default: '0' },
    // AS2 Gateway's own port, as on the real one; a free one where 9193 is taken.
    'as2-port': { type: 'string', default: '9193' },
    secrets: { type: 'string', default: 'auto' },
    // KiB a second for file data on each connection, to watch progress and try Cancel.
    bandwidth: { type: 'string' },
    // auto: the Electron app where its binary is installed, the web UI elsewhere.
    ui: { type: 'string', default: 'auto' },
  },
})

const dataDir = resolve(values['data-dir'])
mkdirSync(join(dataDir, 'gateway'), { recursive: true })
const hostKeyFile = join(dataDir, 'gateway-host-key')
// The gateway keeps its host key across runs, so the one you trusted stays trusted.
if (!existsSync(hostKeyFile))
  writeFileSync(hostKeyFile, generateEd25519KeyFile('mailroom-demo').privateKey, { mode: 0o600 })

const logFile = createWriteStream(join(dataDir, 'mailroom-demo.log'), { flags: 'a' })
const logger = createLineLogger((line) => logFile.write(`${line}\n`))

async function chooseSecrets(): Promise<SecretStore> {
  if (values.secrets === 'memory') return new MemorySecretStore()
  const keychain = new KeychainSecretStore()
  try {
    // Reading may succeed where storing fails (no Secret Service): try what the demo will do.
    await keychain.set('mailroom-demo-probe', 'probe')
    await keychain.delete('mailroom-demo-probe')
    return keychain
  } catch (error) {
    if (values.secrets === 'keychain') throw error
    console.log(
      `No system keychain here (${error instanceof Error ? error.message.split('.')[0] : String(error)}); the demo keeps its keys in memory.`,
    )
    return new MemorySecretStore()
  }
}

/** The Electron app where its binary is installed, else the web UI (build machines). */
function chooseUi(secrets: SecretStore): { binary?: string } {
  if (values.ui === 'web') return {}
  const binary = electronBinary()
  // The Electron app reads keys from the system keychain: keys in this process's memory it
  // cannot see.
  const problem = !binary
    ? 'no Electron binary is installed here'
    : secrets instanceof MemorySecretStore
      ? 'the demo keys are in memory, where the Electron app cannot read them'
      : undefined
  if (!problem) return { binary }
  if (values.ui === 'electron') throw new Error(`Cannot start the Electron app: ${problem}.`)
  console.log(`The web UI shows the demo: ${problem}.`)
  return {}
}

function kibPerSecond(text: string): number {
  const kib = Number(text)
  if (!Number.isFinite(kib) || kib <= 0)
    throw new Error(`--bandwidth is KiB a second, not "${text}".`)
  return kib * 1024
}

const value = <T>(result: Result<unknown>): T => {
  if (!result.ok) throw new Error(result.error.message)
  return result.value as T
}

/** The three demo profiles, made once: a key each (AS2 Gateway's with a remembered passphrase). */
async function ensureDemoProfiles(mailroom: Mailroom, gateway: DemoGateway): Promise<void> {
  const existing = value<Profile[]>(await mailroom.dispatch('profiles:list', {}))
  const wanted = [
    {
      name: 'Demo Amili',
      preset: 'amili',
      user: 'amili',
      username: DEMO_USERS.amili,
      passphrase: undefined,
    },
    {
      name: 'Demo MFT Gateway',
      preset: 'mft-gateway',
      user: 'mft',
      username: DEMO_USERS.mft,
      passphrase: undefined,
    },
    {
      name: 'Demo AS2 Gateway',
      preset: 'as2-gateway',
      user: 'as2',
      username: DEMO_USERS.as2,
      passphrase: 'demo passphrase',
    },
  ] as const
  for (const demo of wanted) {
    const port = gateway.portOf(demo.user)
    const found = existing.find((profile) => profile.name === demo.name)
    if (found) {
      if (found.port !== port)
        value(
          await mailroom.dispatch('profiles:save', { id: found.id, profile: { ...found, port } }),
        )
      continue
    }
    const key = value<KeyInfo>(
      await mailroom.dispatch('keys:generate', {
        comment: `${demo.username}@mailroom-demo`,
        rememberPassphrase: true,
        ...(demo.passphrase ? { passphrase: demo.passphrase } : {}),
      }),
    )
    value(
      await mailroom.dispatch('profiles:save', {
        profile: {
          name: demo.name,
          preset: demo.preset,
          group: 'Demo gateways',
          host: '127.0.0.1',
          port,
          username: demo.username,
          keyId: key.id,
        },
      }),
    )
  }
}

const secrets = await chooseSecrets()
const ui = chooseUi(secrets)
const appDir = join(dataDir, 'app')
// Keys kept in memory die with the process: start such a demo afresh rather than with profiles
// whose keys are gone.
if (secrets instanceof MemorySecretStore) rmSync(appDir, { recursive: true, force: true })
const settings = new Conf<Record<string, unknown>>({ cwd: appDir, configName: 'settings' })
const mailroom = createMailroom({
  dataDir: appDir,
  settings,
  secrets,
  logger,
  platform: { transport: 'web', version: process.env.npm_package_version ?? 'dev' },
})
const bytesPerSecond = values.bandwidth === undefined ? undefined : kibPerSecond(values.bandwidth)
const startGateway = (as2Port: number) =>
  startDemoGateway({
    dataDir: join(dataDir, 'gateway'),
    port: Number(values['gateway-port']),
    as2Port,
    hostKey: readFileSync(hostKeyFile, 'utf8'),
    pgpPartner: true,
    ...(bytesPerSecond ? { faults: { bytesPerSecond } } : {}),
    onError: (error) =>
      logger.warn('Demo gateway', {
        error: error instanceof Error ? error.message : String(error),
      }),
  })
const gateway = await startGateway(Number(values['as2-port'])).catch((error: unknown) => {
  if ((error as { code?: unknown }).code !== 'EADDRINUSE') throw error
  return startGateway(0)
})
await ensureDemoProfiles(mailroom, gateway)
const mftProfile = value<Profile[]>(await mailroom.dispatch('profiles:list', {})).find(
  (profile) => profile.name === 'Demo MFT Gateway',
)
if (gateway.pgpKeys && mftProfile) await readyDemoPgp(mailroom, gateway.pgpKeys, mftProfile.id)
// The gateway's keys live in memory: let every demo profile's key log in to its account.
const keys = value<KeyInfo[]>(await mailroom.dispatch('keys:list', {}))
for (const profile of value<Profile[]>(await mailroom.dispatch('profiles:list', {}))) {
  const key = keys.find((candidate) => candidate.id === profile.keyId)
  if (key && profile.group === 'Demo gateways') gateway.authorize(profile.username, key.publicKey)
}

const gatewayLine = `Demo gateway on 127.0.0.1 port ${gateway.port} (Amili, MFT Gateway) and ${gateway.as2Port} (AS2 Gateway) (its host key: ${gateway.hostKeyPublic.split(' ')[0]}), files in ${join(dataDir, 'gateway')}`

const pgpLine = `${PGP_PARTNER} on Demo MFT Gateway sends invoices encrypted to the key "Mailroom Demo" and signed: pickup decrypts them.`

if (ui.binary) {
  // The app opens the same settings and key files: this process lets go of them first.
  await mailroom.shutdown()
  console.log(gatewayLine)
  console.log(pgpLine)
  console.log('Mailroom starts with the three demo profiles. Close it, or press Ctrl+C, to stop.')
  const code = await runElectronApp(ui.binary, appDir).catch((error: unknown) => {
    console.error(
      `The Electron app did not start: ${error instanceof Error ? error.message : String(error)}`,
    )
    return 1
  })
  await gateway.stop()
  logFile.end()
  process.exit(code)
}

const bridge = await startWebBridge({
  mailroom,
  rendererDir: resolve(values['renderer-dir']),
  logger,
  port: Number(values.port),
})
console.log(gatewayLine)
console.log(pgpLine)
console.log(`Mailroom web UI: ${bridge.url}`)

let stopping = false
const stop = async () => {
  if (stopping) return
  stopping = true
  await mailroom.shutdown()
  await bridge.close()
  await gateway.stop()
  logFile.end()
  process.exit(0)
}
process.on('SIGINT', () => void stop())
process.on('SIGTERM', () => void stop())

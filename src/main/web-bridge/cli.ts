import { createWriteStream, mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import Conf from 'conf'
import { createMailroom } from '../core/app/create-mailroom'
import { createLineLogger } from '../core/logging/logger'
import { KeychainSecretStore } from '../core/secrets/keychain-secret-store'
import { MemorySecretStore } from '../core/secrets/secret-store'
import { startWebBridge } from './web-bridge-server'

/**
 * `npm run web`: Mailroom's UI in a browser, for machines with no Electron binary, for demos
 * and for the end-to-end tests. Prints one line with the address (it carries the token).
 */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'data-dir': { type: 'string' },
    'renderer-dir': { type: 'string', default: 'out/renderer' },
    // "memory" keeps keys only while the process runs: for demos on machines without a keychain.
    secrets: { type: 'string', default: 'keychain' },
  },
})

const port = Number(values.port)
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a number from 0 (any free port) to 65535, not ${values.port}`)
  process.exit(2)
}
const settings = values['data-dir']
  ? new Conf<Record<string, unknown>>({ cwd: resolve(values['data-dir']), configName: 'settings' })
  : new Conf<Record<string, unknown>>({ projectName: 'mailroom', configName: 'settings' })
const dataDir = resolve(settings.path, '..')
mkdirSync(join(dataDir, 'logs'), { recursive: true })
const logFile = createWriteStream(join(dataDir, 'logs', 'mailroom-web.log'), { flags: 'a' })
const logger = createLineLogger((line) => logFile.write(`${line}\n`))

if (values.secrets !== 'keychain' && values.secrets !== 'memory') {
  console.error(`--secrets is "keychain" (the OS keychain) or "memory", not ${values.secrets}`)
  process.exit(2)
}
const mailroom = createMailroom({
  dataDir,
  settings,
  secrets: values.secrets === 'memory' ? new MemorySecretStore() : new KeychainSecretStore(),
  logger,
  platform: { transport: 'web', version: process.env.npm_package_version ?? 'dev' },
})
const bridge = await startWebBridge({
  mailroom,
  rendererDir: resolve(values['renderer-dir']),
  logger,
  port,
})
console.log(`Mailroom web UI: ${bridge.url}`)
logger.info('Web bridge started', { port: bridge.port, dataDir })

let stopping = false
const stop = async () => {
  if (stopping) return
  stopping = true
  await mailroom.shutdown()
  await bridge.close()
  logFile.end()
  process.exit(0)
}
process.on('SIGINT', () => void stop())
process.on('SIGTERM', () => void stop())

import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs'
import { join, resolve } from 'node:path'
import Conf from 'conf'
import type { CallName, CallOutput, CallInput } from '../shared/api-contract'
import type { HostKeyPrompt } from '../shared/domain'
import type { ApiEvent } from '../shared/transport'
import { createMailroom, type Mailroom } from '../main/core/app/create-mailroom'
import { createLineLogger, type Logger } from '../main/core/logging/logger'
import { KeychainSecretStore } from '../main/core/secrets/keychain-secret-store'
import { appDataFolder } from './data-folder'
import { failureOf } from './exit-codes'

/**
 * The same core the app runs, built the way the web bridge builds it (src/main/web-bridge/cli.ts):
 * the app's data folder, its settings file (conf, electron-store's base, same format), the OS
 * keychain, and a log file of its own in the data folder's logs/. Calls go through `dispatch`,
 * exactly as the UI's do, so the same checks and messages apply.
 */
export class CliMailroom {
  /**
   * How host key questions are answered: never by a person. Core asks only about a key it does
   * not know (a changed one fails before asking); the answer is yes only for the fingerprint
   * `trust` was given. The offered key is kept so the command can print it.
   */
  trustFingerprint: string | undefined
  private refused: HostKeyPrompt | undefined

  private constructor(
    readonly dataDir: string,
    readonly logger: Logger,
    private readonly mailroom: Mailroom,
    private readonly logFile: WriteStream,
  ) {
    mailroom.subscribe((event) => {
      if (event.name !== 'hostkey:prompt') return
      const trust = this.trustFingerprint === event.payload.hostKey.fingerprint
      if (!trust) this.refused = event.payload
      logger.info(trust ? 'Host key trusted as told' : 'Unknown host key refused', {
        host: event.payload.host,
        port: event.payload.port,
        fingerprint: event.payload.hostKey.fingerprint,
      })
      void mailroom.dispatch('hostkey:answer', { promptId: event.payload.promptId, trust })
    })
  }

  static open(dataDirOption: string | undefined): CliMailroom {
    const dataDir = dataDirOption ? resolve(dataDirOption) : appDataFolder()
    mkdirSync(join(dataDir, 'logs'), { recursive: true })
    const logFile = createWriteStream(join(dataDir, 'logs', 'mailroom-cli.log'), { flags: 'a' })
    const logger = createLineLogger((line) => logFile.write(`${line}\n`))
    const mailroom = createMailroom({
      dataDir,
      settings: new Conf<Record<string, unknown>>({ cwd: dataDir, configName: 'settings' }),
      secrets: new KeychainSecretStore(),
      logger,
      platform: { transport: 'web', version: process.env.npm_package_version ?? 'cli' },
    })
    return new CliMailroom(dataDir, logger, mailroom, logFile)
  }

  /** A call's value; a failed call ends the command with the app's message and its exit code. */
  async call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>> {
    const result = await this.mailroom.dispatch(name, input)
    if (!result.ok) throw failureOf(result.error, name === 'session:open')
    return result.value as CallOutput<N>
  }

  /** The host key core last asked about and the command refused, taken once. */
  takeRefusedHostKey(): HostKeyPrompt | undefined {
    const refused = this.refused
    this.refused = undefined
    return refused
  }

  subscribe(listener: (event: ApiEvent) => void): () => void {
    return this.mailroom.subscribe(listener)
  }

  async close(): Promise<void> {
    await this.mailroom.shutdown()
    await new Promise<void>((done) => this.logFile.end(done))
  }
}

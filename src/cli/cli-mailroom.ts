import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs'
import { join, resolve } from 'node:path'
import Conf from 'conf'
import type { CallName, CallOutput, CallInput } from '../shared/api-contract'
import type { HostKeyPrompt, ProfileId } from '../shared/domain'
import type { LoginPrompt } from '../shared/login-prompt'
import type { ApiEvent } from '../shared/transport'
import { createMailroom, type Mailroom } from '../main/core/app/create-mailroom'
import type { ProfileRun } from '../main/core/locks/profile-runs'
import { createLineLogger, type Logger } from '../main/core/logging/logger'
import { KeychainSecretStore } from '../main/core/secrets/keychain-secret-store'
import type { ResolveProxy } from '../main/core/sftp/route'
import { appDataFolder } from './data-folder'
import { findProfile } from './find-profile'
import { EXIT, failureOf, type ExitCode } from './exit-codes'

// What each exit code means, in the session log's line for the run (docs/automation.md).
const EXIT_MEANING: Record<ExitCode, string> = {
  [EXIT.ok]: 'all done',
  [EXIT.someFailed]: 'some files failed',
  [EXIT.usage]: 'usage or profile error',
  [EXIT.hostKey]: 'host key unknown or changed',
  [EXIT.cannotConnect]: 'cannot connect or log in',
  [EXIT.pickupRunning]: 'another pickup of this profile is running',
}

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
   * `trust` was given, offered by the server it named (the profile's, or with `--host` one of
   * its jump hosts). The offered key is kept so the command can print it.
   */
  trusting: { fingerprint: string; server?: { host: string; port: number } } | undefined
  private refused: HostKeyPrompt | undefined
  private unanswered: LoginPrompt | undefined
  private run: { label: string; profileId?: ProfileId; startedAt: number } | undefined

  private constructor(
    readonly dataDir: string,
    readonly logger: Logger,
    private readonly mailroom: Mailroom,
    private readonly logFile: WriteStream,
  ) {
    mailroom.subscribe((event) => {
      if (event.name === 'login:prompt') {
        // The command never asks (DESIGN.md 3c): the server's question ends the login, and the
        // command says which question it was. The stored password answers a password question
        // in core before anything comes here.
        this.unanswered = event.payload
        logger.warn('A question of the server refused: the command never asks', {
          host: event.payload.host,
          port: event.payload.port,
          questions: event.payload.prompts.map((prompt) => prompt.prompt),
        })
        void mailroom.dispatch('login:answer', { promptId: event.payload.promptId, answers: null })
        return
      }
      if (event.name !== 'hostkey:prompt') return
      const { host, port, jumpHost, hostKey } = event.payload
      const wanted = this.trusting
      const trust =
        wanted?.fingerprint === hostKey.fingerprint &&
        (wanted.server
          ? wanted.server.host.toLowerCase() === host.toLowerCase() && wanted.server.port === port
          : jumpHost !== true)
      if (!trust) this.refused = event.payload
      logger.info(trust ? 'Host key trusted as told' : 'Unknown host key refused', {
        host: event.payload.host,
        port: event.payload.port,
        fingerprint: event.payload.hostKey.fingerprint,
      })
      void mailroom.dispatch('hostkey:answer', { promptId: event.payload.promptId, trust })
    })
  }

  /**
   * `resolveProxy`: the system's proxy, where the command runs inside the app's own executable
   * (`Mailroom --cli`, src/main/shell/headless.ts), which can ask Electron for it.
   */
  static open(
    dataDirOption: string | undefined,
    options: { resolveProxy?: ResolveProxy } = {},
  ): CliMailroom {
    const dataDir = dataDirOption ? resolve(dataDirOption) : appDataFolder()
    mkdirSync(join(dataDir, 'logs'), { recursive: true })
    const logFile = createWriteStream(join(dataDir, 'logs', 'mailroom-cli.log'), { flags: 'a' })
    const logger = createLineLogger((line) => logFile.write(`${line}\n`))
    const mailroom = createMailroom({
      dataDir,
      settings: new Conf<Record<string, unknown>>({ cwd: dataDir, configName: 'settings' }),
      secrets: new KeychainSecretStore(),
      logger,
      platform: { transport: 'cli', version: process.env.npm_package_version ?? 'cli' },
      // `send` and `pickup` recover what an interrupted send left themselves; `check` only reports.
      recoverSendsOnConnect: false,
      ...(options.resolveProxy ? { resolveProxy: options.resolveProxy } : {}),
    })
    return new CliMailroom(dataDir, logger, mailroom, logFile)
  }

  /** A call's value; a failed call ends the command with the app's message and its exit code. */
  async call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>> {
    const result = await this.mailroom.dispatch(name, input)
    if (!result.ok) throw failureOf(result.error, name === 'session:open')
    return result.value as CallOutput<N>
  }

  /**
   * Notes the command's start in the session log, so the app's Session log shows the command's
   * runs among its own. Only the command and the profile are written, never other options.
   */
  async startRun(command: string, profileOption: string | undefined): Promise<void> {
    // An unknown profile is the command's own error to report; the line just goes without one.
    const profileId = profileOption
      ? await findProfile(this, profileOption).then(
          (profile) => profile.id,
          () => undefined,
        )
      : undefined
    const label = `mailroom ${command}${profileOption ? ` --profile ${JSON.stringify(profileOption)}` : ''}`
    this.run = { label, ...(profileId ? { profileId } : {}), startedAt: Date.now() }
    this.mailroom.sessionLog.record({
      level: 'info',
      category: 'command',
      ...(profileId ? { profileId } : {}),
      message: `${label} started`,
    })
  }

  /** The run's line in the session log: its exit code, what it means, and why it failed. */
  endRun(exitCode: ExitCode, failure?: string): void {
    if (!this.run) return
    const { label, profileId, startedAt } = this.run
    this.run = undefined
    this.mailroom.sessionLog.record({
      level: exitCode === EXIT.ok ? 'info' : 'error',
      category: 'command',
      ...(profileId ? { profileId } : {}),
      message: `${label} ended with exit code ${exitCode} (${EXIT_MEANING[exitCode]})${failure ? `: ${failure}` : ''}`,
      details: { exitCode, durationMs: Date.now() - startedAt },
    })
  }

  /** The host key core last asked about and the command refused, taken once. */
  takeRefusedHostKey(): HostKeyPrompt | undefined {
    const refused = this.refused
    this.refused = undefined
    return refused
  }

  /** The server's login question the command last refused to answer, taken once. */
  takeUnansweredQuestion(): LoginPrompt | undefined {
    const unanswered = this.unanswered
    this.unanswered = undefined
    return unanswered
  }

  /**
   * Opens the profile's pickup run for this command's mailboxes, before connecting; undefined
   * when another process (the app, another command) is picking it up.
   */
  beginPickupRun(profileId: ProfileId): ProfileRun | undefined {
    return this.mailroom.pickupRuns.begin(profileId, 'the mailroom command')
  }

  subscribe(listener: (event: ApiEvent) => void): () => void {
    return this.mailroom.subscribe(listener)
  }

  async close(): Promise<void> {
    await this.mailroom.shutdown()
    await new Promise<void>((done) => this.logFile.end(done))
  }
}

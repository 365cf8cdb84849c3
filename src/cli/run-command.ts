import type { ResolveProxy } from '../main/core/sftp/route'
import { parseCommandLine, timeLimitMs, USAGE, type CommandName } from './arguments'
import { CliMailroom } from './cli-mailroom'
import type { Command } from './command'
import { checkMailboxes } from './commands/check'
import { addProfile } from './commands/profile-add'
import { listProfiles } from './commands/profiles'
import { importPgpKey, listPgpKeys } from './commands/pgp'
import { pickUp } from './commands/pickup'
import { sendFiles } from './commands/send'
import { trustHostKey } from './commands/trust'
import { unansweredQuestion } from './connect'
import { CliFailure, EXIT, type ExitCode } from './exit-codes'
import { findProfile } from './find-profile'
import { Output } from './output'

const COMMANDS: Record<Exclude<CommandName, 'help'>, Command> = {
  profiles: listProfiles,
  'profile add': addProfile,
  trust: trustHostKey,
  pickup: pickUp,
  send: sendFiles,
  check: checkMailboxes,
  'pgp import-key': importPgpKey,
  'pgp keys': listPgpKeys,
}

/**
 * `mailroom`: pickup, send and check for scripts and the OS scheduler, over the same core,
 * data folder, keychain, rules and journal as the app. It never asks a question; it resolves to
 * an exit code that says what happened (docs/automation.md). Two entry points run it: plain Node
 * (`npm run mailroom`, src/cli/main.ts) and the packaged app's own executable (`Mailroom --cli`,
 * src/main/shell/headless.ts), so it sets no exit code and exits nothing itself.
 */
export async function runMailroomCommand(
  args: readonly string[],
  /** The system's proxy lookup, which only the app's own executable has (headless.ts). */
  options: { resolveProxy?: ResolveProxy } = {},
): Promise<ExitCode> {
  const json = args.includes('--json')
  const output = Output.forProcess(json)
  let mailroom: CliMailroom | undefined
  try {
    const parsed = parseCommandLine(args)
    if (parsed.command === 'help') {
      process.stdout.write(USAGE)
      return EXIT.ok
    }
    const limit = timeLimitMs(parsed.options)
    if (limit !== undefined) stopAfter(limit, output)
    mailroom = CliMailroom.open(parsed.options['data-dir'], options)
    await mailroom.startRun(parsed.command, parsed.options.profile)
    const { exitCode, result } = await COMMANDS[parsed.command](mailroom, parsed, output)
    // Reconnecting after a drop met a question of the server's (a new one-time code): the
    // files it held failed, and the reason is the login, which the command could not do.
    const question = mailroom.takeUnansweredQuestion()
    if (question && parsed.options.profile !== undefined)
      throw unansweredQuestion(question, await findProfile(mailroom, parsed.options.profile))
    mailroom.endRun(exitCode)
    output.document({ ok: exitCode === EXIT.ok, exitCode, ...(result as object) })
    return exitCode
  } catch (error) {
    const failure =
      error instanceof CliFailure
        ? error
        : new CliFailure(
            EXIT.someFailed,
            `Unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
            'internal',
          )
    output.error(failure.message)
    if (failure.exitCode === EXIT.usage && failure.kind === 'usage' && !json)
      process.stderr.write('Run mailroom help for the commands and their options.\n')
    output.document({
      ok: false,
      exitCode: failure.exitCode,
      error: {
        kind: failure.kind,
        message: failure.message,
        ...(failure.detail ? { detail: failure.detail } : {}),
      },
    })
    mailroom?.logger.warn('Command failed', { kind: failure.kind, message: failure.message })
    mailroom?.endRun(failure.exitCode, failure.message)
    return failure.exitCode
  } finally {
    await mailroom?.close()
  }
}

/**
 * --time-limit: a run that has not finished by then (a server that stopped answering) ends
 * here, as if killed: the journal lets the next run finish what this one left, and the OS
 * drops its pickup lock, so one stuck run cannot keep every later one out with exit 5.
 */
function stopAfter(ms: number, output: Output): void {
  setTimeout(() => {
    const message = `Stopped after the time limit of ${ms / 60_000} minutes. Files not finished stay on the server; the next run picks up what is left.`
    output.error(message)
    output.document({
      ok: false,
      exitCode: EXIT.someFailed,
      error: { kind: 'timeout', message },
    })
    process.exit(EXIT.someFailed)
  }, ms).unref()
}

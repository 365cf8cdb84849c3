import type { ParsedCommand } from './arguments'
import type { CliMailroom } from './cli-mailroom'
import type { ExitCode } from './exit-codes'
import type { Output } from './output'

/** What a command ends with: its exit code and its results for --json. */
export interface CommandResult {
  readonly exitCode: ExitCode
  readonly result: unknown
}

/** One command: works through core's calls, reports through `output`. */
export type Command = (
  mailroom: CliMailroom,
  parsed: ParsedCommand,
  output: Output,
) => Promise<CommandResult>

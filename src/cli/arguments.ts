import { parseArgs } from 'node:util'
import { CliFailure } from './exit-codes'

/** The commands, each with the options it takes (besides the global --data-dir and --json). */
const COMMANDS = {
  profiles: [],
  'profile add': [
    'name',
    'preset',
    'host',
    'port',
    'user',
    'key',
    'passphrase-from-env',
    'auth',
    'password-from-env',
    'agent-key',
    'receive',
    'send',
    'proxy',
    'proxy-password-from-env',
    'jump',
    'jump-key',
    'decrypt',
    'require-signature',
    'encrypt-to',
    'sign',
    'sign-with',
    'armor',
  ],
  trust: ['profile', 'fingerprint', 'host'],
  pickup: ['profile', 'mailbox', 'to', 'keep-on-server', 'time-limit'],
  send: ['profile', 'to', 'as-message', 'rename-duplicates', 'time-limit'],
  check: ['profile', 'time-limit'],
  'pgp import-key': ['passphrase-from-env'],
  'pgp keys': [],
  help: [],
} as const satisfies Record<string, readonly string[]>
export type CommandName = keyof typeof COMMANDS

const OPTIONS = {
  'data-dir': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  name: { type: 'string' },
  preset: { type: 'string' },
  host: { type: 'string' },
  port: { type: 'string' },
  user: { type: 'string' },
  key: { type: 'string' },
  'passphrase-from-env': { type: 'string' },
  auth: { type: 'string' },
  'password-from-env': { type: 'string' },
  'agent-key': { type: 'string' },
  receive: { type: 'string', multiple: true },
  send: { type: 'string', multiple: true },
  proxy: { type: 'string' },
  'proxy-password-from-env': { type: 'string' },
  jump: { type: 'string', multiple: true },
  'jump-key': { type: 'string', multiple: true },
  profile: { type: 'string' },
  fingerprint: { type: 'string' },
  mailbox: { type: 'string', multiple: true },
  to: { type: 'string' },
  'keep-on-server': { type: 'boolean' },
  'as-message': { type: 'boolean' },
  'rename-duplicates': { type: 'boolean' },
  'time-limit': { type: 'string' },
  decrypt: { type: 'boolean' },
  'require-signature': { type: 'boolean' },
  'encrypt-to': { type: 'string', multiple: true },
  sign: { type: 'boolean' },
  'sign-with': { type: 'string' },
  armor: { type: 'boolean' },
} as const

const parse = (args: readonly string[]) =>
  parseArgs({ args: [...args], options: OPTIONS, allowPositionals: true, strict: true })
export type Options = ReturnType<typeof parse>['values']

export const USAGE = `Usage: mailroom [--data-dir DIR] [--json] <command> [options]

Commands:
  profiles                              list the profiles
  profile add --name N --preset P --host H [--port N] --user U
              [--auth key|password|keyboard-interactive|agent|key-and-password]
              [--key FILE [--passphrase-from-env VAR]] [--password-from-env VAR]
              [--agent-key SHA256:...] [--receive PATH...] [--send PATH...]
              [--proxy socks5://[USER@]HOST:PORT | http://[USER@]HOST:PORT | system]
              [--proxy-password-from-env VAR] [--jump USER@HOST[:PORT]...] [--jump-key FILE...]
              [--decrypt [--require-signature]]
              [--encrypt-to FINGERPRINT... [--sign [--sign-with FINGERPRINT]] [--armor]]
                                        create a profile: its keys (--auth key, the default, and
                                        key-and-password) and passwords go into the keychain;
                                        --decrypt: pickup decrypts OpenPGP files in its receive
                                        mailboxes (--require-signature: only with a good one);
                                        --encrypt-to: send encrypts to these partner keys in its
                                        send mailboxes (name.pgp; --armor: name.asc), --sign
                                        signs with the own key (--sign-with: which one)
  trust --profile N [--host HOST[:PORT]] --fingerprint SHA256:...
                                        trust the server's host key (or, with --host, a jump
                                        host's), once it offers exactly this one
  pickup --profile N [--mailbox PATH...] [--to DIR] [--keep-on-server]
                                        pick up every receive mailbox (or those named); a file
                                        kept encrypted (no key, no remembered passphrase, not
                                        verified, damaged) is saved as it is and exits 1
  send --profile N --to MAILBOX FILE... [--as-message] [--rename-duplicates]
                                        send files into a send mailbox (encrypted where the
                                        profile says; a signing key whose passphrase is not
                                        remembered fails its files, exit 1)
  check --profile N                     what waits in each receive mailbox, fetching nothing
  pgp import-key FILE [--passphrase-from-env VAR]
                                        import OpenPGP keys: partners' public keys, or an own
                                        secret key, its passphrase remembered in the keychain
  pgp keys                              list the OpenPGP keys: user IDs, fingerprint, algorithm,
                                        expiry, and which are weak, expiring, expired or revoked

pickup, send and check take --time-limit MINUTES: stop (exit 1) if not finished by then.
Presets: amili, mft-gateway, as2-gateway, generic. --profile takes a name or an id.
--jump is repeated for a chain (first jump first, up to 3); jump hosts log in with the profile's
key unless --jump-key is given (once for all, or once per --jump).
--data-dir: Mailroom's data folder (default: the app's). --json: one JSON document of results.
Exit codes: 0 all done, 1 some files failed, 2 usage or profile error, 3 host key unknown or
changed, 4 cannot connect, get through or log in, 5 another pickup of this profile is running.
`

export interface ParsedCommand {
  readonly command: CommandName
  readonly options: Options
  /** Positional arguments after the command (the files of send, the key file of pgp import-key). */
  readonly rest: readonly string[]
}

/** The command line as a command and its options; a CliFailure (exit 2) for anything else. */
export function parseCommandLine(args: readonly string[]): ParsedCommand {
  let parsed
  try {
    parsed = parse(args)
  } catch (error) {
    throw CliFailure.usage(error instanceof Error ? error.message : String(error))
  }
  const { values, positionals } = parsed
  const [first, second] = positionals
  const twoWords = `${first ?? ''} ${second ?? ''}`
  const command: CommandName | undefined =
    twoWords === 'profile add' || twoWords === 'pgp import-key' || twoWords === 'pgp keys'
      ? (twoWords as CommandName)
      : first === undefined && !values.help
        ? undefined
        : first === undefined || values.help
          ? 'help'
          : Object.hasOwn(COMMANDS, first) && !first.includes(' ')
            ? (first as CommandName)
            : undefined
  if (!command)
    throw CliFailure.usage(
      first === undefined
        ? `Name a command.\n${USAGE}`
        : first === 'profile'
          ? 'mailroom profile takes "add": mailroom profile add --name N ...'
          : first === 'pgp'
            ? 'mailroom pgp takes "import-key FILE" or "keys".'
            : `Unknown command "${first ?? ''}". Run mailroom help for the commands.`,
    )
  const rest = positionals.slice(command.includes(' ') ? 2 : 1)
  const allowed: ReadonlySet<string> = new Set(['data-dir', 'json', 'help', ...COMMANDS[command]])
  const stray = Object.keys(values).find((option) => !allowed.has(option))
  if (stray) throw CliFailure.usage(`mailroom ${command} does not take --${stray}.`)
  if (command === 'pgp import-key' && rest.length !== 1)
    throw CliFailure.usage('mailroom pgp import-key takes one key file.')
  if (rest.length > 0 && command !== 'send' && command !== 'pgp import-key')
    throw CliFailure.usage(`mailroom ${command} takes no "${rest[0] ?? ''}".`)
  return { command, options: values, rest }
}

/** --time-limit in milliseconds, or undefined when not given. */
export function timeLimitMs(options: Options): number | undefined {
  const text = options['time-limit']
  if (text === undefined) return undefined
  const minutes = Number(text)
  if (!Number.isFinite(minutes) || minutes <= 0)
    throw CliFailure.usage(`--time-limit is a number of minutes, not "${text}".`)
  return minutes * 60_000
}

/** A required option's value, or a usage error naming it. */
export function required(options: Options, name: keyof Options & string): string {
  const value = options[name]
  if (typeof value !== 'string' || value.trim() === '')
    throw CliFailure.usage(`--${name} is required.`)
  return value
}

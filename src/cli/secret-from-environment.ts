import type { Options } from './arguments'
import { CliFailure } from './exit-codes'

/**
 * The value of the environment variable an option names; a usage error when it is not set. The
 * command never takes a secret on its command line, where other users' `ps` would show it.
 */
export function secretFromEnvironment(
  options: Options,
  name: 'passphrase-from-env' | 'password-from-env' | 'proxy-password-from-env',
): string | undefined {
  const variable = options[name]
  if (variable === undefined) return undefined
  const value = process.env[variable]
  if (!value) throw CliFailure.usage(`The environment variable ${variable} is not set.`)
  return value
}

import { resolve } from 'node:path'
import type { PgpKeyInfo } from '../../shared/pgp'
import type { Command } from '../command'
import { EXIT } from '../exit-codes'
import { secretFromEnvironment } from '../secret-from-environment'

/**
 * `mailroom pgp import-key FILE`: partners' public keys or an own secret key. A secret key's
 * passphrase (from --passphrase-from-env) is proved, then remembered in the keychain, since the
 * command never asks and later pickups must decrypt without anyone there.
 */
export const importPgpKey: Command = async (mailroom, parsed, output) => {
  const passphrase = secretFromEnvironment(parsed.options, 'passphrase-from-env')
  const file = resolve(parsed.rest[0] ?? '')
  const imported = await mailroom.call('pgp:import', {
    source: { kind: 'path', path: file },
    ...(passphrase ? { passphrase } : {}),
    rememberPassphrase: passphrase !== undefined,
  })
  for (const { key, result } of imported)
    output.line(`${result === 'added' ? 'Imported' : 'Updated'}: ${describeKeyLine(key)}`)
  return {
    exitCode: EXIT.ok,
    result: { keys: imported.map(({ key, result }) => ({ ...key, result })) },
  }
}

/** `mailroom pgp keys`: every OpenPGP key with what a person must know about it. */
export const listPgpKeys: Command = async (mailroom, _parsed, output) => {
  const keys = await mailroom.call('pgp:keys', {})
  if (keys.length === 0)
    output.line('No OpenPGP keys yet. Import one with: mailroom pgp import-key FILE')
  for (const key of keys) output.line(describeKeyLine(key))
  return { exitCode: EXIT.ok, result: { keys } }
}

/** One key as a tab-separated line: fingerprint, own or partner, algorithm, user ID, state. */
function describeKeyLine(key: PgpKeyInfo): string {
  const notes = [
    key.revoked ? 'revoked' : '',
    key.expired ? 'expired' : '',
    key.expiresSoon ? 'expires soon' : '',
    key.weak ? 'weak key' : '',
  ].filter(Boolean)
  return [
    key.fingerprint,
    key.hasSecret ? 'own' : 'partner',
    key.algorithm,
    key.userIds[0] ?? '',
    key.expiresAt === null
      ? 'no expiry'
      : `expires ${new Date(key.expiresAt).toISOString().slice(0, 10)}`,
    ...notes,
  ].join('\t')
}

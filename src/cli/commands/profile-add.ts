import { resolve } from 'node:path'
import type { KeyInfo, Profile } from '../../shared/domain'
import { PRESET_IDS, PRESETS, type PresetId } from '../../shared/presets'
import { required } from '../arguments'
import type { Command } from '../command'
import { CliFailure, EXIT } from '../exit-codes'

/**
 * `mailroom profile add`: what the Profile dialog does, with the same calls: import the key
 * (keys:import; a key stored already is reused, as its message offers), then save the profile
 * (profiles:save), whose checks and messages are the dialog's. A key this command imported for
 * a profile that then fails to save is deleted again, so nothing is left half made.
 */
export const addProfile: Command = async (mailroom, { options }, output) => {
  const name = required(options, 'name')
  const presetText = required(options, 'preset')
  if (!(PRESET_IDS as readonly string[]).includes(presetText))
    throw CliFailure.usage(`--preset is one of ${PRESET_IDS.join(', ')}, not "${presetText}".`)
  const preset = presetText as PresetId
  const host = required(options, 'host')
  const username = required(options, 'user')
  const keyPath = resolve(required(options, 'key'))
  const port = options.port === undefined ? PRESETS[preset].port : Number(options.port)
  if (!Number.isInteger(port)) throw CliFailure.usage(`--port is a number, not "${options.port}".`)
  let passphrase: string | undefined
  const variable = options['passphrase-from-env']
  if (variable !== undefined) {
    passphrase = process.env[variable]
    if (!passphrase) throw CliFailure.usage(`The environment variable ${variable} is not set.`)
  }

  const profiles = await mailroom.call('profiles:list', {})
  if (profiles.some((profile) => profile.name === name.trim()))
    throw CliFailure.usage(`A profile named "${name.trim()}" exists already.`)

  let key: KeyInfo
  let imported = false
  try {
    // Remembered in the keychain: an unattended pickup has nobody to type it.
    key = await mailroom.call('keys:import', {
      source: { kind: 'path', path: keyPath },
      ...(passphrase ? { passphrase } : {}),
      rememberPassphrase: passphrase !== undefined,
    })
    imported = true
  } catch (error) {
    const existing = error instanceof CliFailure ? error.detail?.keyId : undefined
    if (error instanceof CliFailure && error.kind === 'already-exists' && existing) {
      const keys = await mailroom.call('keys:list', {})
      const found = keys.find((candidate) => candidate.id === existing)
      if (!found) throw error
      key = found
      output.line(`The key is stored already ("${found.comment || found.fingerprint}"): using it.`)
    } else throw failAsProfileError(error)
  }

  let saved: Profile
  try {
    saved = await mailroom.call('profiles:save', {
      profile: {
        name,
        preset,
        group: '',
        host,
        port,
        username,
        keyId: key.id,
        ...(options.send ? { sendFolders: options.send } : {}),
        ...(options.receive ? { receiveFolders: options.receive } : {}),
      },
    })
  } catch (error) {
    if (imported) await mailroom.call('keys:delete', { keyId: key.id }).catch(() => undefined)
    throw failAsProfileError(error)
  }
  if (PRESETS[preset].keyNeedsPassphrase && !key.encrypted)
    output.line(`Note: ${PRESETS[preset].label} requires a key protected by a passphrase.`)
  output.line(
    `Profile "${saved.name}" saved (${PRESETS[preset].label}, ${saved.username}@${saved.host}:${saved.port}, key ${key.fingerprint}).`,
  )
  output.line(`Give the provider this public key: ${key.publicKey}`)
  return {
    exitCode: EXIT.ok,
    result: {
      profile: {
        id: saved.id,
        name: saved.name,
        preset: saved.preset,
        host: saved.host,
        port: saved.port,
        user: saved.username,
        receiveFolders: saved.receiveFolders,
        sendFolders: saved.sendFolders,
      },
      key: { id: key.id, fingerprint: key.fingerprint, publicKey: key.publicKey },
    },
  }
}

/** A refused key or profile is the person's to fix: exit 2, with the app's message. */
function failAsProfileError(error: unknown): unknown {
  return error instanceof CliFailure
    ? new CliFailure(EXIT.usage, error.message, error.kind, error.detail)
    : error
}

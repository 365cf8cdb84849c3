import { required } from '../arguments'
import type { Command } from '../command'
import { connect } from '../connect'
import { CliFailure, EXIT } from '../exit-codes'
import { findProfile } from '../find-profile'

// `SHA256:` and unpadded base64 of 32 bytes, exactly as `ssh-keygen -lf` prints it.
const FINGERPRINT = /^SHA256:[A-Za-z0-9+/]{43}$/

/**
 * `mailroom trust --profile N --fingerprint SHA256:…`: the one way the command comes to trust a
 * server. It connects once, and core's own host key question is answered "Trust" only if the
 * server offers exactly the fingerprint given (checked with the provider beforehand), so core
 * records the key as the Unknown host key dialog's Trust button would: nothing of the command's
 * own is stored, and the app's profile shows the same trusted key. When another key is trusted
 * for the server, it is replaced only once the server is seen offering the given one.
 */
export const trustHostKey: Command = async (mailroom, { options }, output) => {
  const profile = await findProfile(mailroom, required(options, 'profile'))
  const fingerprint = required(options, 'fingerprint').trim()
  if (!FINGERPRINT.test(fingerprint))
    throw CliFailure.usage(
      `--fingerprint is SHA256: and 43 characters, as ssh-keygen -lf prints it, not "${fingerprint}".`,
    )
  const before = await mailroom.call('profiles:trusted-host-key', { id: profile.id })
  const result = {
    profile: profile.name,
    host: profile.host,
    port: profile.port,
    fingerprint,
  }
  if (before?.fingerprint === fingerprint) {
    output.line(`${fingerprint} is trusted already for ${profile.host} port ${profile.port}.`)
    return { exitCode: EXIT.ok, result: { ...result, type: before.type, alreadyTrusted: true } }
  }

  mailroom.trustFingerprint = fingerprint
  let replaced: string | undefined
  try {
    await connect(mailroom, profile)
  } catch (error) {
    const offered = error instanceof CliFailure ? error.detail?.offeredFingerprint : undefined
    if (!(error instanceof CliFailure) || error.kind !== 'host-key-changed') throw error
    if (offered !== fingerprint)
      throw new CliFailure(
        EXIT.hostKey,
        `${profile.host} port ${profile.port} offers ${offered ?? 'another key'}, not ${fingerprint}: nothing was changed.`,
        'host-key-changed',
        error.detail,
      )
    // The server offers the key the person checked: replace the old one, as "Forget" then "Trust".
    replaced = before?.fingerprint
    await mailroom.call('profiles:forget-host-key', { id: profile.id })
    await connect(mailroom, profile)
  } finally {
    mailroom.trustFingerprint = undefined
  }
  await mailroom.call('session:close', { profileId: profile.id })
  const now = await mailroom.call('profiles:trusted-host-key', { id: profile.id })
  output.line(
    `Trusted ${now?.type ?? ''} ${fingerprint} for ${profile.host} port ${profile.port}${replaced ? ` (instead of ${replaced})` : ''}.`,
  )
  return {
    exitCode: EXIT.ok,
    result: {
      ...result,
      type: now?.type ?? null,
      alreadyTrusted: false,
      replaced: replaced ?? null,
    },
  }
}

import { required } from '../arguments'
import type { Command } from '../command'
import { connect } from '../connect'
import { CliFailure, EXIT } from '../exit-codes'
import { findProfile } from '../find-profile'
import { parseHostAndPort } from '../route-options'

// `SHA256:` and unpadded base64 of 32 bytes, exactly as `ssh-keygen -lf` prints it.
const FINGERPRINT = /^SHA256:[A-Za-z0-9+/]{43}$/

/**
 * `mailroom trust --profile N [--host HOST[:PORT]] --fingerprint SHA256:…`: the one way the
 * command comes to trust a server, or with `--host` one of the profile's jump hosts. It connects
 * once, and core's own host key question is answered "Trust" only if that server offers exactly
 * the fingerprint given (checked with the provider or the jump host's administrator
 * beforehand), so core records the key as the Unknown host key dialog's Trust button would:
 * nothing of the command's own is stored, and the app's profile shows the same trusted key.
 * When another key is trusted for the server, it is replaced only once the server is seen
 * offering the given one.
 */
export const trustHostKey: Command = async (mailroom, { options }, output) => {
  const profile = await findProfile(mailroom, required(options, 'profile'))
  const fingerprint = required(options, 'fingerprint').trim()
  if (!FINGERPRINT.test(fingerprint))
    throw CliFailure.usage(
      `--fingerprint is SHA256: and 43 characters, as ssh-keygen -lf prints it, not "${fingerprint}".`,
    )
  const server = options.host === undefined ? undefined : jumpHostOf(profile, options.host)
  const { host, port } = server ?? profile
  const where = server ? `the jump host ${host} port ${port}` : `${host} port ${port}`
  const trusted = () =>
    mailroom.call('profiles:trusted-host-key', { id: profile.id, ...(server ? { server } : {}) })
  const before = await trusted()
  const result = {
    profile: profile.name,
    host,
    port,
    ...(server ? { jumpHost: true } : {}),
    fingerprint,
  }
  if (before?.fingerprint === fingerprint) {
    output.line(`${fingerprint} is trusted already for ${where}.`)
    return { exitCode: EXIT.ok, result: { ...result, type: before.type, alreadyTrusted: true } }
  }

  mailroom.trusting = { fingerprint, ...(server ? { server } : {}) }
  let replaced: string | undefined
  // Trusting a jump host is done once it is trusted, whatever the server behind it says then.
  let beyond: CliFailure | undefined
  const connectOnce = async () => {
    try {
      await connect(mailroom, profile)
    } catch (error) {
      if (server && error instanceof CliFailure && (await trusted())?.fingerprint === fingerprint)
        beyond = error
      else throw error
    }
  }
  try {
    await connectOnce()
  } catch (error) {
    const detail = error instanceof CliFailure ? error.detail : undefined
    const offered = detail?.offeredFingerprint
    const ours =
      detail?.host === undefined ||
      (detail.host.toLowerCase() === host.toLowerCase() && detail.port === String(port))
    if (!(error instanceof CliFailure) || error.kind !== 'host-key-changed' || !ours) throw error
    if (offered !== fingerprint)
      throw new CliFailure(
        EXIT.hostKey,
        `${capitalised(where)} offers ${offered ?? 'another key'}, not ${fingerprint}: nothing was changed.`,
        'host-key-changed',
        error.detail,
      )
    // It offers the key the person checked: replace the old one, as "Forget" then "Trust".
    replaced = before?.fingerprint
    await mailroom.call('profiles:forget-host-key', {
      id: profile.id,
      ...(server ? { server } : {}),
    })
    await connectOnce()
  } finally {
    mailroom.trusting = undefined
  }
  await mailroom.call('session:close', { profileId: profile.id })
  const now = await trusted()
  output.line(
    `Trusted ${now?.type ?? ''} ${fingerprint} for ${where}${replaced ? ` (instead of ${replaced})` : ''}.`,
  )
  if (beyond) output.line(`Beyond it: ${beyond.message}`)
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

/** The jump host `--host` names: one of the profile's, or a usage error listing them. */
function jumpHostOf(
  profile: { name: string; jumps: ReadonlyArray<{ host: string; port: number }> },
  text: string,
): { host: string; port: number } {
  const wanted = parseHostAndPort(text)
  const found = wanted
    ? profile.jumps.find(
        (jump) =>
          jump.host.toLowerCase() === wanted.host.toLowerCase() && jump.port === wanted.port,
      )
    : undefined
  if (found) return { host: found.host, port: found.port }
  throw CliFailure.usage(
    profile.jumps.length === 0
      ? `--host names a jump host, and the profile "${profile.name}" has none.`
      : `--host "${text}" is not a jump host of "${profile.name}": ${profile.jumps.map((jump) => `${jump.host}:${jump.port}`).join(', ')}.`,
  )
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

import type { Profile, SessionInfo } from '../shared/domain'
import type { CliMailroom } from './cli-mailroom'
import { CliFailure, EXIT } from './exit-codes'

/**
 * Opens the profile's connection as Connect does. An unknown host key stops it (exit 3) with
 * the fingerprint the server offered and the command that trusts it after checking; a changed
 * one stops it too, with core's own message and both fingerprints.
 */
export async function connect(mailroom: CliMailroom, profile: Profile): Promise<SessionInfo> {
  mailroom.takeRefusedHostKey()
  try {
    return await mailroom.call('session:open', { profileId: profile.id })
  } catch (error) {
    const refused = mailroom.takeRefusedHostKey()
    if (error instanceof CliFailure && refused && error.exitCode === EXIT.hostKey) {
      const wrongTrust =
        mailroom.trustFingerprint !== undefined
          ? ` It is not the ${mailroom.trustFingerprint} you gave: check the fingerprint with the provider.`
          : ` Check it with the provider, then run: mailroom trust --profile "${profile.name}" --fingerprint ${refused.hostKey.fingerprint}`
      throw new CliFailure(
        EXIT.hostKey,
        `The host key of ${refused.host} port ${refused.port} is not trusted yet: the server offers ${refused.hostKey.type} ${refused.hostKey.fingerprint}.${wrongTrust}`,
        'host-key-rejected',
        { offeredType: refused.hostKey.type, offeredFingerprint: refused.hostKey.fingerprint },
      )
    }
    if (error instanceof CliFailure && error.kind === 'host-key-changed' && error.detail) {
      const { offeredType, offeredFingerprint, storedFingerprint } = error.detail
      throw new CliFailure(
        EXIT.hostKey,
        `${error.message} The server now offers ${offeredType ?? ''} ${offeredFingerprint ?? ''}; the trusted key is ${storedFingerprint ?? ''}. Only if the provider confirms the change: mailroom trust --profile "${profile.name}" --fingerprint ${offeredFingerprint ?? ''}`,
        error.kind,
        error.detail,
      )
    }
    throw error
  }
}

import type { Profile, SessionInfo } from '../shared/domain'
import type { LoginPrompt } from '../shared/login-prompt'
import type { CliMailroom } from './cli-mailroom'
import { CliFailure, EXIT } from './exit-codes'

/**
 * Opens the profile's connection as Connect does. An unknown host key, the server's or a jump
 * host's on the way, stops it (exit 3) with the fingerprint offered and the exact command that
 * trusts it after checking; a changed one stops it too, with core's own message and both
 * fingerprints. A login that needs a person (a password asked at every connect, a server's
 * question) stops it with exit 4 and what was asked, since the command never asks.
 */
export async function connect(mailroom: CliMailroom, profile: Profile): Promise<SessionInfo> {
  mailroom.takeRefusedHostKey()
  mailroom.takeUnansweredQuestion()
  try {
    return await mailroom.call('session:open', { profileId: profile.id })
  } catch (error) {
    const question = mailroom.takeUnansweredQuestion()
    if (question) throw unansweredQuestion(question, profile)
    if (error instanceof CliFailure && error.kind === 'password-needed')
      throw new CliFailure(
        EXIT.cannotConnect,
        `${error.message} The mailroom command never asks: store the password for unattended runs (mailroom profile add ... --password-from-env VAR), or set the profile to remember it in the app.`,
        error.kind,
        error.detail,
      )
    const refused = mailroom.takeRefusedHostKey()
    if (error instanceof CliFailure && refused && error.exitCode === EXIT.hostKey) {
      const server = refused.jumpHost
        ? `the jump host ${refused.host} port ${refused.port}`
        : `${refused.host} port ${refused.port}`
      const given = mailroom.trusting
      const askedFor =
        given !== undefined &&
        (given.server
          ? given.server.host.toLowerCase() === refused.host.toLowerCase() &&
            given.server.port === refused.port
          : refused.jumpHost !== true)
      const next = askedFor
        ? ` It is not the ${given.fingerprint} you gave: check the fingerprint with ${refused.jumpHost ? "the jump host's administrator" : 'the provider'}.`
        : ` Check it with ${refused.jumpHost ? "the jump host's administrator" : 'the provider'}, then run: ${trustLine(profile, refused.hostKey.fingerprint, refused.jumpHost ? refused : undefined)}`
      throw new CliFailure(
        EXIT.hostKey,
        `The host key of ${server} is not trusted yet: ${refused.jumpHost ? 'it' : 'the server'} offers ${refused.hostKey.type} ${refused.hostKey.fingerprint}.${next}`,
        'host-key-rejected',
        {
          offeredType: refused.hostKey.type,
          offeredFingerprint: refused.hostKey.fingerprint,
          host: refused.host,
          port: String(refused.port),
          ...(refused.jumpHost ? { jumpHost: 'true' } : {}),
        },
      )
    }
    if (error instanceof CliFailure && error.kind === 'host-key-changed' && error.detail) {
      const { offeredType, offeredFingerprint, storedFingerprint, host, port, jumpHost } =
        error.detail
      const server = jumpHost === 'true' && host && port ? { host, port: Number(port) } : undefined
      throw new CliFailure(
        EXIT.hostKey,
        `${error.message} ${server ? 'The jump host' : 'The server'} now offers ${offeredType ?? ''} ${offeredFingerprint ?? ''}; the trusted key is ${storedFingerprint ?? ''}. Only if ${server ? "the jump host's administrator" : 'the provider'} confirms the change: ${trustLine(profile, offeredFingerprint ?? '', server)}`,
        error.kind,
        error.detail,
      )
    }
    throw error
  }
}

/**
 * A question of the server's the command did not answer, as the failure that ends it: exit 4,
 * the question's text, and what would let the command log in unattended.
 */
export function unansweredQuestion(
  question: LoginPrompt,
  profile: Pick<Profile, 'name'>,
): CliFailure {
  const asked = question.prompts.map((prompt) => `"${prompt.prompt.trim()}"`).join(', ')
  return new CliFailure(
    EXIT.cannotConnect,
    `${question.host} port ${question.port} asks ${asked} to log in "${profile.name}", and the mailroom command never asks a question. For unattended runs, log in with a key or an SSH agent${question.prompts.length === 1 && !question.prompts[0]?.echo ? ', or store the password (--password-from-env) if that is all it asks' : ''}.`,
    'cancelled',
    { prompt: question.prompts[0]?.prompt.trim() ?? '' },
  )
}

/** The `mailroom trust` line that trusts `fingerprint` for the server, or for a jump host. */
export function trustLine(
  profile: Pick<Profile, 'name'>,
  fingerprint: string,
  jumpHost?: { readonly host: string; readonly port: number },
): string {
  const host = jumpHost
    ? ` --host ${jumpHost.host.includes(':') ? `[${jumpHost.host}]` : jumpHost.host}:${jumpHost.port}`
    : ''
  return `mailroom trust --profile "${profile.name}"${host} --fingerprint ${fingerprint}`
}

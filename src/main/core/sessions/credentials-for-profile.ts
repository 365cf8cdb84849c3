import type { Profile } from '../../../shared/domain'
import { MailroomError } from '../errors'
import type { KeyVault } from '../keys/key-vault'
import { loadPrivateKey, type LoadedPrivateKey } from '../keys/load-private-key'
import type { ProfilePasswords } from '../secrets/profile-passwords'
import { agentKeys } from '../sftp/agent-keys'
import type { AgentLocation } from '../sftp/agent-locations'
import type { Credentials, PasswordSource } from '../sftp/credentials'
import type { ServerRound } from '../sftp/server-questions'
import type { LoginWho } from './login-prompts'

/** Where a profile's secrets and answers come from when it connects. */
export interface CredentialSources {
  readonly keys: Pick<KeyVault, 'loadForConnect'>
  readonly passwords: Pick<ProfilePasswords, 'get'>
  /** Asks the person the server's questions (login-prompts.ts). */
  readonly questions: { ask(who: LoginWho, round: ServerRound): Promise<readonly string[]> }
  /** Where the SSH agents listen (agent-locations.ts; a test's own agent in tests). */
  readonly agents: () => readonly AgentLocation[]
}

/** What the person typed for this connect: a key's passphrase, the password. */
export interface GivenSecrets {
  readonly passphrase?: string
  readonly password?: string
}

type ProfileLogin = Pick<
  Profile,
  'id' | 'name' | 'host' | 'port' | 'username' | 'keyId' | 'legacyKeyPath' | 'auth'
>

/**
 * How the profile logs in, as the session is given it: its key from the vault (or, from before
 * keys were kept in the keychain, its key file), decrypted with `passphrase` where it has one;
 * its password as given or from the keychain; the person for the server's questions; the
 * agents, checked to answer and hold a key before any connection is made.
 */
export async function credentialsForProfile(
  profile: ProfileLogin,
  sources: CredentialSources,
  given: GivenSecrets = {},
): Promise<Credentials> {
  const { auth } = profile
  switch (auth.method) {
    case 'key':
      return { kind: 'key', privateKey: await keyOf(profile, sources, given.passphrase) }
    case 'password':
      return { kind: 'password', ...(await passwordOf(profile, sources, given)) }
    case 'key-and-password': {
      const privateKey = await keyOf(profile, sources, given.passphrase)
      return {
        kind: 'key-and-password',
        privateKey,
        ...(await passwordOf(profile, sources, given)),
      }
    }
    case 'keyboard-interactive': {
      const password =
        given.password !== undefined
          ? { password: given.password, from: 'person' as const }
          : auth.remember
            ? await sources.passwords
                .get(profile.id)
                .then((stored) =>
                  stored === undefined ? {} : { password: stored, from: 'keychain' as const },
                )
            : {}
      const who = {
        profileId: profile.id,
        host: profile.host,
        port: profile.port,
        username: profile.username,
      }
      return {
        kind: 'keyboard-interactive',
        ...password,
        ask: (round) => sources.questions.ask(who, round),
      }
    }
    case 'agent': {
      const agents = sources.agents()
      // Asked now, so that no agent, an empty one, or one without the named key is said
      // before connecting; the login asks again, since an agent's keys change.
      const held = await agentKeys(agents)
      if (
        auth.keyFingerprint !== undefined &&
        !held.some((key) => key.fingerprint === auth.keyFingerprint)
      )
        throw new MailroomError(
          'auth-failed',
          `The SSH agent does not hold the key ${auth.keyFingerprint} the profile "${profile.name}" names (it holds ${held.map((key) => key.fingerprint).join(', ')}). Add that key to the agent, or choose another in the profile.`,
        )
      return {
        kind: 'agent',
        agents,
        ...(auth.keyFingerprint === undefined ? {} : { keyFingerprint: auth.keyFingerprint }),
      }
    }
  }
}

async function keyOf(
  profile: ProfileLogin,
  sources: CredentialSources,
  passphrase: string | undefined,
): Promise<LoadedPrivateKey> {
  if (profile.keyId !== null) return sources.keys.loadForConnect(profile.keyId, passphrase)
  if (profile.legacyKeyPath !== undefined) return loadPrivateKey(profile.legacyKeyPath, passphrase)
  throw new MailroomError(
    'bad-key',
    `The profile "${profile.name}" has no key yet. Edit it to generate or import one.`,
  )
}

/** The password given for this connect, else the stored one, else password-needed. */
async function passwordOf(
  profile: ProfileLogin,
  sources: CredentialSources,
  given: GivenSecrets,
): Promise<{ password: string; from: PasswordSource }> {
  if (given.password !== undefined) return { password: given.password, from: 'person' }
  const remembers = 'remember' in profile.auth && profile.auth.remember
  if (remembers) {
    const stored = await sources.passwords.get(profile.id)
    if (stored !== undefined) return { password: stored, from: 'keychain' }
  }
  throw new MailroomError(
    'password-needed',
    remembers
      ? `No password is stored for "${profile.name}" yet: enter the password for ${profile.username} on ${profile.host}.`
      : `"${profile.name}" asks for its password at every connect: enter the password for ${profile.username} on ${profile.host}.`,
    { username: profile.username, host: profile.host },
  )
}

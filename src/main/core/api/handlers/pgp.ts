import { MailroomError } from '../../errors'
import type { HandlerDeps, HandlersFor } from '../handler-table'

/** The OpenPGP keyring's calls: partners' public keys and own key pairs. */
export function pgpHandlers({
  pgpKeys,
  profiles,
  pgpPassphrasePrompts,
}: Pick<HandlerDeps, 'pgpKeys' | 'profiles' | 'pgpPassphrasePrompts'>): HandlersFor<
  | 'pgp:keys'
  | 'pgp:import'
  | 'pgp:generate'
  | 'pgp:export-public'
  | 'pgp:public-key'
  | 'pgp:delete'
  | 'pgp:answer-passphrase'
> {
  return {
    'pgp:keys': async () => pgpKeys.list(),
    'pgp:import': async ({ source, passphrase, rememberPassphrase }) => {
      const options = { ...(passphrase ? { passphrase } : {}), remember: rememberPassphrase }
      return source.kind === 'path'
        ? pgpKeys.importFile(source.path, options)
        : pgpKeys.importData(Buffer.from(source.text, 'utf8'), 'the pasted key', options)
    },
    'pgp:generate': async ({
      name,
      email,
      passphrase,
      rememberPassphrase,
      expiresInDays,
      modern,
    }) =>
      pgpKeys.generate({
        name,
        email,
        ...(passphrase ? { passphrase } : {}),
        remember: rememberPassphrase,
        ...(expiresInDays ? { expiresInSeconds: expiresInDays * 24 * 60 * 60 } : {}),
        ...(modern ? { modern } : {}),
      }),
    'pgp:export-public': async ({ fingerprint, path }) => {
      await pgpKeys.exportPublic(fingerprint, path)
      return null
    },
    'pgp:public-key': async ({ fingerprint }) => pgpKeys.armoredPublicKey(fingerprint),
    'pgp:delete': async ({ fingerprint }) => {
      const users = profiles.usingPgpKey(fingerprint)
      if (users.length > 0)
        throw new MailroomError(
          'invalid-input',
          `This OpenPGP key is encrypted to by ${users.map((profile) => `"${profile.name}"`).join(', ')}. Choose another key there first.`,
        )
      const signers = profiles.signingWithPgpKey(fingerprint)
      if (signers.length > 0)
        throw new MailroomError(
          'invalid-input',
          `${signers.map((profile) => `"${profile.name}"`).join(', ')} signs what it sends with this OpenPGP key. Choose another key there first.`,
        )
      await pgpKeys.delete(fingerprint)
      return null
    },
    'pgp:answer-passphrase': async ({ promptId, passphrase, remember }) => {
      pgpPassphrasePrompts.answer(promptId, passphrase, remember)
      return null
    },
  }
}

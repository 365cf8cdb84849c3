import { MailroomError } from '../../errors'
import { generateEd25519 } from '../../keys/generate-key'
import { importPrivateKey, importPrivateKeyFile } from '../../keys/import-key'
import type { HandlerDeps, HandlersFor } from '../handler-table'

/** The key vault's calls; a key a profile still uses is never deleted. */
export function keyHandlers({
  keys,
  profiles,
}: Pick<HandlerDeps, 'keys' | 'profiles'>): HandlersFor<
  | 'keys:list'
  | 'keys:generate'
  | 'keys:import'
  | 'keys:remember-passphrase'
  | 'keys:export-private'
  | 'keys:export-public'
  | 'keys:delete'
> {
  return {
    'keys:list': async () => keys.list(),
    'keys:generate': async ({ comment, passphrase, rememberPassphrase }) =>
      keys.add(generateEd25519(comment), {
        ...(passphrase ? { passphrase } : {}),
        remember: rememberPassphrase,
        origin: 'generated',
      }),
    'keys:import': async ({ source, passphrase, rememberPassphrase }) => {
      const imported =
        source.kind === 'path'
          ? await importPrivateKeyFile(source.path, passphrase)
          : await importPrivateKey(Buffer.from(source.text, 'utf8'), 'the pasted key', passphrase)
      // A key that had a passphrase keeps it; remembering it is the person's choice.
      const keep = imported.encrypted && passphrase ? { passphrase } : {}
      return keys.add(imported.material, {
        ...keep,
        remember: rememberPassphrase,
        origin: 'imported',
      })
    },
    'keys:remember-passphrase': async ({ keyId, passphrase }) =>
      keys.rememberPassphrase(keyId, passphrase),
    'keys:export-private': async ({ keyId, format, path, passphrase, exportPassphrase }) => {
      await keys.exportPrivate(keyId, format, path, {
        ...(passphrase ? { passphrase } : {}),
        ...(exportPassphrase ? { exportPassphrase } : {}),
      })
      return null
    },
    'keys:export-public': async ({ keyId, path }) => {
      await keys.exportPublic(keyId, path)
      return null
    },
    'keys:delete': async ({ keyId }) => {
      const users = profiles.usingKey(keyId)
      if (users.length > 0) {
        throw new MailroomError(
          'invalid-input',
          `This key is used by ${users.map((profile) => `"${profile.name}"`).join(', ')}. Choose another key there first.`,
        )
      }
      await keys.delete(keyId)
      return null
    },
  }
}

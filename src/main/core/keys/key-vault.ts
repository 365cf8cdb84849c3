import { randomUUID } from 'node:crypto'
import type { KeyId, KeyInfo } from '../../../shared/domain'
import { MailroomError } from '../errors'
import { SealedFiles, writeNewFile } from '../secrets/sealed-files'
import type { SecretStore } from '../secrets/secret-store'
import type { SettingsFileStore, StoredKey } from '../settings/settings-file'
import { fingerprintOf, keyBits, publicKeyLine, type KeyMaterial } from './key-material'
import { readPrivateKey, type LoadedPrivateKey } from './load-private-key'
import {
  readOpenSshOrPem,
  writeEncryptedOpenSshPrivateKey,
  writeOpenSshPrivateKey,
} from './openssh-format'
import { writePpkV3 } from './ppk-format'

/**
 * SSH private keys at rest, sealed under a key in the OS keychain (secrets/sealed-files.ts).
 * Inside the seal the key is an OpenSSH private key, still encrypted with its own passphrase if
 * it had one: a passphrase protects it exactly as before, remembered in the keychain or asked at
 * connect.
 */
export class KeyVault {
  private readonly sealed: SealedFiles

  constructor(
    folder: string,
    private readonly secrets: SecretStore,
    private readonly settingsFile: SettingsFileStore,
  ) {
    this.sealed = new SealedFiles(folder, secrets)
  }

  async list(): Promise<KeyInfo[]> {
    return Promise.all(this.settingsFile.read('keys').map((stored) => this.describe(stored)))
  }

  async info(id: KeyId): Promise<KeyInfo> {
    return this.describe(this.stored(id))
  }

  /** Stores a key; `passphrase` keeps it encrypted, `remember` puts the passphrase in the keychain. */
  async add(
    material: KeyMaterial,
    options: { passphrase?: string; remember?: boolean; origin: StoredKey['origin'] },
  ): Promise<KeyInfo> {
    const fingerprint = fingerprintOf(material)
    const existing = this.settingsFile.read('keys').find((key) => key.fingerprint === fingerprint)
    if (existing) {
      throw new MailroomError(
        'already-exists',
        `This key is already stored as "${existing.comment || existing.fingerprint}".`,
        { keyId: existing.id },
      )
    }
    const id = randomUUID() as KeyId
    const keyFile = options.passphrase
      ? await writeEncryptedOpenSshPrivateKey(material, options.passphrase)
      : writeOpenSshPrivateKey(material)
    await this.sealed.seal(id, Buffer.from(keyFile, 'utf8'))
    try {
      if (options.passphrase && options.remember)
        await this.secrets.set(passphraseAccount(id), options.passphrase)
    } catch (error) {
      await this.sealed.remove(id)
      throw error
    }
    const stored: StoredKey = {
      id,
      type: material.type,
      bits: keyBits(material),
      fingerprint,
      publicKey: publicKeyLine(material),
      comment: material.comment,
      encrypted: Boolean(options.passphrase),
      origin: options.origin,
      createdAt: Date.now(),
    }
    this.settingsFile.write('keys', [...this.settingsFile.read('keys'), stored])
    return this.describe(stored)
  }

  /** The key ready for ssh2, decrypted with `passphrase`, the remembered one, or asking for one. */
  async loadForConnect(id: KeyId, passphrase?: string): Promise<LoadedPrivateKey> {
    const stored = this.stored(id)
    const data = await this.sealed.open(id)
    const given =
      passphrase ??
      (stored.encrypted
        ? ((await this.secrets.get(passphraseAccount(id))) ?? undefined)
        : undefined)
    return readPrivateKey(data, `the key "${stored.comment || stored.fingerprint}"`, given)
  }

  async rememberPassphrase(id: KeyId, passphrase: string | null): Promise<KeyInfo> {
    const stored = this.stored(id)
    if (passphrase === null) {
      await this.secrets.delete(passphraseAccount(id))
    } else {
      if (!stored.encrypted)
        throw new MailroomError('invalid-input', 'This key has no passphrase to remember.')
      await this.loadForConnect(id, passphrase) // proves the passphrase before keeping it
      await this.secrets.set(passphraseAccount(id), passphrase)
    }
    return this.describe(stored)
  }

  /**
   * Writes the private key to `path` (never over an existing file) as OpenSSH or PuTTY v3, under
   * `exportPassphrase` (none: unencrypted, which the UI confirms first).
   */
  async exportPrivate(
    id: KeyId,
    format: 'openssh' | 'ppk',
    path: string,
    options: { passphrase?: string; exportPassphrase?: string },
  ): Promise<void> {
    const loaded = await this.loadForConnect(id, options.passphrase)
    const material = await readOpenSshOrPem(loaded.data, loaded.passphrase)
    if (material instanceof Error)
      throw new MailroomError(
        'internal',
        `The stored key could not be read back: ${material.message}`,
      )
    const text =
      format === 'ppk'
        ? await writePpkV3(material, options.exportPassphrase)
        : options.exportPassphrase
          ? await writeEncryptedOpenSshPrivateKey(material, options.exportPassphrase)
          : writeOpenSshPrivateKey(material)
    await writeNewFile(path, text, 0o600)
  }

  async exportPublic(id: KeyId, path: string): Promise<void> {
    await writeNewFile(path, `${this.stored(id).publicKey}\n`, 0o644)
  }

  async delete(id: KeyId): Promise<void> {
    this.stored(id)
    this.settingsFile.write(
      'keys',
      this.settingsFile.read('keys').filter((key) => key.id !== id),
    )
    await this.sealed.remove(id)
    await this.secrets.delete(passphraseAccount(id))
  }

  private stored(id: KeyId): StoredKey {
    const found = this.settingsFile.read('keys').find((key) => key.id === id)
    if (!found)
      throw new MailroomError(
        'not-found',
        'That key is no longer stored. Choose or import another.',
      )
    return found
  }

  private async describe(stored: StoredKey): Promise<KeyInfo> {
    const remembered =
      stored.encrypted && (await this.secrets.get(passphraseAccount(stored.id))) !== null
    return { ...stored, passphraseRemembered: remembered }
  }
}

function passphraseAccount(id: KeyId): string {
  return `key-passphrase:${id}`
}

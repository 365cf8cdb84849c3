import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto'
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import type { KeyId, KeyInfo } from '../../../shared/domain'
import { MailroomError, translateLocalError } from '../errors'
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

const envelope = z.object({
  version: z.literal(1),
  algorithm: z.literal('aes-256-gcm'),
  iv: z.string(),
  tag: z.string(),
  ciphertext: z.string(),
})

/**
 * Private keys at rest. Windows Credential Manager holds at most 2560 bytes per secret, less
 * than an RSA-4096 key, so each key gets a random 256-bit key-encryption key (KEK) in the OS
 * keychain, and its material is kept in the data folder encrypted with AES-256-GCM under that
 * KEK (the key id is the associated data, so files cannot be swapped). Inside the envelope the
 * key is an OpenSSH private key, still encrypted with its own passphrase if it had one: a
 * passphrase protects it exactly as before, remembered in the keychain or asked at connect.
 */
export class KeyVault {
  constructor(
    private readonly folder: string,
    private readonly secrets: SecretStore,
    private readonly settingsFile: SettingsFileStore,
  ) {}

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
    const kek = randomBytes(32)
    await this.secrets.set(kekAccount(id), kek.toString('base64'))
    try {
      await this.writeEnvelope(id, kek, Buffer.from(keyFile, 'utf8'))
      if (options.passphrase && options.remember)
        await this.secrets.set(passphraseAccount(id), options.passphrase)
    } catch (error) {
      await this.secrets.delete(kekAccount(id))
      throw error
    } finally {
      kek.fill(0)
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
    const data = await this.readEnvelope(id)
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
    await rm(this.envelopePath(id), { force: true })
    await this.secrets.delete(kekAccount(id))
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

  private envelopePath(id: KeyId): string {
    return join(this.folder, `${id}.key`)
  }

  private async writeEnvelope(id: KeyId, kek: Buffer, plaintext: Buffer): Promise<void> {
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', kek, iv)
    cipher.setAAD(Buffer.from(id))
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()])
    plaintext.fill(0)
    const body = JSON.stringify({
      version: 1,
      algorithm: 'aes-256-gcm',
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      ciphertext: ciphertext.toString('base64'),
    } satisfies z.infer<typeof envelope>)
    await mkdir(this.folder, { recursive: true, mode: 0o700 })
    const temporary = `${this.envelopePath(id)}.tmp`
    await writeNewFile(temporary, body, 0o600)
    await rename(temporary, this.envelopePath(id))
  }

  private async readEnvelope(id: KeyId): Promise<Buffer> {
    const kekText = await this.secrets.get(kekAccount(id))
    if (kekText === null) {
      throw new MailroomError(
        'bad-key',
        'The keychain no longer holds the secret that unlocks this key (was the keychain reset?). Import the key again.',
      )
    }
    let parsed: z.infer<typeof envelope>
    try {
      parsed = envelope.parse(JSON.parse(await readFile(this.envelopePath(id), 'utf8')))
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT')
        throw new MailroomError(
          'bad-key',
          'The stored key file is missing from the data folder. Import the key again.',
        )
      throw new MailroomError(
        'bad-key',
        'The stored key file is damaged. Import the key again.',
        undefined,
        { cause: error },
      )
    }
    const kek = Buffer.from(kekText, 'base64')
    try {
      // The tag's length said, so a file whose tag was cut short (4 bytes are 2^32 tries to
      // forge) is refused rather than checked against fewer bytes.
      const decipher = createDecipheriv('aes-256-gcm', kek, Buffer.from(parsed.iv, 'base64'), {
        authTagLength: 16,
      })
      decipher.setAAD(Buffer.from(id))
      decipher.setAuthTag(Buffer.from(parsed.tag, 'base64'))
      return Buffer.concat([
        decipher.update(Buffer.from(parsed.ciphertext, 'base64')),
        decipher.final(),
      ])
    } catch (error) {
      throw new MailroomError(
        'bad-key',
        'The stored key file does not match its keychain entry (it was changed or swapped). Import the key again.',
        undefined,
        { cause: error },
      )
    } finally {
      kek.fill(0)
    }
  }
}

function kekAccount(id: KeyId): string {
  return `key-encryption-key:${id}`
}

function passphraseAccount(id: KeyId): string {
  return `key-passphrase:${id}`
}

/** Creates `path` (failing if it exists), writes, flushes, and closes. */
async function writeNewFile(path: string, text: string, mode: number): Promise<void> {
  let handle
  try {
    handle = await open(path, 'wx', mode)
    await handle.writeFile(text, 'utf8')
    await handle.sync()
  } catch (error) {
    throw translateLocalError(error, 'write', path)
  } finally {
    await handle?.close()
  }
}

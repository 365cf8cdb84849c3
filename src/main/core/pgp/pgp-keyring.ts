import {
  decryptKey,
  generateKey,
  readKey,
  readPrivateKey,
  type Key,
  type PrivateKey,
  type PublicKey,
} from 'openpgp'
import type { PgpFingerprint, PgpKeyInfo, StoredPgpKey } from '../../../shared/pgp'
import { MailroomError } from '../errors'
import { SealedFiles, writeNewFile } from '../secrets/sealed-files'
import type { SecretStore } from '../secrets/secret-store'
import type { SettingsFileStore } from '../settings/settings-file'
import { describeKey, displayName, factsOf } from './key-facts'
import { OPENPGP_READ_CONFIG, OPENPGP_WRITE_CONFIG } from './openpgp-config'
import { readKeyData, readKeyFile } from './read-key-file'

/** What importing one key did. */
export interface ImportedPgpKey {
  readonly key: PgpKeyInfo
  /** `added`: new; `updated`: known, its public facts refreshed or its secret half added. */
  readonly result: 'added' | 'updated'
}

/** What an own key pair is made with; the defaults are what GnuPG 2.2 reads. */
export interface GenerateOptions {
  readonly name: string
  readonly email: string
  readonly passphrase?: string
  readonly remember?: boolean
  /** Seconds until it expires; none: it does not. */
  readonly expiresInSeconds?: number
  /** RFC 9580's v6 key with AEAD: only for partners known to read it (GnuPG 2.2 does not). */
  readonly modern?: boolean
}

/**
 * Partners' public keys and own key pairs. Public facts are in the settings file's `pgpKeys`;
 * a secret key is sealed like an SSH key (secrets/sealed-files.ts), still under its own
 * passphrase if it has one, and that passphrase is remembered in the keychain or asked.
 */
export class PgpKeyring {
  private readonly sealed: SealedFiles

  constructor(
    folder: string,
    private readonly secrets: SecretStore,
    private readonly settingsFile: SettingsFileStore,
  ) {
    this.sealed = new SealedFiles(folder, secrets)
  }

  async list(): Promise<PgpKeyInfo[]> {
    return Promise.all(this.settingsFile.read('pgpKeys').map((stored) => this.describe(stored)))
  }

  async info(fingerprint: PgpFingerprint): Promise<PgpKeyInfo> {
    return this.describe(this.stored(fingerprint))
  }

  /** The stored facts, with the armored public key (for encrypting and verifying). */
  storedKeys(): readonly StoredPgpKey[] {
    return this.settingsFile.read('pgpKeys')
  }

  /**
   * Imports every key in a file. A secret key's `passphrase` is checked before it is kept, so
   * a typo is found now and not at the first pickup; `remember` keeps it in the keychain.
   */
  async importFile(
    path: string,
    options: { passphrase?: string; remember?: boolean } = {},
  ): Promise<ImportedPgpKey[]> {
    return this.importKeys(await readKeyFile(path), options)
  }

  /** Imports every key in pasted or received text; `source` names it in an error. */
  async importData(
    data: Uint8Array,
    source: string,
    options: { passphrase?: string; remember?: boolean } = {},
  ): Promise<ImportedPgpKey[]> {
    return this.importKeys(await readKeyData(data, source), options)
  }

  private async importKeys(
    keys: readonly Key[],
    options: { passphrase?: string; remember?: boolean },
  ): Promise<ImportedPgpKey[]> {
    const imported: ImportedPgpKey[] = []
    for (const key of keys) imported.push(await this.importKey(key, 'imported', options))
    return imported
  }

  async generate(options: GenerateOptions): Promise<PgpKeyInfo> {
    const { privateKey } = await generateKey({
      userIDs: [{ name: options.name, email: options.email }],
      ...(options.modern ? { type: 'curve25519' } : { type: 'ecc', curve: 'curve25519Legacy' }),
      ...(options.passphrase ? { passphrase: options.passphrase } : {}),
      keyExpirationTime: options.expiresInSeconds ?? 0,
      format: 'object',
      config: options.modern ? { v6Keys: true, aeadProtect: true } : OPENPGP_WRITE_CONFIG,
    })
    const { key } = await this.importKey(privateKey, 'generated', options)
    return key
  }

  async exportPublic(fingerprint: PgpFingerprint, path: string): Promise<void> {
    await writeNewFile(path, this.stored(fingerprint).publicKey, 0o644)
  }

  async delete(fingerprint: PgpFingerprint): Promise<void> {
    const stored = this.stored(fingerprint)
    this.settingsFile.write(
      'pgpKeys',
      this.settingsFile.read('pgpKeys').filter((key) => key.fingerprint !== fingerprint),
    )
    if (stored.hasSecret) {
      await this.sealed.remove(sealId(fingerprint))
      await this.secrets.delete(passphraseAccount(fingerprint))
    }
  }

  /** Every public key, partners' and own, to verify signatures with. */
  async publicKeys(): Promise<PublicKey[]> {
    return Promise.all(
      this.storedKeys().map((stored) =>
        readKey({ armoredKey: stored.publicKey, config: OPENPGP_READ_CONFIG }),
      ),
    ) as Promise<PublicKey[]>
  }

  /**
   * An own secret key ready to decrypt or sign, unlocked with `passphrase`, the remembered one,
   * or failing with `passphrase-needed` (the app asks; the command never does).
   */
  async unlock(fingerprint: PgpFingerprint, passphrase?: string): Promise<PrivateKey> {
    const stored = this.stored(fingerprint)
    if (!stored.hasSecret)
      throw new MailroomError(
        'bad-key',
        `Mailroom has only the public half of ${displayName(stored)} (0x${stored.keyId}).`,
      )
    const data = await this.sealed.open(sealId(fingerprint))
    const key = await readPrivateKey({
      binaryKey: new Uint8Array(data),
      config: OPENPGP_READ_CONFIG,
    })
    data.fill(0)
    if (key.isDecrypted()) return key
    const given = passphrase ?? (await this.secrets.get(passphraseAccount(fingerprint)))
    if (given === null)
      throw new MailroomError(
        'passphrase-needed',
        `The passphrase of ${displayName(stored)} (0x${stored.keyId}) is needed and not remembered.`,
        { fingerprint },
      )
    return decryptWith(key, given, stored)
  }

  async rememberPassphrase(
    fingerprint: PgpFingerprint,
    passphrase: string | null,
  ): Promise<PgpKeyInfo> {
    const stored = this.stored(fingerprint)
    if (passphrase === null) await this.secrets.delete(passphraseAccount(fingerprint))
    else {
      await this.unlock(fingerprint, passphrase) // proves it before keeping it
      await this.secrets.set(passphraseAccount(fingerprint), passphrase)
    }
    return this.describe(stored)
  }

  private async importKey(
    key: Key,
    origin: StoredPgpKey['origin'],
    options: { passphrase?: string; remember?: boolean },
  ): Promise<ImportedPgpKey> {
    const fingerprint = key.getFingerprint().toUpperCase() as PgpFingerprint
    const existing = this.storedKeys().find((stored) => stored.fingerprint === fingerprint)
    const secret = key.isPrivate() ? await secretFacts(key, options.passphrase) : undefined
    // A key imported again refreshes what was known of it (new expiry, a revocation) and keeps
    // what it does not carry: the secret half stays when only the public key comes again.
    const merged = existing
      ? await (
          await readKey({ armoredKey: existing.publicKey, config: OPENPGP_READ_CONFIG })
        ).update(key.toPublic())
      : key
    const facts = await factsOf(merged, existing?.origin ?? origin, {
      hasSecret: Boolean(secret) || Boolean(existing?.hasSecret),
      encrypted: secret ? secret.encrypted : Boolean(existing?.encrypted),
    })
    if (secret && key.isPrivate()) {
      if (existing?.hasSecret) await this.sealed.remove(sealId(fingerprint))
      await this.sealed.seal(sealId(fingerprint), Buffer.from(key.write()))
      if (secret.encrypted && options.passphrase && options.remember)
        await this.secrets.set(passphraseAccount(fingerprint), options.passphrase)
    }
    const others = this.storedKeys().filter((stored) => stored.fingerprint !== fingerprint)
    this.settingsFile.write('pgpKeys', [
      ...others,
      existing ? { ...facts, addedAt: existing.addedAt } : facts,
    ])
    return { key: await this.info(fingerprint), result: existing ? 'updated' : 'added' }
  }

  private stored(fingerprint: PgpFingerprint): StoredPgpKey {
    const found = this.storedKeys().find((key) => key.fingerprint === fingerprint)
    if (!found) throw new MailroomError('not-found', 'That OpenPGP key is no longer in Mailroom.')
    return found
  }

  private async describe(stored: StoredPgpKey): Promise<PgpKeyInfo> {
    const remembered =
      stored.encrypted && (await this.secrets.get(passphraseAccount(stored.fingerprint))) !== null
    return describeKey(stored, remembered)
  }
}

/** Whether a secret key is protected, proving `passphrase` on it when it is. */
async function secretFacts(
  key: PrivateKey,
  passphrase: string | undefined,
): Promise<{ encrypted: boolean }> {
  if (key.isDecrypted()) return { encrypted: false }
  const stored = { userIds: key.getUserIDs(), keyId: key.getKeyID().toHex().toUpperCase() }
  if (passphrase === undefined)
    throw new MailroomError(
      'passphrase-needed',
      `The secret key ${displayName(stored)} (0x${stored.keyId}) is protected: give its passphrase to import it.`,
    )
  await decryptWith(key, passphrase, stored)
  return { encrypted: true }
}

async function decryptWith(
  key: PrivateKey,
  passphrase: string,
  stored: Pick<StoredPgpKey, 'userIds' | 'keyId'>,
): Promise<PrivateKey> {
  try {
    return await decryptKey({ privateKey: key, passphrase, config: OPENPGP_READ_CONFIG })
  } catch (error) {
    throw new MailroomError(
      'bad-passphrase',
      `Wrong passphrase for ${displayName(stored)} (0x${stored.keyId}).`,
      undefined,
      { cause: error },
    )
  }
}

function sealId(fingerprint: PgpFingerprint): string {
  return `pgp-${fingerprint}`
}

function passphraseAccount(fingerprint: PgpFingerprint): string {
  return `pgp-passphrase:${fingerprint}`
}

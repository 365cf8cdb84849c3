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
import { PGP_PASSPHRASE_TRIES, type PgpKeyPurpose } from '../../../shared/pgp-passphrase-prompt'
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

/** What a key is unlocked for, said in the question: "to decrypt invoice.xml.pgp". */
export interface UnlockPurpose {
  readonly purpose: PgpKeyPurpose
  readonly file?: string
}

/**
 * A run's hold on unlocked keys (`holdUnlocked`): called when the run ends. Given to `unlock`,
 * it keeps the run's refusals (a cancel, three wrong tries) to that run, so another run started
 * meanwhile still asks.
 */
export type KeyHold = () => void

/** `unlock`'s options: what for, the run it is for, and the transfer's cancel. */
export interface UnlockOptions extends UnlockPurpose {
  readonly hold?: KeyHold
  /** Aborting it gives up waiting for the question; the question is withdrawn if nobody else waits. */
  readonly signal?: AbortSignal
}

/** What the person is asked about: the key, why, and the try (a wrong passphrase asks again). */
export interface PassphraseQuestion extends UnlockPurpose {
  readonly fingerprint: PgpFingerprint
  readonly keyId: string
  readonly name: string
  readonly attempt: number
  readonly wrong: boolean
}

/**
 * The person's answer; null: they cancelled; `unanswered`: nobody answered in time. `remember`
 * keeps it in the keychain.
 */
export type PassphraseAnswer =
  { readonly passphrase: string; readonly remember: boolean } | null | 'unanswered'

/**
 * Asks the person for an own key's passphrase: the app's (an event and a dialog); the command
 * has none, so it never asks and fails with `passphrase-needed`.
 */
export type PassphraseAsker = (
  question: PassphraseQuestion,
  withdrawn: AbortSignal,
) => Promise<PassphraseAnswer>

/** The one question open for a key, and how many unlocks still wait for it. */
interface OpenQuestion {
  readonly answer: Promise<PrivateKey>
  readonly withdraw: AbortController
  waiters: number
}

/**
 * Partners' public keys and own key pairs. Public facts are in the settings file's `pgpKeys`;
 * a secret key is sealed like an SSH key (secrets/sealed-files.ts), still under its own
 * passphrase if it has one, and that passphrase is remembered in the keychain or asked.
 */
export class PgpKeyring {
  private readonly sealed: SealedFiles
  private asker: PassphraseAsker | undefined
  /** One question per key at a time: every file waiting for the key waits for that answer. */
  private readonly asking = new Map<PgpFingerprint, OpenQuestion>()
  /**
   * Keys unlocked during the runs holding them, so a pickup of fifty files for a key whose
   * passphrase is not remembered asks once, not fifty times. Shared by the runs; only while a
   * run holds it (`holdUnlocked`): cleared when the last run ends, on delete and forget, and at
   * shutdown.
   */
  private readonly unlocked = new Map<PgpFingerprint, PrivateKey>()
  /**
   * Each hold's refusals (cancelled, wrong three times, not answered), so a cancel is not asked
   * again file after file in that run, while a run started later asks for itself.
   */
  private readonly holds = new Map<KeyHold, Map<PgpFingerprint, MailroomError>>()
  /** The errors that are a person's refusal, not a fault or a transfer's own cancel. */
  private readonly refusals = new WeakSet<MailroomError>()

  constructor(
    folder: string,
    private readonly secrets: SecretStore,
    private readonly settingsFile: SettingsFileStore,
    options: { readonly askPassphrase?: PassphraseAsker } = {},
  ) {
    this.sealed = new SealedFiles(folder, secrets)
    this.asker = options.askPassphrase
  }

  /** Who asks for a passphrase not given nor remembered (the app's window), or nobody. */
  setPassphraseAsker(asker: PassphraseAsker | undefined): void {
    this.asker = asker
  }

  /**
   * Keeps keys unlocked in memory until the returned function is called (the end of a pickup
   * or a send run); runs overlap, and the keys are forgotten when the last one ends.
   */
  holdUnlocked(): KeyHold {
    const release: KeyHold = () => {
      if (!this.holds.delete(release)) return
      if (this.holds.size === 0) this.unlocked.clear()
    }
    this.holds.set(release, new Map())
    return release
  }

  /** Forgets every unlocked key and refusal now (shutdown, a key deleted or its passphrase changed). */
  forgetUnlocked(): void {
    this.unlocked.clear()
    for (const refused of this.holds.values()) refused.clear()
  }

  private forgetKey(fingerprint: PgpFingerprint): void {
    this.unlocked.delete(fingerprint)
    for (const refused of this.holds.values()) refused.delete(fingerprint)
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

  /** The public half of a key, armored, as partners import it (`gpg --import`). */
  armoredPublicKey(fingerprint: PgpFingerprint): string {
    return this.stored(fingerprint).publicKey
  }

  async exportPublic(fingerprint: PgpFingerprint, path: string): Promise<void> {
    await writeNewFile(path, this.armoredPublicKey(fingerprint), 0o644)
  }

  async delete(fingerprint: PgpFingerprint): Promise<void> {
    const stored = this.stored(fingerprint)
    this.forgetKey(fingerprint)
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
   * or the one the person types when asked (the app; up to three tries); without an asker (the
   * command) it fails with `passphrase-needed`, and a cancel with `cancelled`. `purpose` and
   * `file` are what the question says it is for; `hold` is the run's (its refusals stay its
   * own); `signal` aborted stops waiting with `cancelled`.
   */
  async unlock(
    fingerprint: PgpFingerprint,
    passphrase?: string,
    options: UnlockOptions = { purpose: 'use' },
  ): Promise<PrivateKey> {
    const { hold, signal } = options
    const stored = this.stored(fingerprint)
    const named = `${displayName(stored)} (0x${stored.keyId})`
    throwIfAborted(signal, named)
    if (!stored.hasSecret)
      throw new MailroomError('bad-key', `Mailroom has only the public half of ${named}.`)
    // A passphrase given is always proved (rememberPassphrase relies on it), never the cache's.
    const known = passphrase === undefined ? this.known(fingerprint, hold) : undefined
    if (known) return known
    const key = await this.readSecret(fingerprint)
    if (key.isDecrypted()) return this.keep(fingerprint, key)
    const given = passphrase ?? (await this.secrets.get(passphraseAccount(fingerprint)))
    if (given !== null) return this.keep(fingerprint, await decryptWith(key, given, stored))
    const asker = this.asker
    if (!asker)
      throw new MailroomError(
        'passphrase-needed',
        `The passphrase of ${named} is needed and not remembered.`,
        { fingerprint },
      )
    // Checked again here, with nothing awaited before the question: another file's answer may
    // have come while this one read the key, and it serves this one too (asked once a run).
    const answered = this.known(fingerprint, hold)
    if (answered) return answered
    throwIfAborted(signal, named)
    const question =
      this.asking.get(fingerprint) ??
      this.openQuestion(asker, key, stored, {
        purpose: options.purpose,
        ...(options.file === undefined ? {} : { file: options.file }),
      })
    try {
      return await this.waitFor(question, signal, named)
    } catch (error) {
      if (hold && error instanceof MailroomError && this.refusals.has(error))
        this.holds.get(hold)?.set(fingerprint, error)
      throw error
    }
  }

  /** The key unlocked for the runs, or this run's refusal (thrown). */
  private known(fingerprint: PgpFingerprint, hold: KeyHold | undefined): PrivateKey | undefined {
    const refused = hold ? this.holds.get(hold)?.get(fingerprint) : undefined
    if (refused) throw refused
    return this.unlocked.get(fingerprint)
  }

  private openQuestion(
    asker: PassphraseAsker,
    key: PrivateKey,
    stored: StoredPgpKey,
    purpose: UnlockPurpose,
  ): OpenQuestion {
    const withdraw = new AbortController()
    const question: OpenQuestion = {
      answer: this.askUntilUnlocked(asker, key, stored, purpose, withdraw.signal).finally(() => {
        if (this.asking.get(stored.fingerprint) === question) this.asking.delete(stored.fingerprint)
      }),
      withdraw,
      waiters: 0,
    }
    // Nobody may be left waiting when a withdrawn question settles: its failure goes nowhere.
    question.answer.catch(() => undefined)
    this.asking.set(stored.fingerprint, question)
    return question
  }

  /**
   * Waits for the question's answer unless `signal` aborts first; the last waiter to give up
   * withdraws the question (the dialog closes) and the next unlock asks anew.
   */
  private waitFor(
    question: OpenQuestion,
    signal: AbortSignal | undefined,
    named: string,
  ): Promise<PrivateKey> {
    question.waiters += 1
    return new Promise<PrivateKey>((resolve, reject) => {
      let waiting = true
      const leave = () => {
        waiting = false
        signal?.removeEventListener('abort', giveUp)
        question.waiters -= 1
      }
      const giveUp = () => {
        if (!waiting) return
        leave()
        if (question.waiters === 0) {
          for (const [fingerprint, open] of this.asking)
            if (open === question) this.asking.delete(fingerprint)
          question.withdraw.abort()
        }
        reject(cancelledWhileAsked(named))
      }
      signal?.addEventListener('abort', giveUp, { once: true })
      question.answer.then(
        (key) => {
          if (!waiting) return
          leave()
          resolve(key)
        },
        (error: unknown) => {
          if (!waiting) return
          leave()
          reject(error)
        },
      )
    })
  }

  private async readSecret(fingerprint: PgpFingerprint): Promise<PrivateKey> {
    const data = await this.sealed.open(sealId(fingerprint))
    const key = await readPrivateKey({
      binaryKey: new Uint8Array(data),
      config: OPENPGP_READ_CONFIG,
    })
    data.fill(0)
    return key
  }

  /** Asks, tries, asks again after a wrong one (three tries); remembers what it was told to. */
  private async askUntilUnlocked(
    asker: PassphraseAsker,
    key: PrivateKey,
    stored: StoredPgpKey,
    purpose: UnlockPurpose,
    withdrawn: AbortSignal,
  ): Promise<PrivateKey> {
    const { fingerprint } = stored
    const named = `${displayName(stored)} (0x${stored.keyId})`
    let wrong = false
    for (let attempt = 1; attempt <= PGP_PASSPHRASE_TRIES; attempt += 1) {
      const answer = await asker(
        { fingerprint, keyId: stored.keyId, name: displayName(stored), ...purpose, attempt, wrong },
        withdrawn,
      )
      // Every file that waited gave up (their transfers were cancelled): nobody refused.
      if (withdrawn.aborted) throw cancelledWhileAsked(named)
      if (answer === null || answer === 'unanswered')
        throw this.refuse(
          new MailroomError(
            'cancelled',
            `The passphrase of ${named} was not given: its question was ${answer === null ? 'cancelled' : 'not answered in time'}.`,
            { fingerprint, asked: answer === null ? 'cancelled' : 'unanswered' },
          ),
        )
      let unlocked: PrivateKey
      try {
        unlocked = await decryptWith(key, answer.passphrase, stored)
      } catch (error) {
        if (!(error instanceof MailroomError) || error.kind !== 'bad-passphrase') throw error
        wrong = true
        continue
      }
      if (answer.remember) await this.secrets.set(passphraseAccount(fingerprint), answer.passphrase)
      return this.keep(fingerprint, unlocked)
    }
    throw this.refuse(
      new MailroomError(
        'bad-passphrase',
        `Wrong passphrase for ${named}, ${PGP_PASSPHRASE_TRIES} times.`,
        { fingerprint },
      ),
    )
  }

  private keep(fingerprint: PgpFingerprint, key: PrivateKey): PrivateKey {
    if (this.holds.size > 0) this.unlocked.set(fingerprint, key)
    return key
  }

  /**
   * A cancel, three wrong tries or no answer hold for the rest of the run of each file that
   * waited for it (unlock records it in their holds): the next file does not ask.
   */
  private refuse(error: MailroomError): MailroomError {
    this.refusals.add(error)
    return error
  }

  async rememberPassphrase(
    fingerprint: PgpFingerprint,
    passphrase: string | null,
  ): Promise<PgpKeyInfo> {
    const stored = this.stored(fingerprint)
    this.forgetKey(fingerprint)
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

/** The transfer's own cancel: not a refusal, so nothing is remembered of it. */
function cancelledWhileAsked(named: string): MailroomError {
  return new MailroomError('cancelled', `Cancelled while waiting for the passphrase of ${named}.`)
}

function throwIfAborted(signal: AbortSignal | undefined, named: string): void {
  if (signal?.aborted) throw cancelledWhileAsked(named)
}

function sealId(fingerprint: PgpFingerprint): string {
  return `pgp-${fingerprint}`
}

function passphraseAccount(fingerprint: PgpFingerprint): string {
  return `pgp-passphrase:${fingerprint}`
}

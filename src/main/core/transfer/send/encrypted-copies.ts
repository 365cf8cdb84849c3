import { randomUUID } from 'node:crypto'
import { mkdir, readdir, rm, stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { PgpSendSetting, SentPgp } from '../../../../shared/pgp'
import { MailroomError } from '../../errors'
import { encryptFile } from '../../pgp/encrypt-file'
import type { PgpKeyring } from '../../pgp/pgp-keyring'
import { checkLocalFiles, type LocalFile } from './local-files'
import type { SendJournal } from './send-journal'

/** The data folder's folder of encrypted copies, one folder per upload (its journal id). */
export const OUTGOING_FOLDER = 'pgp-outgoing'

/**
 * A copy with no journal record is left this long before a sweep removes it: another Mailroom
 * process (the command beside the app) may be encrypting it right now, before it is queued.
 */
const UNRECORDED_GRACE_MS = 10 * 60_000

/** What sending encrypted needs: the keys, and where the copies are made. */
export interface SendEncryption {
  readonly keyring: PgpKeyring
  /** `<data>/pgp-outgoing`. */
  readonly folder: string
  readonly unrecordedGraceMs?: number
}

/** A file sent encrypted: its original, and how (the journal's `source_path` and `pgp`). */
export interface EncryptedSource {
  readonly sourcePath: string
  readonly pgp: SentPgp
}

/** A file to plan: a local file, or an encrypted copy of one under a chosen upload id. */
export type PlanFile = LocalFile & {
  readonly id?: string
  readonly encrypted?: EncryptedSource
}

/** One encrypted upload's copy: where it is made, from what, how. */
export interface EncryptedCopy {
  readonly id: string
  readonly sourcePath: string
  /** `<data>/pgp-outgoing/<id>/<name sent>`: the remote name, `.pgp` or `.asc` included. */
  readonly localPath: string
  readonly pgp: SentPgp
}

/**
 * How a mailbox's setting encrypts, its signing key settled now, so that a file fails before
 * anything is queued when the setting cannot be met: the key to sign with is the setting's
 * `signWith`, or the one own secret key Mailroom holds.
 */
export function encryptionOf(setting: PgpSendSetting, keyring: PgpKeyring): SentPgp {
  const base = { recipients: [...setting.encryptTo], armored: setting.armored }
  if (!setting.sign) return base
  if (setting.signWith) return { ...base, signedBy: setting.signWith }
  const own = keyring.storedKeys().filter((key) => key.hasSecret)
  const [only] = own
  if (only && own.length === 1) return { ...base, signedBy: only.fingerprint }
  throw new MailroomError(
    'invalid-input',
    own.length === 0
      ? 'This mailbox signs what it sends, but Mailroom has no own OpenPGP key: make or import one.'
      : `This mailbox signs what it sends, and Mailroom has ${own.length} own OpenPGP keys: choose the one to sign with in the profile.`,
  )
}

/** Where an upload's encrypted copy is made. */
export function copyPathFor(encryption: SendEncryption, id: string, remoteName: string): string {
  return join(encryption.folder, id, remoteName)
}

/**
 * Makes the upload's encrypted copy from the original, streaming, unless it is already there
 * (a copy gets its name only once complete and flushed, so one found is whole); its size.
 * The signing key comes from the keyring's `unlock` only: a passphrase not remembered fails the
 * file with `passphrase-needed`, nothing queued on the server.
 */
export async function makeEncryptedCopy(
  encryption: SendEncryption,
  copy: EncryptedCopy,
  options: { readonly onRead?: (bytes: number) => void; readonly signal?: AbortSignal } = {},
): Promise<number> {
  const existing = await stat(copy.localPath).catch(() => undefined)
  if (existing?.isFile()) return existing.size
  const folder = dirname(copy.localPath)
  await mkdir(folder, { recursive: true, mode: 0o700 })
  const sent = basename(copy.localPath)
  const made = await encryptFile(
    {
      source: copy.sourcePath,
      folder,
      recipients: copy.pgp.recipients,
      ...(copy.pgp.signedBy ? { signWith: copy.pgp.signedBy } : {}),
      armored: copy.pgp.armored,
      // The sent name less `.pgp`/`.asc`: what the partner's gpg names the decrypted file.
      name: sent.slice(0, -4),
      ...(options.onRead ? { onRead: options.onRead } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    },
    encryption.keyring,
  )
  return (await stat(made.path)).size
}

/** Removes an upload's encrypted copy (and its folder): sent, taken, failed or recovered. */
export async function removeCopy(encryption: SendEncryption, id: string): Promise<void> {
  await rm(join(encryption.folder, id), { recursive: true, force: true })
}

/**
 * Removes copies nothing will send: their upload ended (or the journal no longer knows it), or
 * it has no record at all, left by a process killed while encrypting before it was queued. An
 * upload still unfinished keeps its copy for recovery; one this process works on is left alone.
 */
export async function sweepCopies(
  encryption: SendEncryption,
  journal: SendJournal,
  now = Date.now(),
): Promise<void> {
  const ids = await readdir(encryption.folder).catch(() => [] as string[])
  const grace = encryption.unrecordedGraceMs ?? UNRECORDED_GRACE_MS
  for (const id of ids) {
    if (journal.isWorking(id)) continue
    const row = journal.byId(id)
    if (row && ['queued', 'started', 'written'].includes(row.status)) continue
    if (!row && (await newestChange(join(encryption.folder, id))) > now - grace) continue
    await removeCopy(encryption, id)
  }
}

/** When anything in the copy's folder last changed (an encryption still writing its part). */
async function newestChange(folder: string): Promise<number> {
  const own = await stat(folder).catch(() => undefined)
  const names = await readdir(folder).catch(() => [] as string[])
  let newest = own?.mtimeMs ?? 0
  for (const name of names) {
    const info = await stat(join(folder, name)).catch(() => undefined)
    if (info) newest = Math.max(newest, info.mtimeMs)
  }
  return newest
}

/** A file sent again (recovery's Retry, an AS2 message completed): as sent, or from its original. */
export interface FileAgain {
  readonly localPath: string
  /** The name on the server, `.pgp`/`.asc` included where it was encrypted. */
  readonly name: string
  readonly encrypted?: EncryptedSource
}

/**
 * Files sent again, checked: one sent encrypted gets a new upload id and copy path, its copy
 * made from the original as its upload starts (the old copy was removed with its record).
 */
export async function planFilesAgain(
  encryption: SendEncryption | undefined,
  files: readonly FileAgain[],
): Promise<PlanFile[]> {
  const local = await checkLocalFiles(
    files.map((file) => file.encrypted?.sourcePath ?? file.localPath),
    files.map((file) => file.name),
  )
  return local.map((file, index) => {
    const encrypted = files[index]?.encrypted
    if (!encrypted) return file
    if (!encryption)
      throw new MailroomError('not-supported', 'OpenPGP keys are not available to this send.')
    const id = randomUUID()
    return { ...file, id, localPath: copyPathFor(encryption, id, file.name), encrypted }
  })
}

import { join } from 'node:path'
import { describeDecrypted, receiveSettingFor, type PgpReceiveSetting } from '../../../shared/pgp'
import { baseName, type RemotePath } from '../../../shared/remote-path'
import { MailroomError } from '../errors'
import { markFromInternet } from '../origin/mark-from-internet'
import { decryptToPart } from '../pgp/decrypt-file'
import { classifyFile, plainNameOf } from '../pgp/openpgp-packets'
import type { KeyHold, PgpKeyring } from '../pgp/pgp-keyring'
import type { FolderSync } from './folder-sync'
import { safeLocalName } from './local-file-name'
import type { PickupJournal, PickupRecord } from './pickup-journal'
import { claimFinalName, partPath, removeQuietly } from './save-locally'

/** What decrypting on pickup needs: the keyring, and the profile's receive mailboxes' settings. */
export interface PickupDecryption {
  readonly keyring: PgpKeyring
  /** By mailbox folder (the profile's `pgpReceive`). */
  readonly mailboxes: Readonly<Record<string, PgpReceiveSetting>>
  /** A lower bound than the free disk space, for tests. */
  readonly maxDecompressedBytes?: number
  /** The pickup's hold on unlocked keys (holdUnlocked): a cancelled question holds for it only. */
  readonly hold?: KeyHold
}

/** What the decrypt step shares with the rest of a pickup, or with a recovery. */
export interface DecryptStepContext {
  readonly journal: PickupJournal
  readonly folders: FolderSync
  readonly origin: { readonly host: string; readonly port: number; readonly username: string }
  readonly onUnmarked?: (folder: string) => void
  readonly decryption?: PickupDecryption
}

/** The file being decrypted: its journal record's facts, and its verified encrypted part. */
export type DecryptTarget = Pick<
  PickupRecord,
  'id' | 'remotePath' | 'localFolder' | 'sha256' | 'verdict' | 'plainSha256'
>

/** The hidden file the plaintext of record `id` is decrypted into, before it has its name. */
export function plainPartPath(folder: string, id: string): string {
  return join(folder, `.mailroom-${id}.plain.part`)
}

/** The name a decrypted file gets: the remote name without `.pgp`/`.gpg`/`.asc`, made safe. */
export function plainLocalName(remotePath: string): string {
  return safeLocalName(plainNameOf(baseName(remotePath as RemotePath)))
}

/**
 * The mailbox's setting when this file is to be decrypted: its mailbox has decryption on and
 * the verified part is an OpenPGP message by its packets (a key arriving is saved as a file).
 */
export async function decryptionFor(
  context: DecryptStepContext,
  remotePath: string,
  part: string,
): Promise<PgpReceiveSetting | undefined> {
  if (!context.decryption) return undefined
  const setting = receiveSettingFor(context.decryption.mailboxes, remotePath)
  if (!setting?.decrypt) return undefined
  return (await classifyFile(part)) === 'message' ? setting : undefined
}

/**
 * Decrypts the verified encrypted part into the plain part (flushed; named only after the MDC
 * and, with 'require', the signature passed), journals `decrypted` with the plaintext's SHA-256,
 * then saves. A file that cannot be decrypted (no key, no passphrase, damaged, no MDC, not
 * verified, too large) is saved encrypted under its own name with the reason: nothing is lost,
 * so the server copy goes by the usual rule. Other failures (a full disk) leave the record at
 * `verified` for recovery to decrypt again.
 */
export async function decryptAndSave(
  context: DecryptStepContext,
  target: DecryptTarget,
  setting: PgpReceiveSetting,
  options: {
    readonly atStep?: (step: 'decrypting' | 'decrypted' | 'claimed') => Promise<void>
    /** The transfer's: a cancel stops the decryption, and the file is decrypted again later. */
    readonly signal?: AbortSignal
    /** Told of the encrypted file's bytes read so far, as they are decrypted. */
    readonly onRead?: (bytes: number) => void
  } = {},
): Promise<void> {
  const atStep = options.atStep ?? (async () => {})
  const { journal, decryption } = context
  if (!decryption) throw new Error('decryptAndSave without a keyring')
  const encrypted = partPath(target.localFolder, target.id)
  let decrypted
  try {
    decrypted = await decryptToPart(
      {
        source: encrypted,
        label: baseName(target.remotePath as RemotePath),
        folder: target.localFolder,
        name: plainLocalName(target.remotePath),
        part: plainPartPath(target.localFolder, target.id),
        policy: setting.signature,
        onStarted: () => atStep('decrypting'),
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.onRead ? { onRead: options.onRead } : {}),
        ...(decryption.hold ? { hold: decryption.hold } : {}),
        ...(decryption.maxDecompressedBytes === undefined
          ? {}
          : { maxDecompressedBytes: decryption.maxDecompressedBytes }),
      },
      decryption.keyring,
    )
  } catch (error) {
    const reason = keptEncryptedReason(error, baseName(target.remotePath as RemotePath))
    if (reason === undefined) throw error
    const localPath = await claimFinalName(
      encrypted,
      target.localFolder,
      safeLocalName(baseName(target.remotePath as RemotePath)),
    )
    await context.folders.sync(target.localFolder)
    await atStep('claimed')
    await journal.append({
      step: 'saved',
      id: target.id,
      localPath,
      sha256: target.sha256 ?? '',
      note: reason,
      at: Date.now(),
    })
    return
  }
  await journal.append({
    step: 'decrypted',
    id: target.id,
    plainSha256: decrypted.sha256,
    verdict: decrypted.verdict,
    at: Date.now(),
  })
  await atStep('decrypted')
  await saveDecrypted(
    context,
    { ...target, plainSha256: decrypted.sha256, verdict: decrypted.verdict },
    setting.keepEncrypted,
    atStep,
  )
}

/**
 * Gives the decrypted part (marked as from the internet first) its name, and, when asked, the
 * encrypted part its own; flushes the folder; journals `saved` with the plaintext's SHA-256.
 * The encrypted part not kept is removed only after that, so a kill before it leaves the
 * plaintext to be decrypted again.
 */
export async function saveDecrypted(
  context: DecryptStepContext,
  target: DecryptTarget,
  keepEncrypted: boolean,
  atStep: (step: 'claimed') => Promise<void> = async () => {},
  found: { readonly plainPath?: string; readonly encryptedPath?: string } = {},
): Promise<string> {
  const { localFolder, id } = target
  const plainPart = plainPartPath(localFolder, id)
  let plainPath = found.plainPath
  if (plainPath === undefined) {
    await mark(context, plainPart, target.remotePath, localFolder)
    plainPath = await claimFinalName(plainPart, localFolder, plainLocalName(target.remotePath))
  }
  const encrypted = partPath(localFolder, id)
  const encryptedPath =
    found.encryptedPath ??
    (keepEncrypted
      ? await claimFinalName(
          encrypted,
          localFolder,
          safeLocalName(baseName(target.remotePath as RemotePath)),
        )
      : undefined)
  await context.folders.sync(localFolder)
  await atStep('claimed')
  await context.journal.append({
    step: 'saved',
    id,
    localPath: plainPath,
    sha256: target.plainSha256 ?? '',
    ...(encryptedPath === undefined ? {} : { encryptedPath }),
    ...(target.verdict ? { note: describeDecrypted(target.verdict) } : {}),
    at: Date.now(),
  })
  await removeQuietly(encrypted)
  return plainPath
}

/**
 * Why a file is kept encrypted, when the failure is about the file or the own key (its
 * passphrase not remembered or wrong): saving it encrypted loses nothing. Undefined for other
 * failures (a full disk, the keychain locked), which fail the file to be decrypted again later.
 */
function keptEncryptedReason(error: unknown, name: string): string | undefined {
  if (!(error instanceof MailroomError)) return undefined
  if (error.detail?.pgp !== undefined) return error.message
  // The person cancelled the passphrase question or left it unanswered (PgpKeyring.unlock):
  // their choice, not a fault; the transfer's own cancel has no `asked`.
  const cancelledQuestion =
    error.kind === 'cancelled' &&
    (error.detail?.asked === 'cancelled' || error.detail?.asked === 'unanswered')
  if (error.kind === 'passphrase-needed' || error.kind === 'bad-passphrase' || cancelledQuestion)
    return `${JSON.stringify(name)} was kept encrypted: ${error.message}`
  return undefined
}

async function mark(
  context: DecryptStepContext,
  path: string,
  remotePath: string,
  folder: string,
): Promise<void> {
  const marked = await markFromInternet(path, { ...context.origin, remotePath })
  if (marked === 'unsupported') context.onUnmarked?.(folder)
}

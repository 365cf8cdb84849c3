import { basename } from 'node:path'
import type { MailboxFile } from '../../../shared/domain'
import {
  describeDetached,
  receiveSettingFor,
  type PgpReceiveSetting,
  type SignatureVerdict,
} from '../../../shared/pgp'
import { toApiError } from '../errors'
import { classifyFile } from '../pgp/openpgp-packets'
import { signedFileName, verifyDetached } from '../pgp/verify-detached'
import type { PickupDecryption } from './decrypt-on-pickup'
import type { PickupJournal } from './pickup-journal'

/**
 * How one file of a pickup ended, for its detached signature: saved as it came (its record and
 * where), or not (an OpenPGP message the decrypt step took, or a failure), so it is no signed
 * file or signature.
 */
export type SettledFile =
  | { readonly saved: true; readonly id: string; readonly localPath: string }
  | { readonly saved: false; readonly decrypted: boolean }

interface Pair {
  readonly data: string
  readonly signature: string
}

/**
 * Detached signatures picked up together with the files they sign (`invoice.xml` with
 * `invoice.xml.sig` or `.asc`), in receive mailboxes that decrypt: once both are saved, the
 * file is checked against the signature, and the verdict recorded on the file's journal record.
 * The files of a pickup run at once, so whichever of the two settles last does the check. A
 * signature is told by its packets, not its name; a file with a bad signature or none, where the
 * mailbox requires one, is noted "not verified" (it is saved already: nothing is lost).
 */
export class DetachedSignatures {
  private readonly pairOf = new Map<string, Pair>()
  private readonly settled = new Map<string, SettledFile>()

  constructor(
    files: readonly MailboxFile[],
    private readonly decryption: PickupDecryption | undefined,
    private readonly journal: PickupJournal,
  ) {
    const paths = new Set(files.map((file) => file.path as string))
    for (const file of files) {
      if (!this.settingFor(file.path)) continue
      const signed = signedFileName(file.path)
      if (signed === null || !paths.has(signed) || this.pairOf.has(signed)) continue
      const pair = { data: signed, signature: file.path as string }
      this.pairOf.set(signed, pair)
      this.pairOf.set(file.path, pair)
    }
  }

  /**
   * Told when a file's pickup has saved it (or will not): checks its pair once both are known.
   * Never throws: the file is saved whatever the signature says.
   */
  async fileSettled(remotePath: string, outcome: SettledFile): Promise<void> {
    const setting = this.settingFor(remotePath)
    if (!setting) return
    this.settled.set(remotePath, outcome)
    const pair = this.pairOf.get(remotePath)
    if (!pair) {
      if (outcome.saved) await this.unpaired(outcome, setting)
      return
    }
    const data = this.settled.get(pair.data)
    const signature = this.settled.get(pair.signature)
    if (!data || !signature || !data.saved) return
    // Only the last of the two to settle checks, and only once.
    this.pairOf.delete(pair.data)
    this.pairOf.delete(pair.signature)
    const required = setting.signature === 'require'
    // An encrypted message named like a signature (`orders.csv.asc`) is no signature.
    if (!signature.saved && signature.decrypted) return this.unpaired(data, setting)
    if (!signature.saved) {
      await this.record(
        data.id,
        { state: 'not-signed' },
        describeDetached(
          { state: 'not-signed' },
          null,
          required,
          `its detached signature ${JSON.stringify(basename(pair.signature))} was not picked up`,
        ),
      )
      return
    }
    if ((await this.contentOf(signature.localPath)) !== 'signature')
      return this.unpaired(data, setting)
    let verdict: SignatureVerdict
    try {
      verdict = await verifyDetached(
        data.localPath,
        signature.localPath,
        (this.decryption as PickupDecryption).keyring,
      )
    } catch (error) {
      const missing = `its detached signature ${JSON.stringify(basename(signature.localPath))} could not be checked: ${toApiError(error).message}`
      await this.record(
        data.id,
        { state: 'not-signed' },
        describeDetached({ state: 'not-signed' }, null, required, missing),
      )
      return
    }
    await this.record(
      data.id,
      verdict,
      describeDetached(verdict, basename(signature.localPath), required),
    )
  }

  /**
   * A plain file saved with no signature beside it: noted only where the mailbox requires a
   * signature. An OpenPGP file that is not a message (a partner's key, a signature alone) is
   * saved as it is, with no note: it is not data that needs signing.
   */
  private async unpaired(
    saved: Extract<SettledFile, { saved: true }>,
    setting: PgpReceiveSetting,
  ): Promise<void> {
    if (setting.signature !== 'require') return
    if ((await this.contentOf(saved.localPath)) !== 'not-openpgp') return
    await this.record(
      saved.id,
      { state: 'not-signed' },
      describeDetached({ state: 'not-signed' }, null, true),
    )
  }

  private settingFor(remotePath: string): PgpReceiveSetting | undefined {
    if (!this.decryption) return undefined
    const setting = receiveSettingFor(this.decryption.mailboxes, remotePath)
    return setting?.decrypt && setting.signature !== 'ignore' ? setting : undefined
  }

  private async contentOf(path: string) {
    return classifyFile(path).catch(() => 'unreadable' as const)
  }

  private async record(id: string, verdict: SignatureVerdict, note: string): Promise<void> {
    // The file is saved already; a journal that cannot take the note loses only the note.
    await this.journal
      .append({ step: 'signature-checked', id, verdict, note, at: Date.now() })
      .catch(() => undefined)
  }
}

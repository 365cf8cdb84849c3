import type { Transfer, TransferId } from '../../shared/domain'
import type { RemotePath } from '../../shared/remote-path'

/** Whether `path` is in `folder` or in a folder below it. */
function isInside(path: RemotePath, folder: RemotePath): boolean {
  return folder === '' || path.startsWith(`${folder}/`)
}

/**
 * When to list the shown folder again while transfers change it: once, when the last transfer
 * of a batch inside it has finished. Listing after every finished file made a pickup of 1,000
 * message folders list the whole mailbox a thousand times, on the connection the pickup needed.
 */
export class FolderRefresh {
  private readonly active = new Set<TransferId>()
  private changed = false

  constructor(readonly folder: RemotePath) {}

  /** Takes one `transfer:update`; true when the folder should be listed now. */
  update(transfer: Transfer): boolean {
    if (!isInside(transfer.remotePath, this.folder)) return false
    if (transfer.finishedAt === undefined) {
      this.active.add(transfer.id)
      return false
    }
    this.active.delete(transfer.id)
    if (transfer.state === 'done') this.changed = true
    if (!this.changed || this.active.size > 0) return false
    this.changed = false
    return true
  }
}

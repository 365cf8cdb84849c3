import type { RemotePath } from '../../../shared/remote-path'
import type { TransferId } from '../../../shared/domain'
import { toApiError } from '../errors'
import type { SftpSession } from '../sftp/sftp-session'

export interface WatchOptions {
  readonly intervalMs?: number
  readonly giveUpAfterMs?: number
}

/**
 * After a send, checks now and then whether the gateway has taken the file from the send
 * mailbox (AS2 Gateway within 30 s; MFT Gateway and Amili soon after), on the one connection
 * already open, and reports when it has gone. Stops when the connection ends or after a while.
 */
export function watchTaken(
  session: SftpSession,
  path: RemotePath,
  id: TransferId,
  onTaken: (id: TransferId) => void,
  options: WatchOptions = {},
): () => void {
  const interval = options.intervalMs ?? 10_000
  const deadline = Date.now() + (options.giveUpAfterMs ?? 10 * 60_000)
  let timer: NodeJS.Timeout | undefined
  let stopped = false
  const check = async () => {
    if (stopped || !session.isOpen || Date.now() > deadline) return
    const gone = await session.stat(path).then(
      () => false,
      (error: unknown) => toApiError(error).kind === 'not-found',
    )
    if (stopped) return
    if (gone) onTaken(id)
    else timer = setTimeout(() => void check(), interval)
  }
  timer = setTimeout(() => void check(), interval)
  const stopOnClose = session.onClose(() => stop())
  function stop() {
    stopped = true
    clearTimeout(timer)
    stopOnClose()
  }
  return stop
}

import type { Transfer, TransferId } from '../../shared/domain'

/** A group of sends started together, to be announced once all of them have finished. */
export interface SendBatch {
  readonly ids: readonly TransferId[]
  readonly mailboxName: string
}

/**
 * The announcement for a finished batch, or undefined while any of its transfers still runs.
 * Pure, so it is tested without a browser's Notification.
 */
export function batchOutcome(
  batch: SendBatch,
  transfers: ReadonlyMap<TransferId, Transfer>,
): { title: string; body: string } | undefined {
  const states = batch.ids.map((id) => transfers.get(id))
  if (states.some((transfer) => transfer?.finishedAt === undefined)) return undefined
  const failed = states.filter((transfer) => transfer?.state === 'failed').length
  const sent = states.filter((transfer) => transfer?.state === 'done').length
  const files = (count: number) => `${count} ${count === 1 ? 'file' : 'files'}`
  if (failed > 0)
    return {
      title: 'Sending failed',
      body: `${files(failed)} of ${batch.ids.length} could not be sent to ${batch.mailboxName}. See Transfers.`,
    }
  return { title: 'Sent', body: `${files(sent)} sent to ${batch.mailboxName}.` }
}

/** Shows a desktop notification where the person allowed them; asking is done on the first send. */
export function notify(title: string, body: string): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return
  new Notification(title, { body, silent: false })
}

export function askForNotifications(): void {
  if (typeof Notification !== 'undefined' && Notification.permission === 'default')
    void Notification.requestPermission()
}

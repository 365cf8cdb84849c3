/**
 * One large Mailroom transfer in a process of its own, so its memory is Mailroom's alone: the
 * parent forks this with a job, this connects through dispatch, resets the kernel's peak-RSS
 * mark, reports its baseline, runs the transfer, and reports the time and the peak.
 * Messages (process.send): { kind: 'ready', rss } then { kind: 'done', seconds, peakRss }.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { BenchPgpKeys, BenchSendKeys } from './encrypted-workload'
import { MailroomDriver, type Target } from './mailroom-driver'

export interface ChildJob {
  readonly target: Target
  readonly keyPath: string
  /** pickup-then-send: the file picked up is then sent to `sendFolder`, in the same process. */
  readonly kind: 'pickup' | 'send' | 'pickup-then-send'
  /** pickup: the receive folder; send: the send folder. */
  readonly remoteFolder: string
  /** pickup: the folder to pick up into; send: the file to send. */
  readonly localPath: string
  /** pickup-then-send: where the picked-up file is sent. */
  readonly sendFolder?: string
  /** OpenPGP: the keys to import, and the profile's mailboxes decrypt (signature required). */
  readonly decryptWith?: BenchPgpKeys
  /** OpenPGP: the keys to import, and the profile's mailboxes encrypt to the partner and sign. */
  readonly encryptWith?: BenchSendKeys
}

export type ChildMessage =
  | { readonly kind: 'ready'; readonly rss: number }
  | { readonly kind: 'done'; readonly seconds: number; readonly peakRss: number }
  | { readonly kind: 'failed'; readonly message: string }

const statusBytes = (field: 'VmRSS' | 'VmHWM') => {
  const line = readFileSync('/proc/self/status', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith(`${field}:`))
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) * 1024
}
const tell = (message: ChildMessage) =>
  new Promise<void>((resolve) => process.send?.(message, () => resolve()))

async function main(job: ChildJob): Promise<void> {
  const driver = MailroomDriver.create()
  try {
    const profile = await driver.connect('Bench', job.target, job.keyPath)
    if (job.decryptWith) await driver.decryptOnPickup(profile, job.decryptWith)
    if (job.encryptWith) await driver.encryptOnSend(profile, job.encryptWith)
    // "5" resets VmHWM to the current RSS (proc(5)): the peak then covers the transfer only.
    writeFileSync('/proc/self/clear_refs', '5')
    const rss = statusBytes('VmRSS')
    await tell({ kind: 'ready', rss })
    const start = performance.now()
    if (job.kind === 'send') await driver.send(profile, job.remoteFolder, [job.localPath])
    else await driver.pickUpAll(profile, job.remoteFolder, job.localPath)
    if (job.kind === 'pickup-then-send') {
      const picked = readdirSync(job.localPath).map((name) => join(job.localPath, name))
      await driver.send(profile, job.sendFolder ?? '', picked)
    }
    const seconds = (performance.now() - start) / 1000
    await tell({ kind: 'done', seconds, peakRss: statusBytes('VmHWM') })
  } finally {
    await driver.shutdown()
  }
}

const job = JSON.parse(process.argv[2] ?? '{}') as ChildJob
main(job).then(
  () => process.exit(0),
  async (error: unknown) => {
    await tell({ kind: 'failed', message: error instanceof Error ? error.message : String(error) })
    process.exit(1)
  },
)

/**
 * The parent's side of bench/mailroom-child.ts: forks it on Node with tsx, samples its RSS from
 * /proc while the transfer runs (beside the child's own kernel peak mark), and returns the time
 * and the growth of its memory over the baseline it had once connected.
 */
import { fork } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { ChildJob, ChildMessage } from './mailroom-child'

export interface ChildResult {
  readonly seconds: number
  readonly baselineRss: number
  readonly peakRss: number
}

const CHILD = fileURLToPath(new URL('./mailroom-child.ts', import.meta.url))

const rssOf = (pid: number) => {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((entry) => entry.startsWith('VmRSS:'))
    return Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) * 1024
  } catch {
    return 0 // The child has just exited.
  }
}

export function runInChild(job: ChildJob): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = fork(CHILD, [JSON.stringify(job)], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    let baseline = 0
    let sampledPeak = 0
    let result: ChildResult | undefined
    let failure: string | undefined
    let sampler: NodeJS.Timeout | undefined
    child.on('message', (message: ChildMessage) => {
      if (message.kind === 'ready') {
        baseline = message.rss
        sampler = setInterval(() => {
          sampledPeak = Math.max(sampledPeak, rssOf(child.pid ?? 0))
        }, 10)
      } else if (message.kind === 'done') {
        clearInterval(sampler)
        result = {
          seconds: message.seconds,
          baselineRss: baseline,
          peakRss: Math.max(message.peakRss, sampledPeak),
        }
      } else failure = message.message
    })
    child.once('error', reject)
    child.once('exit', (code) => {
      clearInterval(sampler)
      if (result) resolve(result)
      else reject(new Error(`Mailroom's child exited with ${code}: ${failure ?? 'no result'}`))
    })
  })
}

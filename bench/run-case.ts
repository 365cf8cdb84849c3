/**
 * Runs one tool on one case, as often as the case allows, and proves every run: SHA-256 of what
 * arrived against what was sent, nothing more or less, the server's copies gone after a pickup,
 * the whole listing read. Counts the connections the tool opened for each run.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { Profile } from '../src/shared/domain'
import { RUN_BUDGET_SECONDS, type BenchCase, type Data } from './cases'
import { runInChild } from './child-run'
import type { BenchPgpKeys, GnuPgPartner } from './encrypted-workload'
import type { MailroomDriver } from './mailroom-driver'
import type { Peer, PeerName, PeerOperation } from './peers'
import type { BenchServers, Place, Tool } from './servers'
import { emptyFolder, placeOnServer, verifyArrived, verifyEmpty, type FileSet } from './workload'

export interface Measurement {
  readonly tool: Tool
  /** Seconds per run; for the peers (OpenSSH, rclone, lftp) with their connect time taken off. */
  readonly seconds: number[]
  readonly rawSeconds: number[]
  /** Connections used per run; Mailroom's include the one session its runs share. */
  readonly connections: number[]
  /** Mailroom in a child process: peak RSS over its baseline once connected, per run. */
  readonly memoryGrowthMiB?: number[]
}

export interface CaseContext {
  readonly servers: BenchServers
  readonly driver: MailroomDriver
  readonly profiles: Readonly<Record<Place, Profile>>
  readonly data: Readonly<Record<Exclude<Data, 'listed'>, FileSet>>
  readonly listedCount: number
  /** The keys of the encrypted data (hugeEncrypted), when a chosen case decrypts. */
  readonly pgpKeys?: BenchPgpKeys
  /** The partner an encrypted send goes to (gpg), when a chosen case encrypts. */
  readonly gpgPartner?: GnuPgPartner
  readonly peers: Readonly<Record<PeerName, Peer>>
  /** Each peer's connect-and-log-in time per place, measured beforehand. */
  readonly connectSeconds: (tool: PeerName, place: Place) => number
  readonly scratch: string
}

/** The folders each tool works in, on every server: its own, so runs never mix. */
export const folderOf = (tool: Tool, purpose: 'pickup' | 'input' | 'empty') =>
  `${tool.toLowerCase()}/${purpose}`
export const LISTED_FOLDER = 'listed'

const seconds = (start: number) => (performance.now() - start) / 1000

export async function runCase(
  context: CaseContext,
  benchCase: BenchCase,
  tool: Tool,
): Promise<Measurement | undefined> {
  const maxRuns = benchCase.runs[tool]
  if (maxRuns === 0) return undefined
  const result = {
    tool,
    seconds: [] as number[],
    rawSeconds: [] as number[],
    connections: [] as number[],
    ...(tool === 'Mailroom' && benchCase.inChild ? { memoryGrowthMiB: [] as number[] } : {}),
  }
  let spent = 0
  for (let run = 0; run < maxRuns; run += 1) {
    const { raw, connections, growth } = await runOnce(context, benchCase, tool)
    const connect = tool === 'Mailroom' ? 0 : context.connectSeconds(tool, benchCase.place)
    result.rawSeconds.push(raw)
    result.seconds.push(Math.max(raw - connect, 0))
    result.connections.push(connections)
    if (growth !== undefined) result.memoryGrowthMiB?.push(growth)
    spent += raw
    // Slow cases are repeated less rather than dropped: another run must fit the budget.
    if (spent + raw > RUN_BUDGET_SECONDS[tool]) break
  }
  return result
}

async function runOnce(
  context: CaseContext,
  benchCase: BenchCase,
  tool: Tool,
): Promise<{ raw: number; connections: number; growth?: number }> {
  const { servers, scratch } = context
  const { place, kind } = benchCase
  const what = `${tool}, ${benchCase.title}`
  const set = benchCase.data === 'listed' ? undefined : context.data[benchCase.data]
  const remotePickup = folderOf(tool, 'pickup')
  const remoteInput = folderOf(tool, 'input')
  const local = await mkdtemp(join(scratch, 'arrived-'))
  try {
    const picksUp = kind === 'pickup' || kind === 'pickup-then-send'
    const sends = kind === 'send' || kind === 'pickup-then-send'
    if (set && picksUp) await placeOnServer(set, servers.onDisk(place, remotePickup))
    if (sends) await emptyFolder(servers.onDisk(place, remoteInput))
    const before = servers.connections(place, tool)
    let raw: number
    let growth: number | undefined
    let listed = 0

    if (tool === 'Mailroom' && benchCase.inChild && set) {
      const child = await runInChild({
        target: servers.target(place, tool),
        keyPath: servers.keyPath,
        kind: kind === 'list' ? 'pickup' : kind,
        remoteFolder: kind === 'send' ? remoteInput : remotePickup,
        localPath: kind === 'send' ? (set.paths[0] ?? '') : local,
        sendFolder: remoteInput,
        ...(benchCase.pgp === 'decrypt' && context.pgpKeys ? { decryptWith: context.pgpKeys } : {}),
        ...(benchCase.pgp === 'encrypt' && context.gpgPartner
          ? { encryptWith: context.gpgPartner.keys }
          : {}),
      })
      raw = child.seconds
      growth = (child.peakRss - child.baselineRss) / 1024 / 1024
    } else if (kind === 'pickup-then-send') {
      throw new Error(`${what}: measured in a child process of Mailroom's only`)
    } else if (tool === 'Mailroom') {
      const profile = context.profiles[place]
      const start = performance.now()
      if (kind === 'pickup') await context.driver.pickUpAll(profile, remotePickup, local)
      else if (kind === 'send')
        await context.driver.send(profile, remoteInput, [...(set?.paths ?? [])])
      else listed = await context.driver.listFolder(profile, LISTED_FOLDER)
      raw = seconds(start)
    } else {
      const operation: PeerOperation =
        kind === 'pickup'
          ? { kind, remoteFolder: remotePickup, localFolder: local }
          : kind === 'send'
            ? { kind, localFolder: set?.dir ?? '', remoteFolder: remoteInput }
            : { kind, remoteFolder: LISTED_FOLDER }
      const start = performance.now()
      const output = await context.peers[tool].run(
        servers.target(place, tool),
        servers.keyPath,
        operation,
      )
      raw = seconds(start)
      if (kind === 'list') listed = context.peers[tool].countEntries(output)
    }

    // A session Mailroom reuses counts as one connection of the run.
    const reused = tool === 'Mailroom' && !benchCase.inChild ? 1 : 0
    const connections = servers.connections(place, tool) - before + reused
    if (kind === 'list' && listed !== context.listedCount)
      throw new Error(`${what}: listed ${listed} entries of ${context.listedCount}`)
    if (set && picksUp) {
      await verifyArrived(set, local, what)
      await verifyEmpty(servers.onDisk(place, remotePickup), what)
    }
    if (set && sends && benchCase.pgp === 'encrypt') {
      const [[name, sha256] = ['', '']] = [...set.hashes]
      if (!context.gpgPartner) throw new Error(`${what}: no partner to check what arrived`)
      await context.gpgPartner.verifyArrived(
        servers.onDisk(place, remoteInput),
        name,
        sha256,
        scratch,
      )
      await emptyFolder(servers.onDisk(place, remoteInput))
    } else if (set && sends) {
      await verifyArrived(set, servers.onDisk(place, remoteInput), what)
      await emptyFolder(servers.onDisk(place, remoteInput))
    }
    return { raw, connections, ...(growth !== undefined ? { growth } : {}) }
  } finally {
    await rm(local, { recursive: true, force: true })
  }
}

/** Connect and log in, nothing else: what each peer's times have taken off. */
export async function measureConnect(
  context: Pick<CaseContext, 'servers' | 'peers'>,
  tool: PeerName,
  place: Place,
  runs: number,
): Promise<number> {
  const times: number[] = []
  for (let run = 0; run < runs; run += 1) {
    const start = performance.now()
    await context.peers[tool].run(context.servers.target(place, tool), context.servers.keyPath, {
      kind: 'connect',
      emptyFolder: folderOf(tool, 'empty'),
    })
    times.push(seconds(start))
  }
  return median(times)
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? NaN)
    : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2
}

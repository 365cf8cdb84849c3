/**
 * What the benchmark measures: issue 11's cases, their sizes (smaller with BENCH_QUICK=1, a
 * smoke run), how often each tool runs them, and the issue's targets for each.
 */
import type { PeerName } from './peers'
import type { Place, Tool } from './servers'

export const QUICK = process.env.BENCH_QUICK === '1'
const MIB = 1024 * 1024

export const SIZES = QUICK
  ? {
      smallCount: 30,
      farFew: 10,
      farMany: 30,
      smallBytes: 10 * 1024,
      large: 16 * MIB,
      farLarge: 4 * MIB,
      huge: 32 * MIB,
      listed: 300,
    }
  : {
      smallCount: 1000,
      farFew: 200,
      farMany: 1000,
      smallBytes: 10 * 1024,
      large: 512 * MIB,
      farLarge: 64 * MIB,
      huge: 1024 * MIB,
      listed: 10_000,
    }

/**
 * A target of the issue: a ratio (their time / ours) to reach, a time to stay under, or, for a
 * way of getting through, at most so many times Mailroom's own time on another case.
 */
export type Target =
  | { readonly vs: PeerName; readonly ratio: number }
  | { readonly underSeconds: number }
  | { readonly withinOf: string; readonly times: number }

export type Data =
  'small' | 'farFew' | 'farMany' | 'large' | 'farLarge' | 'huge' | 'hugeEncrypted' | 'listed'

export interface BenchCase {
  readonly id: string
  readonly title: string
  /** pickup-then-send: the file picked up is sent back, in one process (memory only). */
  readonly kind: 'pickup' | 'send' | 'pickup-then-send' | 'list'
  readonly place: Place
  readonly data: Data
  /** How many runs each tool gets at most (0: not run); fewer when runs are slow (below). */
  readonly runs: Readonly<Record<Tool, number>>
  /** Mailroom runs in a child process whose memory is measured (the large transfers). */
  readonly inChild?: boolean
  /**
   * OpenPGP (issue 23): the pickup decrypts and verifies (a mailbox with decrypt on), or the
   * send encrypts to a partner's key and signs (a mailbox with encryptTo and sign).
   */
  readonly pgp?: 'decrypt' | 'encrypt'
  /** Peak memory growth to stay under, when not MEMORY_LIMIT_MIB (issue 23: 150 MiB). */
  readonly memoryLimitMiB?: number
  readonly targets: readonly Target[]
}

/** A tool stops repeating a case once its runs of it have taken this long (at least one run). */
export const RUN_BUDGET_SECONDS: Readonly<Record<Tool, number>> = {
  Mailroom: 45,
  OpenSSH: 20,
  rclone: 20,
  lftp: 20,
}

// In order: Mailroom, OpenSSH, rclone, lftp (which runs every case OpenSSH or rclone runs).
const runs = (mailroom: number, openssh: number, rcloneRuns: number, lftp: number) => {
  const counts = { Mailroom: mailroom, OpenSSH: openssh, rclone: rcloneRuns, lftp }
  const once = (count: number) => Math.min(count, 1)
  return QUICK
    ? {
        Mailroom: once(mailroom),
        OpenSSH: once(openssh),
        rclone: once(rcloneRuns),
        lftp: once(lftp),
      }
    : counts
}

/** Peak memory growth allowed while a 1 GiB file is decrypted or encrypted on the way (issue 23). */
export const PGP_MEMORY_LIMIT_MIB = 150

const files = (count: number) => `${count.toLocaleString('en')} x 10 KiB`
const mib = (bytes: number) =>
  bytes >= 1024 * MIB ? `${bytes / 1024 / MIB} GiB` : `${bytes / MIB} MiB`

export const CASES: readonly BenchCase[] = [
  {
    id: 'pickup-small-loopback',
    title: `pick up ${files(SIZES.smallCount)}, loopback`,
    kind: 'pickup',
    place: 'loopback',
    data: 'small',
    runs: runs(3, 3, 3, 3),
    targets: [
      { vs: 'OpenSSH', ratio: 2 },
      { vs: 'rclone', ratio: 1.5 },
    ],
  },
  {
    id: 'send-small-loopback',
    title: `send ${files(SIZES.smallCount)}, loopback`,
    kind: 'send',
    place: 'loopback',
    data: 'small',
    runs: runs(3, 3, 3, 3),
    targets: [
      { vs: 'OpenSSH', ratio: 1.5 },
      { vs: 'rclone', ratio: 1.5 },
    ],
  },
  {
    id: 'pickup-few-far',
    title: `pick up ${files(SIZES.farFew)}, 50 ms`,
    kind: 'pickup',
    place: 'far',
    data: 'farFew',
    runs: runs(3, 1, 1, 1),
    targets: [
      { vs: 'OpenSSH', ratio: 40 },
      { vs: 'rclone', ratio: 10 },
    ],
  },
  {
    id: 'send-few-far',
    title: `send ${files(SIZES.farFew)}, 50 ms`,
    kind: 'send',
    place: 'far',
    data: 'farFew',
    runs: runs(3, 1, 1, 1),
    targets: [
      { vs: 'OpenSSH', ratio: 15 },
      { vs: 'rclone', ratio: 10 },
    ],
  },
  {
    id: 'pickup-many-far',
    title: `pick up ${files(SIZES.farMany)}, 50 ms`,
    kind: 'pickup',
    place: 'far',
    data: 'farMany',
    // OpenSSH only for the smaller batch: one file after another, this would take minutes.
    runs: runs(3, 0, 1, 1),
    targets: [{ vs: 'rclone', ratio: 10 }, { underSeconds: 3 }],
  },
  {
    // Issue 22: through a jump host (a second sshd behind the 50 ms proxy) against straight.
    id: 'pickup-many-jump',
    title: `pick up ${files(SIZES.farMany)}, 50 ms, through a jump host`,
    kind: 'pickup',
    place: 'jump',
    data: 'farMany',
    runs: runs(3, 0, 0, 0),
    targets: [{ withinOf: 'pickup-many-far', times: 1.5 }],
  },
  {
    id: 'send-many-far',
    title: `send ${files(SIZES.farMany)}, 50 ms`,
    kind: 'send',
    place: 'far',
    data: 'farMany',
    runs: runs(3, 0, 1, 1),
    targets: [{ vs: 'rclone', ratio: 10 }],
  },
  {
    id: 'pickup-large-loopback',
    title: `pick up one ${mib(SIZES.large)} file, loopback`,
    kind: 'pickup',
    place: 'loopback',
    data: 'large',
    runs: runs(3, 2, 2, 2),
    inChild: true,
    targets: [{ vs: 'OpenSSH', ratio: 1.1 }],
  },
  {
    id: 'send-large-loopback',
    title: `send one ${mib(SIZES.large)} file, loopback`,
    kind: 'send',
    place: 'loopback',
    data: 'large',
    runs: runs(3, 2, 2, 2),
    inChild: true,
    targets: [{ vs: 'OpenSSH', ratio: 1.1 }],
  },
  {
    id: 'pickup-large-far',
    title: `pick up one ${mib(SIZES.farLarge)} file, 50 ms`,
    kind: 'pickup',
    place: 'far',
    data: 'farLarge',
    runs: runs(3, 2, 2, 2),
    inChild: true,
    targets: [
      { vs: 'OpenSSH', ratio: 1.3 },
      { vs: 'rclone', ratio: 1 },
    ],
  },
  {
    id: 'send-large-far',
    title: `send one ${mib(SIZES.farLarge)} file, 50 ms`,
    kind: 'send',
    place: 'far',
    data: 'farLarge',
    runs: runs(3, 2, 2, 2),
    inChild: true,
    targets: [
      { vs: 'OpenSSH', ratio: 1.3 },
      { vs: 'rclone', ratio: 1 },
    ],
  },
  {
    id: 'pickup-large-proftpd',
    title: `pick up one ${mib(SIZES.large)} file, ProFTPD, loopback`,
    kind: 'pickup',
    place: 'proftpd',
    data: 'large',
    runs: runs(3, 2, 1, 2),
    inChild: true,
    targets: [{ vs: 'OpenSSH', ratio: 1 }],
  },
  {
    // Issue 18: a 1 GiB pickup followed by a 1 GiB send, in one process, for its memory.
    id: 'pickup-then-send-huge-loopback',
    title: `pick up then send one ${mib(SIZES.huge)} file, loopback`,
    kind: 'pickup-then-send',
    place: 'loopback',
    data: 'huge',
    runs: runs(2, 0, 0, 0),
    inChild: true,
    targets: [],
  },
  {
    // Issue 23: one 1 GiB file encrypted to the own key and signed by a partner, picked up with
    // decryption on (signature required), for its memory: openpgp.js streams it to the part file.
    id: 'pickup-encrypted-huge-loopback',
    title: `pick up and decrypt one ${mib(SIZES.huge)} OpenPGP file, loopback`,
    kind: 'pickup',
    place: 'loopback',
    data: 'hugeEncrypted',
    runs: runs(1, 0, 0, 0),
    inChild: true,
    pgp: 'decrypt',
    memoryLimitMiB: PGP_MEMORY_LIMIT_MIB,
    targets: [],
  },
  {
    // Issue 23: one 1 GiB file sent with encryption on (to a partner's key made by gpg, signed
    // with the own key), for its memory; gpg decrypts what arrived and checks the signature.
    id: 'send-encrypted-huge-loopback',
    title: `encrypt and send one ${mib(SIZES.huge)} file, loopback`,
    kind: 'send',
    place: 'loopback',
    data: 'huge',
    runs: runs(1, 0, 0, 0),
    inChild: true,
    pgp: 'encrypt',
    memoryLimitMiB: PGP_MEMORY_LIMIT_MIB,
    targets: [],
  },
  {
    id: 'list-loopback',
    title: `list ${SIZES.listed.toLocaleString('en')} entries, loopback`,
    kind: 'list',
    place: 'loopback',
    data: 'listed',
    runs: runs(3, 3, 3, 3),
    targets: [{ vs: 'OpenSSH', ratio: 1.5 }],
  },
  {
    id: 'list-far',
    title: `list ${SIZES.listed.toLocaleString('en')} entries, 50 ms`,
    kind: 'list',
    place: 'far',
    data: 'listed',
    runs: runs(3, 2, 2, 2),
    targets: [{ vs: 'OpenSSH', ratio: 5 }],
  },
]

/**
 * BENCH_CASES=id,id: only these cases (while working on one); every case when not set. Unknown
 * ids are refused, so a typo does not quietly measure nothing.
 */
export const SELECTED: ReadonlySet<string> = (() => {
  const wanted = (process.env.BENCH_CASES ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '')
  const unknown = wanted.filter((id) => !CASES.some((benchCase) => benchCase.id === id))
  if (unknown.length > 0)
    throw new Error(
      `BENCH_CASES names no case ${unknown.join(', ')}; the cases: ${CASES.map((benchCase) => benchCase.id).join(', ')}`,
    )
  return new Set(wanted.length > 0 ? wanted : CASES.map((benchCase) => benchCase.id))
})()

/** Peak memory growth Mailroom must stay under during a large transfer (issues 11 and 18: 1 GiB). */
export const MEMORY_LIMIT_MIB = 100
/** New connections a minute Mailroom may open to one host (issue 11). */
export const CONNECTION_LIMIT = 20

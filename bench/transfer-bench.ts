/**
 * `npm run bench` (issue 11): Mailroom through `createMailroom(...).dispatch`, the path the UI
 * takes, against OpenSSH's `sftp -b`, rclone and lftp (`mirror`, 8 transfers at once), in one
 * run, on the same servers and data: the test sshd on loopback and through a proxy adding 25 ms
 * each way, and ProFTPD's mod_sftp.
 * Prints a markdown table (medians, ratios, the issue's targets met or not) and writes
 * bench/results.json. BENCH_QUICK=1: small sizes and one run each, to check that it works.
 * BENCH_CASES=id,id: only those cases (and only the data and connect times they need); the
 * table is printed and results.json left as it was.
 * What each case measures: bench/cases.ts; how a run is proved: bench/run-case.ts.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Profile } from '../src/shared/domain'
import { CASES, QUICK, SELECTED, SIZES, type BenchCase, type Data } from './cases'
import { MailroomDriver } from './mailroom-driver'
import { LFTP_PARALLEL, lftp, openssh, rclone, type PeerName } from './peers'
import { jsonReport, markdownReport, type CaseResult } from './report'
import {
  folderOf,
  LISTED_FOLDER,
  measureConnect,
  runCase,
  type CaseContext,
  type Measurement,
} from './run-case'
import { startServers, TOOLS, type Place, type Tool } from './servers'
import { encryptedLargeFile, GnuPgPartner, type EncryptedFileSet } from './encrypted-workload'
import { makeEmptyFiles, makeLargeFile, makeSmallFiles, ownAs, type FileSet } from './workload'

const RESULTS = fileURLToPath(new URL('./results.json', import.meta.url))
const benchStart = performance.now()
const elapsed = () => ((performance.now() - benchStart) / 1000).toFixed(0)
const progress = (message: string) => console.warn(`[bench ${elapsed()} s] ${message}`)

const servers = await startServers()
const scratch = await mkdtemp(join(tmpdir(), 'mailroom-bench-'))
const driver = MailroomDriver.create()
let cleaned = false
const cleanUp = async () => {
  if (cleaned) return
  cleaned = true
  await driver.shutdown()
  await servers.stop()
  await rm(scratch, { recursive: true, force: true })
}
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => void cleanUp().finally(() => process.exit(130)))

try {
  const loadAtStart = loadavg()
  progress(`servers up (sshd ${servers.sshd.port}, ProFTPD ${servers.proftpd.port}); making data`)
  for (const place of ['loopback', 'proftpd'] as const)
    for (const tool of TOOLS)
      for (const purpose of ['pickup', 'input', 'empty'] as const)
        await servers.makeFolder(place, folderOf(tool, purpose))
  await makeEmptyFiles(await servers.makeFolder('loopback', LISTED_FOLDER), SIZES.listed)

  // Only the data the chosen cases use: the large files take a while to make.
  const chosen = CASES.filter((benchCase) => SELECTED.has(benchCase.id))
  const needs = (data: Data) => chosen.some((benchCase) => benchCase.data === data)
  const none: FileSet = { dir: scratch, hashes: new Map(), paths: [] }
  const small = needs('small')
    ? await makeSmallFiles(join(scratch, 'small'), SIZES.smallCount, SIZES.smallBytes)
    : none
  const farFew = needs('farFew')
    ? await makeSmallFiles(join(scratch, 'far-few'), SIZES.farFew, SIZES.smallBytes)
    : none
  const farMany = !needs('farMany')
    ? none
    : SIZES.farMany === SIZES.smallCount && needs('small')
      ? small
      : await makeSmallFiles(join(scratch, 'far-many'), SIZES.farMany, SIZES.smallBytes)
  const large = needs('large')
    ? await makeLargeFile(join(scratch, 'large'), 'archive.bin', SIZES.large)
    : none
  const farLarge = needs('farLarge')
    ? await makeLargeFile(join(scratch, 'far-large'), 'archive.bin', SIZES.farLarge)
    : none
  const huge = needs('huge')
    ? await makeLargeFile(join(scratch, 'huge'), 'huge.bin', SIZES.huge)
    : none
  const hugeEncrypted: EncryptedFileSet | undefined = needs('hugeEncrypted')
    ? await encryptedLargeFile('huge.bin', SIZES.huge)
    : undefined
  const gpgPartner = chosen.some((benchCase) => benchCase.pgp === 'encrypt')
    ? await GnuPgPartner.make()
    : undefined
  const data: Record<Exclude<Data, 'listed'>, FileSet> = {
    small,
    farFew,
    farMany,
    large,
    farLarge,
    huge,
    hugeEncrypted: hugeEncrypted?.set ?? none,
  }
  for (const set of new Set(Object.values(data)))
    if (set !== none) await ownAs(set, servers.onDisk('loopback', folderOf('Mailroom', 'pickup')))

  progress('connecting Mailroom; measuring the peers’ connect times')
  const profiles: Record<Place, Profile> = {
    loopback: await driver.connect('sshd', servers.target('loopback', 'Mailroom'), servers.keyPath),
    far: await driver.connect('sshd 50 ms', servers.target('far', 'Mailroom'), servers.keyPath),
    proftpd: await driver.connect(
      'ProFTPD',
      servers.target('proftpd', 'Mailroom'),
      servers.keyPath,
    ),
    jump: await driver.connect(
      'sshd through a jump host, 50 ms',
      servers.target('jump', 'Mailroom'),
      servers.keyPath,
    ),
  }
  const peers = { OpenSSH: openssh(scratch), rclone: rclone(), lftp: lftp(scratch) }
  const peerNames: readonly PeerName[] = ['OpenSSH', 'rclone', 'lftp']
  const connectTimes: Record<string, number> = {}
  for (const tool of peerNames)
    for (const place of ['loopback', 'far', 'proftpd'] as const)
      if (chosen.some((benchCase) => benchCase.place === place && benchCase.runs[tool] > 0))
        connectTimes[`${tool} ${place}`] = await measureConnect(
          { servers, peers },
          tool,
          place,
          QUICK ? 1 : 3,
        )

  const context: CaseContext = {
    servers,
    driver,
    profiles,
    data,
    listedCount: SIZES.listed,
    ...(hugeEncrypted ? { pgpKeys: hugeEncrypted.keys } : {}),
    ...(gpgPartner ? { gpgPartner } : {}),
    peers,
    connectSeconds: (tool, place) => connectTimes[`${tool} ${place}`] ?? 0,
    scratch,
  }
  const results = new Map<string, Partial<Record<Tool, Measurement>>>(
    CASES.map((benchCase) => [benchCase.id, {}]),
  )
  const caseById = (id: string): BenchCase => {
    const found = CASES.find((benchCase) => benchCase.id === id)
    if (!found) throw new Error(`no case ${id}`)
    return found
  }
  const measure = async (id: string, tools: readonly Tool[]) => {
    const benchCase = caseById(id)
    if (!SELECTED.has(id)) return
    for (const tool of tools) {
      progress(`${benchCase.title}: ${tool}`)
      const measurement = await runCase(context, benchCase, tool)
      const slot = results.get(id)
      if (measurement && slot) slot[tool] = measurement
    }
  }

  for (const id of [
    'pickup-small-loopback',
    'send-small-loopback',
    'pickup-large-loopback',
    'send-large-loopback',
    'pickup-large-proftpd',
    'list-loopback',
    'pickup-large-far',
    'send-large-far',
    'list-far',
  ])
    await measure(id, TOOLS)
  await measure('pickup-then-send-huge-loopback', ['Mailroom'])
  await measure('pickup-encrypted-huge-loopback', ['Mailroom'])
  await measure('send-encrypted-huge-loopback', ['Mailroom'])
  gpgPartner?.stop()
  await measure('pickup-few-far', ['Mailroom', 'rclone', 'lftp'])
  await measure('send-few-far', ['Mailroom', 'rclone', 'lftp'])
  await measure('pickup-many-far', ['Mailroom'])
  await measure('pickup-many-jump', ['Mailroom'])
  await measure('send-many-far', ['Mailroom'])
  // The slowest peers' runs go three at a time to fit 12 minutes: OpenSSH's 200 files at 50 ms
  // (one file after another, minutes, almost no CPU) beside rclone's and lftp's 1,000 (also
  // waiting on the link), each through its own proxy and in its own folders, so none sees
  // another's files.
  await Promise.all([
    (async () => {
      await measure('pickup-few-far', ['OpenSSH'])
      await measure('send-few-far', ['OpenSSH'])
    })(),
    (async () => {
      await measure('pickup-many-far', ['rclone'])
      await measure('send-many-far', ['rclone'])
    })(),
    (async () => {
      await measure('pickup-many-far', ['lftp'])
      await measure('send-many-far', ['lftp'])
    })(),
  ])

  const caseResults: CaseResult[] = chosen.map((benchCase) => ({
    benchCase,
    measurements: results.get(benchCase.id) ?? {},
  }))
  const wallSeconds = (performance.now() - benchStart) / 1000
  const versions = {
    node: process.version,
    openssh: spawnSync('ssh', ['-V'], { encoding: 'utf8' }).stderr.trim(),
    rclone: execFileSync('rclone', ['version']).toString().split('\n')[0],
    // "LFTP | Version 4.9.2 | Copyright ...": the name and the number.
    lftp: `lftp ${/Version (\S+)/.exec(execFileSync('lftp', ['--version']).toString())?.[1] ?? '?'}`,
    proftpd: execFileSync('proftpd', ['-v']).toString().trim(),
  }
  console.log(
    `\nMailroom (createMailroom().dispatch) vs OpenSSH sftp -b, rclone and lftp (mirror --parallel=${LFTP_PARALLEL}); ${QUICK ? 'BENCH_QUICK: small sizes, one run each; ' : ''}peers' connect times subtracted; ratio = their time / Mailroom's.\n`,
  )
  console.log(markdownReport(caseResults))
  console.log(
    `\nPeers' connect times (s): ${Object.entries(connectTimes)
      .map(([key, value]) => `${key} ${value.toFixed(2)}`)
      .join(', ')}`,
  )
  console.log(
    `Wall time ${wallSeconds.toFixed(0)} s on ${cpus().length} cores; load average at start ${loadAtStart.map((value) => value.toFixed(2)).join(' ')}, at end ${loadavg()
      .map((value) => value.toFixed(2))
      .join(
        ' ',
      )}. ${versions.openssh}; ${versions.rclone}; ${versions.lftp}; ${versions.proftpd}; Node ${versions.node}.`,
  )
  if (SELECTED.size < CASES.length) {
    console.log('BENCH_CASES: some cases only, so bench/results.json is left as it was.')
  } else
    await writeFile(
      RESULTS,
      `${JSON.stringify(
        jsonReport(caseResults, {
          date: new Date().toISOString(),
          quick: QUICK,
          sizes: SIZES,
          wallSeconds,
          cores: cpus().length,
          loadAverage: { start: loadAtStart, end: loadavg() },
          versions,
          connectSeconds: connectTimes,
        }),
        null,
        2,
      )}\n`,
    )
  if (SELECTED.size === CASES.length) console.log(`Wrote ${RESULTS}`)
} finally {
  await cleanUp()
}

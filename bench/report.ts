/**
 * The benchmark's output: a markdown table of medians, ratios (their time / ours: above 1,
 * Mailroom is faster) and the issue's targets marked met or not met, then Mailroom's memory
 * and every tool's connections; and the same, with every run, as JSON.
 */
import { CONNECTION_LIMIT, MEMORY_LIMIT_MIB, type BenchCase, type Target } from './cases'
import type { PeerName } from './peers'
import { median, type Measurement } from './run-case'
import type { Tool } from './servers'

export interface CaseResult {
  readonly benchCase: BenchCase
  readonly measurements: Partial<Record<Tool, Measurement>>
}

const time = (measurement: Measurement | undefined) =>
  measurement ? median(measurement.seconds) : undefined

const formatSeconds = (measurement: Measurement | undefined) => {
  const value = time(measurement)
  if (value === undefined || !measurement) return '—'
  const runs = measurement.seconds.length
  return `${value.toFixed(2)} s${runs === 1 ? ' (1 run)' : ` (median of ${runs})`}`
}

/** Their median time over ours. */
export function ratio(result: CaseResult, against: PeerName): number | undefined {
  const ours = time(result.measurements.Mailroom)
  const theirs = time(result.measurements[against])
  return ours === undefined || theirs === undefined || ours === 0 ? undefined : theirs / ours
}

export function targetMet(
  result: CaseResult,
  target: Target,
  all: readonly CaseResult[] = [],
): boolean | undefined {
  if ('withinOf' in target) {
    const ours = time(result.measurements.Mailroom)
    const other = time(
      all.find((each) => each.benchCase.id === target.withinOf)?.measurements.Mailroom,
    )
    return ours === undefined || other === undefined ? undefined : ours <= other * target.times
  }
  if ('underSeconds' in target) {
    const ours = time(result.measurements.Mailroom)
    return ours === undefined ? undefined : ours < target.underSeconds
  }
  const value = ratio(result, target.vs)
  return value === undefined ? undefined : value >= target.ratio
}

const describeTarget = (target: Target) =>
  'withinOf' in target
    ? `<= ${target.times}x Mailroom's ${target.withinOf}`
    : 'underSeconds' in target
      ? `< ${target.underSeconds} s`
      : `>= ${target.ratio} vs ${target.vs}`
const verdict = (met: boolean | undefined) =>
  met === undefined ? 'not measured' : met ? 'met' : 'NOT met'

export function markdownReport(results: readonly CaseResult[]): string {
  const lines = [
    '| case | Mailroom | OpenSSH | rclone | lftp | ratio vs OpenSSH | ratio vs rclone | ratio vs lftp | target |',
    '|---|---|---|---|---|---|---|---|---|',
  ]
  for (const result of results) {
    const { measurements, benchCase } = result
    const showRatio = (against: PeerName) => ratio(result, against)?.toFixed(2) ?? '—'
    const targets = benchCase.targets
      .map((target) => `${describeTarget(target)}: ${verdict(targetMet(result, target, results))}`)
      .join('; ')
    lines.push(
      `| ${benchCase.title} | ${formatSeconds(measurements.Mailroom)} | ${formatSeconds(measurements.OpenSSH)} | ${formatSeconds(measurements.rclone)} | ${formatSeconds(measurements.lftp)} | ${showRatio('OpenSSH')} | ${showRatio('rclone')} | ${showRatio('lftp')} | ${targets} |`,
    )
  }

  lines.push(
    '',
    `Mailroom's peak memory growth over its connected baseline, in a child process (target: < ${MEMORY_LIMIT_MIB} MiB unless the row says):`,
    '',
    '| case | growth per run | max | target |',
    '|---|---|---|---|',
  )
  for (const { benchCase, measurements } of results) {
    const growth = measurements.Mailroom?.memoryGrowthMiB
    if (!growth?.length) continue
    const max = Math.max(...growth)
    const limit = benchCase.memoryLimitMiB ?? MEMORY_LIMIT_MIB
    lines.push(
      `| ${benchCase.title} | ${growth.map((value) => value.toFixed(0)).join(', ')} MiB | ${max.toFixed(0)} MiB | ${limit === MEMORY_LIMIT_MIB ? '' : `< ${limit} MiB: `}${verdict(max < limit)} |`,
    )
  }

  lines.push(
    '',
    `Connections each tool opened per run (loopback: sshd's or ProFTPD's logins; 50 ms: accepted by the tool's proxy; Mailroom's include its one reused session; target for Mailroom: <= ${CONNECTION_LIMIT}):`,
    '',
    '| case | Mailroom | OpenSSH | rclone | lftp |',
    '|---|---|---|---|---|',
  )
  for (const { benchCase, measurements } of results) {
    const show = (tool: Tool) => measurements[tool]?.connections.join(', ') ?? '—'
    lines.push(
      `| ${benchCase.title} | ${show('Mailroom')} | ${show('OpenSSH')} | ${show('rclone')} | ${show('lftp')} |`,
    )
  }
  return lines.join('\n')
}

/** Everything measured, every run, for bench/results.json. */
export function jsonReport(results: readonly CaseResult[], extra: Record<string, unknown>) {
  return {
    ...extra,
    cases: results.map((result) => ({
      id: result.benchCase.id,
      title: result.benchCase.title,
      measurements: result.measurements,
      medians: Object.fromEntries(
        Object.entries(result.measurements).map(([tool, measurement]) => [tool, time(measurement)]),
      ),
      ratioVsOpenSSH: ratio(result, 'OpenSSH') ?? null,
      ratioVsRclone: ratio(result, 'rclone') ?? null,
      ratioVsLftp: ratio(result, 'lftp') ?? null,
      targets: result.benchCase.targets.map((target) => ({
        target: describeTarget(target),
        met: targetMet(result, target, results) ?? null,
      })),
    })),
  }
}

/** Human-readable sizes and times for the tables; pure so they can be tested alone. */

const UNITS = ['bytes', 'KB', 'MB', 'GB', 'TB']

export function formatSize(bytes: number): string {
  // Speeds are fractions: "721 bytes/s", not "721.2230215827338 bytes/s".
  if (bytes < 1024) {
    const whole = Math.round(bytes)
    return `${whole} ${whole === 1 ? 'byte' : 'bytes'}`
  }
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024
    unit += 1
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${UNITS[unit]}`
}

export function formatTime(epochMs: number): string {
  if (epochMs <= 0) return '—'
  return new Date(epochMs).toLocaleString(undefined, {
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  })
}

/** "2.1 MB of 10 MB" while running, "10 MB" when done. */
export function formatProgress(done: number, total: number): string {
  return done >= total ? formatSize(total) : `${formatSize(done)} of ${formatSize(total)}`
}

/** "3 s", "2 min 5 s", "1 h 4 min": how long is left, rounded for reading. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—'
  const whole = Math.ceil(seconds)
  if (whole < 60) return `${whole} s`
  if (whole < 3600) return `${Math.floor(whole / 60)} min ${whole % 60} s`
  return `${Math.floor(whole / 3600)} h ${Math.floor((whole % 3600) / 60)} min`
}

/** "45 s", "12 min", "5 h", "3 days": a file's age at a glance. */
export function formatAge(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000))
  if (seconds < 60) return `${seconds} s`
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`
  if (seconds < 48 * 3600) return `${Math.floor(seconds / 3600)} h`
  return `${Math.floor(seconds / 86400)} days`
}

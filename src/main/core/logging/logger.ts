/**
 * Core logs through this interface so the shell decides where lines go (a file in Electron,
 * stderr in the web bridge, nowhere in tests). Every line passes through `redact` first.
 */
export interface Logger {
  info(message: string, context?: Record<string, unknown>): void
  warn(message: string, context?: Record<string, unknown>): void
  error(message: string, context?: Record<string, unknown>): void
}

// `answers`: the person's answers to a server's login questions (login:answer), a password among them.
const SECRET_FIELD = /passphrase|password|secret|token|private.?key(?!.?path)|kek|^answers$/i
const PRIVATE_KEY_BLOCK =
  /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g
const PPK_PRIVATE_LINES = /Private-Lines: \d+[\s\S]*?(Private-MAC|$)/g

/** A copy of `value` with every field that may hold a secret, and any key material, masked. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') {
    return value
      .replace(PRIVATE_KEY_BLOCK, '[private key redacted]')
      .replace(PPK_PRIVATE_LINES, '[private key redacted]')
  }
  if (Buffer.isBuffer(value)) return `[${value.length} bytes]`
  if (value instanceof Error) return redact(value.message, depth)
  if (value === null || typeof value !== 'object' || depth > 5) return value
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1))
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      SECRET_FIELD.test(key) ? '[redacted]' : redact(item, depth + 1),
    ]),
  )
}

/** A logger writing one JSON line per entry through `write`, with secrets redacted. */
export function createLineLogger(write: (line: string) => void): Logger {
  const log = (level: string) => (message: string, context?: Record<string, unknown>) => {
    write(
      JSON.stringify({
        time: new Date().toISOString(),
        level,
        message: redact(message),
        ...(context ? { context: redact(context) } : {}),
      }),
    )
  }
  return { info: log('info'), warn: log('warn'), error: log('error') }
}

/** For tests and callers that must not log. */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} }

import { jumpHost, proxySetting, type ProxySetting } from '../shared/connection-settings'
import { CliFailure } from './exit-codes'

/** A jump host as `--jump` names it, before its key is known. */
export interface JumpOption {
  readonly host: string
  readonly port: number
  readonly username: string
}

/**
 * `--proxy`: `socks5://[USER@]HOST:PORT`, `http://[USER@]HOST:PORT`, or `system` (the system's
 * proxy, which only the app's own executable can look up: `Mailroom --cli`). The password is
 * never part of it: a command line is seen by other users and kept in shell histories, so it
 * comes from the environment (`--proxy-password-from-env`).
 */
export function parseProxyOption(text: string): ProxySetting {
  if (text.trim().toLowerCase() === 'system') return { kind: 'system' }
  const match = /^(socks5|http):\/\/(?:([^@/]+)@)?([^/]+?)(?::(\d{1,5}))?\/?$/i.exec(text.trim())
  if (!match)
    throw CliFailure.usage(
      `--proxy is socks5://[USER@]HOST:PORT, http://[USER@]HOST:PORT or system, not "${text}".`,
    )
  const [, scheme = '', user, host = '', port] = match
  if (user?.includes(':'))
    throw CliFailure.usage(
      '--proxy takes no password: give it in an environment variable with --proxy-password-from-env VAR.',
    )
  if (port === undefined) throw CliFailure.usage(`--proxy needs the proxy's port: "${text}".`)
  const parsed = proxySetting.safeParse({
    kind: scheme.toLowerCase(),
    host: host.replace(/^\[(.*)\]$/, '$1'),
    port: Number(port),
    ...(user ? { username: decodeURIComponent(user) } : {}),
  })
  if (!parsed.success)
    throw CliFailure.usage(`--proxy "${text}": ${parsed.error.issues[0]?.message ?? 'invalid'}.`)
  return parsed.data
}

/** `--jump USER@HOST[:PORT]`, as OpenSSH's ProxyJump writes a jump host (port 22 by default). */
export function parseJumpOption(text: string): JumpOption {
  const at = text.lastIndexOf('@')
  const where = at < 0 ? undefined : parseHostAndPort(text.slice(at + 1))
  const parsed = jumpHost.safeParse({
    username: at < 0 ? '' : text.slice(0, at),
    host: where?.host ?? '',
    port: where?.port ?? 22,
    keyId: null,
  })
  if (at < 0 || !where || !parsed.success)
    throw CliFailure.usage(
      `--jump is USER@HOST or USER@HOST:PORT, not "${text}"${parsed.success ? '' : ` (${parsed.error.issues[0]?.message ?? 'invalid'})`}.`,
    )
  return { host: parsed.data.host, port: parsed.data.port, username: parsed.data.username }
}

/** `HOST`, `HOST:PORT` or `[IPV6]:PORT` (port 22 when not given); undefined when unreadable. */
export function parseHostAndPort(text: string): { host: string; port: number } | undefined {
  const match = /^(\[[^\]]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(text.trim())
  if (!match) return undefined
  const port = Number(match[2] ?? 22)
  if (port < 1 || port > 65535) return undefined
  return { host: (match[1] ?? '').replace(/^\[(.*)\]$/, '$1'), port }
}

import type { SiteCandidate } from './site-candidate'
import { winScpConnection } from './winscp-connection'

// WinSCP's FSProtocol values: 0 SCP, 1 SFTP (SCP fallback), 2 SFTP, 5 FTP, 6 WebDAV, 7 S3.
const SFTP_PROTOCOLS = new Set(['1', '2'])

// The session WinSCP keeps its defaults for new sites in, not a site (DefaultName in its
// core/SessionData.cpp).
const DEFAULT_SESSION = 'Default Settings'

/**
 * Sessions from a WinSCP.ini (`[Sessions\Folder/Site]` sections); folders are the parts before
 * the last "/". Names and values are escaped as `unmunge` undoes. How each logs in and gets
 * through is read by winscp-connection.ts.
 */
export function readWinScpIni(text: string): SiteCandidate[] {
  const sites: SiteCandidate[] = []
  let section: { path: string; values: Map<string, string> } | undefined
  const flush = () => {
    if (!section) return
    const { path, values } = section
    const fullName = unmunge(path)
    if (fullName === DEFAULT_SESSION) return
    const parts = fullName.split('/')
    const name = parts.pop() ?? ''
    const protocol = values.get('FSProtocol') ?? '2'
    const host = unmunge(values.get('HostName') ?? '')
    const problem = !SFTP_PROTOCOLS.has(protocol)
      ? 'not an SFTP site'
      : host === ''
        ? 'no host name'
        : undefined
    const username = unmunge(values.get('UserName') ?? '')
    sites.push({
      name,
      group: parts.join('/'),
      host,
      port: Number(values.get('PortNumber') ?? 22) || 22,
      username,
      keyPath: values.has('PublicKeyFile')
        ? unmunge(values.get('PublicKeyFile') ?? '') || null
        : null,
      ...(problem ? { problem } : winScpConnection(values, unmunge, username)),
    })
  }
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const line = raw.trim()
    const header = /^\[Sessions\\(.+)\]$/.exec(line)
    if (header) {
      flush()
      section = { path: header[1] ?? '', values: new Map() }
    } else if (line.startsWith('[')) {
      flush()
      section = undefined
    } else if (section) {
      const equals = line.indexOf('=')
      if (equals > 0) section.values.set(line.slice(0, equals), line.slice(equals + 1))
    }
  }
  flush()
  return sites
}

// The byte-order mark as WinSCP escapes it, which says the bytes behind it are UTF-8.
const ESCAPED_BOM = /^%EF%BB%BF/i
const windows1252 = new TextDecoder('windows-1252')

/**
 * Undoes WinSCP's escaping of a session name or string value (MungeStr and UnMungeStr in its
 * core/HierarchicalStorage.cpp). It writes a string with any non-ASCII letter as UTF-8 behind a
 * byte-order mark, and %XX-escapes every byte beyond printable ASCII, spaces, "%", "\\", "?",
 * a leading "." and, in names, "*". WinSCP before 5.6.1 wrote the Windows code page with no
 * mark; WinSCP reads that as the system's, and the Western one is the likeliest.
 */
function unmunge(value: string): string {
  if (!ESCAPED_BOM.test(value)) {
    return value.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) =>
      windows1252.decode(Uint8Array.of(parseInt(hex, 16))),
    )
  }
  // Letters written as they are (a file edited by hand) stay as they are, in UTF-8 like the rest.
  const bytes = value
    .replace(ESCAPED_BOM, '')
    .split(/(%[0-9A-Fa-f]{2})/)
    .flatMap((part) =>
      /^%[0-9A-Fa-f]{2}$/.test(part) ? [parseInt(part.slice(1), 16)] : [...Buffer.from(part)],
    )
  return new TextDecoder().decode(Uint8Array.from(bytes))
}

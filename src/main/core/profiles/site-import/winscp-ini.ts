import type { SiteCandidate } from './site-candidate'

// WinSCP's FSProtocol values: 0 SCP, 1 SFTP (SCP fallback), 2 SFTP, 5 FTP, 6 WebDAV, 7 S3.
const SFTP_PROTOCOLS = new Set(['1', '2'])

/**
 * Sessions from a WinSCP.ini (`[Sessions\Folder/Site]` sections). WinSCP escapes names and
 * values with %XX (%20 a space, %5C a backslash); folders are the parts before the last "/".
 */
export function readWinScpIni(text: string): SiteCandidate[] {
  const sites: SiteCandidate[] = []
  let section: { path: string; values: Map<string, string> } | undefined
  const flush = () => {
    if (!section || section.path === 'Default%20Settings') return
    const { path, values } = section
    const parts = unescape(path).split('/')
    const name = parts.pop() ?? ''
    const protocol = values.get('FSProtocol') ?? '2'
    const host = unescape(values.get('HostName') ?? '')
    const problem = !SFTP_PROTOCOLS.has(protocol)
      ? 'not an SFTP site'
      : host === ''
        ? 'no host name'
        : undefined
    sites.push({
      name,
      group: parts.join('/'),
      host,
      port: Number(values.get('PortNumber') ?? 22) || 22,
      username: unescape(values.get('UserName') ?? ''),
      keyPath: values.has('PublicKeyFile')
        ? unescape(values.get('PublicKeyFile') ?? '') || null
        : null,
      ...(problem ? { problem } : {}),
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

function unescape(value: string): string {
  return value.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) =>
    String.fromCharCode(parseInt(hex, 16)),
  )
}

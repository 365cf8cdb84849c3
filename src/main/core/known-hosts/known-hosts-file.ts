import { createHmac } from 'node:crypto'
import type { HostKeyInfo } from '../../../shared/domain'
import { sha256Fingerprint } from '../sftp/host-key'

/**
 * The keys an OpenSSH known_hosts file lists for one host and port, including hashed entries
 * (`|1|salt|hash`, HMAC-SHA1 of the host name). Markers (@revoked, @cert-authority) are skipped:
 * Mailroom trusts plain host keys only.
 */
export function hostKeysFromKnownHosts(text: string, host: string, port: number): HostKeyInfo[] {
  const name = port === 22 ? host.toLowerCase() : `[${host.toLowerCase()}]:${port}`
  const found: HostKeyInfo[] = []
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#') || line.startsWith('@')) continue
    const [hosts, type, key] = line.split(/\s+/)
    if (!hosts || !type || !key) continue
    if (!matches(hosts, name)) continue
    const blob = Buffer.from(key, 'base64')
    if (blob.length === 0) continue
    const fingerprint = sha256Fingerprint(blob)
    if (!found.some((entry) => entry.type === type && entry.fingerprint === fingerprint))
      found.push({ type, fingerprint })
  }
  return found
}

function matches(hosts: string, name: string): boolean {
  if (hosts.startsWith('|1|')) {
    const [, , salt, hash] = hosts.split('|')
    if (!salt || !hash) return false
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash
  }
  // Negated patterns and wildcards are for ssh's own matching; an exact entry is what we trust.
  return hosts.toLowerCase().split(',').includes(name)
}

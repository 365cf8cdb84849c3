import type { HostKeyInfo } from '../../../shared/domain'
import type { KnownHost, SettingsFileStore } from '../settings/settings-file'

/** What the stored keys say about a host key a server just offered. */
export type HostKeyCheck =
  | { readonly status: 'trusted' }
  | { readonly status: 'unknown' }
  | { readonly status: 'changed'; readonly stored: KnownHost }

/**
 * Host keys a person has accepted, per host and port (like OpenSSH's known_hosts, where
 * `[host]:port` is one entry). A server is trusted only after its key was shown and accepted.
 */
export class KnownHostsStore {
  constructor(private readonly file: SettingsFileStore) {}

  check(host: string, port: number, offered: HostKeyInfo): HostKeyCheck {
    const entries = this.file.read('knownHosts').filter((entry) => sameHost(entry, host, port))
    if (
      entries.some(
        (entry) => entry.type === offered.type && entry.fingerprint === offered.fingerprint,
      )
    ) {
      return { status: 'trusted' }
    }
    // OpenSSH too treats a different key of a type it already knows for this host as a change;
    // a key of a new type is a change as well: a downgrade is how an attacker would try.
    const stored = entries[0]
    return stored ? { status: 'changed', stored } : { status: 'unknown' }
  }

  /** The key trusted for this host and port, if any (for the profile's "Host key" section). */
  trusted(host: string, port: number): KnownHost | undefined {
    return this.file.read('knownHosts').find((entry) => sameHost(entry, host, port))
  }

  forget(host: string, port: number): void {
    this.file.write(
      'knownHosts',
      this.file.read('knownHosts').filter((entry) => !sameHost(entry, host, port)),
    )
  }

  /** Trusts several keys for one host and port (one per key type, as known_hosts lists them). */
  trustAll(host: string, port: number, keys: readonly HostKeyInfo[], now = Date.now()): void {
    const others = this.file.read('knownHosts').filter((entry) => !sameHost(entry, host, port))
    this.file.write('knownHosts', [
      ...others,
      ...keys.map((key) => ({
        host: host.toLowerCase(),
        port,
        type: key.type,
        fingerprint: key.fingerprint,
        trustedAt: now,
      })),
    ])
  }

  trust(host: string, port: number, key: HostKeyInfo, now = Date.now()): void {
    this.trustAll(host, port, [key], now)
  }
}

function sameHost(entry: KnownHost, host: string, port: number): boolean {
  return entry.host === host.toLowerCase() && entry.port === port
}

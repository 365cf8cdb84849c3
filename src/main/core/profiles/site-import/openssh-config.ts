import { homedir } from 'node:os'
import { join } from 'node:path'
import SSHConfig from 'ssh-config'
import type { SiteCandidate } from './site-candidate'

/**
 * Hosts from an OpenSSH client config (`~/.ssh/config`): one site per `Host` line, named after
 * its first alias without wildcards, with HostName, Port, User and the first IdentityFile that
 * applies to it (settings from `Host *` blocks included, as ssh itself would). The other aliases
 * on the line name the same server, so they are not sites of their own; a line of patterns only
 * (`Host *`, `Host *.example`) is settings for many hosts, not a site.
 */
export function readOpenSshConfig(text: string, home = homedir()): SiteCandidate[] {
  const config = SSHConfig.parse(text)
  const aliases: string[] = []
  for (const line of config) {
    if ('param' in line && line.param?.toLowerCase() === 'host') {
      const values = Array.isArray(line.value)
        ? line.value.map((item) => (typeof item === 'string' ? item : item.val))
        : String(line.value).split(/\s+/)
      const alias = values.find((value) => value && !/[*?!]/.test(value))
      if (alias) aliases.push(alias)
    }
  }
  return aliases.map((alias) => {
    const computed = config.compute(alias) as Record<string, string | string[] | undefined>
    const first = (value: string | string[] | undefined) =>
      Array.isArray(value) ? value[0] : value
    const identity = first(computed.IdentityFile ?? computed.identityfile)
    const host = first(computed.HostName ?? computed.hostname) ?? alias
    return {
      name: alias,
      group: '',
      host,
      port: Number(first(computed.Port ?? computed.port) ?? 22) || 22,
      username: first(computed.User ?? computed.user) ?? '',
      keyPath: identity ? expandHome(identity, home) : null,
    }
  })
}

function expandHome(path: string, home: string): string {
  return path === '~' ? home : path.startsWith('~/') ? join(home, path.slice(2)) : path
}

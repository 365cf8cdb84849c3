import { homedir } from 'node:os'
import { join } from 'node:path'
import SSHConfig from 'ssh-config'
import { openSshConnection, setting, type ComputedHost } from './openssh-connection'
import type { SiteCandidate } from './site-candidate'

/**
 * Hosts from an OpenSSH client config (`~/.ssh/config`): one site per `Host` line, named after
 * its first alias without wildcards, with HostName, Port, User and the first IdentityFile that
 * applies to it (settings from `Host *` blocks included, as ssh itself would), and how it gets
 * through and logs in (openssh-connection.ts: ProxyJump, ProxyCommand, IdentityAgent). The other aliases
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
  const lookUp = (alias: string) => config.compute(alias) as ComputedHost
  const expand = (path: string) => expandHome(path, home)
  return aliases.map((alias) => {
    const computed = lookUp(alias)
    const identity = setting(computed, 'IdentityFile')
    const username = setting(computed, 'User') ?? ''
    const connection = openSshConnection(computed, lookUp, username, expand)
    // With an agent, the key is used from the agent: its file is not copied into the keychain.
    const keyPath = identity && connection.auth?.method !== 'agent' ? expand(identity) : null
    return {
      name: alias,
      group: '',
      host: setting(computed, 'HostName') ?? alias,
      port: Number(setting(computed, 'Port') ?? 22) || 22,
      username,
      keyPath,
      ...connection,
    }
  })
}

function expandHome(path: string, home: string): string {
  return path === '~' ? home : path.startsWith('~/') ? join(home, path.slice(2)) : path
}

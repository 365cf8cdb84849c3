import { MOST_JUMPS } from '../../../../shared/connection-settings'
import type { SiteJump } from '../../../../shared/domain'
import { connectionFields, type SiteConnection } from './site-candidate'

/** One Host's settings as ssh-config computes them (names as written, case varies). */
export type ComputedHost = Record<string, string | string[] | undefined>

/** A setting of a computed Host, whatever the case it was written in; the first of several. */
export function setting(computed: ComputedHost, name: string): string | undefined {
  const key = Object.keys(computed).find((each) => each.toLowerCase() === name.toLowerCase())
  const value = key === undefined ? undefined : computed[key]
  return Array.isArray(value) ? value[0] : value
}

/**
 * How an OpenSSH Host gets through and logs in: its ProxyJump chain (each jump host looked up in
 * the same config, as ssh does, with its own HostName, Port, User, IdentityFile and ProxyJump),
 * a ProxyCommand of the `ssh -W %h:%p host` form (the same as a jump), and an IdentityAgent (the
 * agent logs in; the key file stays where it is). Any other ProxyCommand, and a chain longer
 * than Mailroom goes, are named rather than dropped.
 */
export function openSshConnection(
  computed: ComputedHost,
  lookUp: (alias: string) => ComputedHost,
  username: string,
  expand: (path: string) => string,
): SiteConnection {
  const unsupported: string[] = []
  const notes: string[] = []
  const jumps = jumpsOf(computed, lookUp, username, expand, unsupported, new Set())
  if (jumps.length > MOST_JUMPS)
    unsupported.push(
      `A chain of ${jumps.length} jump hosts: Mailroom goes through at most ${MOST_JUMPS}, so the site is imported without them.`,
    )
  const agent = setting(computed, 'IdentityAgent')
  const usesAgent = agent !== undefined && agent.toLowerCase() !== 'none'
  if (usesAgent && !/^\$?SSH_AUTH_SOCK$/.test(agent))
    notes.push(
      `Its agent is the one at ${agent}: Mailroom asks the agent that SSH_AUTH_SOCK names (Pageant or the OpenSSH agent on Windows), so start Mailroom with SSH_AUTH_SOCK set to it.`,
    )
  return connectionFields({
    ...(usesAgent ? { auth: { method: 'agent' } } : {}),
    jumps: jumps.length > MOST_JUMPS ? [] : jumps,
    unsupported,
    notes,
  })
}

/** The jump hosts in front of a Host, first to last, following each jump host's own. */
function jumpsOf(
  computed: ComputedHost,
  lookUp: (alias: string) => ComputedHost,
  username: string,
  expand: (path: string) => string,
  unsupported: string[],
  seen: Set<string>,
): SiteJump[] {
  const proxyJump = setting(computed, 'ProxyJump')
  const proxyCommand = setting(computed, 'ProxyCommand')
  // ssh takes whichever of the two comes first; ssh-config keeps both: ProxyJump wins here.
  const specs: Array<{ spec: string; keyPath?: string }> =
    proxyJump !== undefined
      ? proxyJump.toLowerCase() === 'none'
        ? []
        : proxyJump.split(',').map((each) => ({ spec: each.trim() }))
      : proxyCommand !== undefined && proxyCommand.toLowerCase() !== 'none'
        ? commandJump(proxyCommand, unsupported)
        : []
  const jumps: SiteJump[] = []
  for (const { spec, keyPath } of specs) {
    const parsed = /^(?:ssh:\/\/)?(?:([^@]+)@)?(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(spec)
    if (!parsed) {
      unsupported.push(`The jump host "${spec}", which could not be read.`)
      continue
    }
    const [, user, alias = '', port] = parsed
    const name = alias.replace(/^\[(.*)\]$/, '$1')
    if (seen.has(name)) {
      unsupported.push(`The jump host "${name}" goes through itself, which is left out.`)
      continue
    }
    const own = lookUp(name)
    const identity = keyPath ?? setting(own, 'IdentityFile')
    const hop: SiteJump = {
      host: setting(own, 'HostName') ?? name,
      port: Number(port ?? setting(own, 'Port') ?? 22) || 22,
      username: user ?? setting(own, 'User') ?? username,
      keyPath: identity ? expand(identity) : null,
    }
    jumps.push(
      ...jumpsOf(own, lookUp, username, expand, unsupported, new Set([...seen, name])),
      hop,
    )
  }
  return jumps
}

/**
 * The jump host of a ProxyCommand that is `ssh -W %h:%p [options] [user@]host` (options before
 * or after -W; -p PORT, -l USER and -i FILE taken, -q and such ignored): `[user@]host:port`, as
 * ProxyJump writes it, and its key file. Any other command is named in `unsupported`.
 */
function commandJump(
  command: string,
  unsupported: string[],
): Array<{ spec: string; keyPath?: string }> {
  const words = command.trim().split(/\s+/)
  const named = () =>
    unsupported.push(
      `ProxyCommand "${command}", which Mailroom cannot run: only "ssh -W %h:%p host" is carried over (as a jump host), so the site is imported without it.`,
    )
  if (!/(^|[/\\])ssh(\.exe)?$/i.test(words[0] ?? '')) return (named(), [])
  let forward: string | undefined
  let port: string | undefined
  let user: string | undefined
  let destination: string | undefined
  let keyPath: string | undefined
  const FLAGS = /^-[46AaCfGgKkMNnqsTtVvXxYy]+$/
  for (let index = 1; index < words.length; index += 1) {
    const word = words[index] ?? ''
    const next = () => words[++index]
    if (word === '-W') forward = next()
    else if (word === '-p') port = next()
    else if (word === '-l') user = next()
    else if (word === '-i') keyPath = next()
    // Other options (-o, -F) do not change the way through.
    else if (word === '-o' || word === '-F') next()
    else if (FLAGS.test(word)) continue
    else if (word.startsWith('-') || destination !== undefined) return (named(), [])
    else destination = word
  }
  if (!forward || !/^(%h|\[%h\]):%p$/.test(forward) || !destination) return (named(), [])
  const at = destination.lastIndexOf('@')
  const host = at < 0 ? destination : destination.slice(at + 1)
  const login = at < 0 ? user : destination.slice(0, at)
  const spec = `${login ? `${login}@` : ''}${host}${port ? `:${port}` : ''}`
  return [keyPath ? { spec, keyPath } : { spec }]
}

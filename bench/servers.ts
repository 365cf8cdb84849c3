/**
 * The servers of one benchmark run: the test sshd on loopback, a latency proxy in front of it
 * for each tool (25 ms each way; one per tool, so each counts its own connections), and
 * ProFTPD's mod_sftp on loopback. Each tool gets its own folders on each server
 * (`<tool>/pickup`, `<tool>/input`), so runs never see another tool's files.
 */
import { chown, mkdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { startLatencyProxy, type LatencyProxy } from '../test/fixtures/latency-proxy'
import { startProftpd, type TestProftpd } from '../test/fixtures/proftpd-server'
import { startSshd, type TestSshd } from '../test/fixtures/sshd-server'
import type { Target } from './mailroom-driver'

export const TOOLS = ['Mailroom', 'OpenSSH', 'rclone', 'lftp'] as const
export type Tool = (typeof TOOLS)[number]

/**
 * Where a case runs: sshd on loopback, sshd at a 50 ms round trip, ProFTPD on loopback, and sshd
 * reached through a jump host (a second sshd) at a 50 ms round trip (the jump host behind the
 * latency proxy, the server on the jump host's loopback, as a bastion in front of a gateway).
 */
export type Place = 'loopback' | 'far' | 'proftpd' | 'jump'

export const ONE_WAY_DELAY_MS = 25

export interface BenchServers {
  readonly sshd: TestSshd
  /** The jump host for the `jump` place (Mailroom only). */
  readonly jumpHost: TestSshd
  readonly proftpd: TestProftpd
  /** The private key every tool logs in with, on both servers. */
  readonly keyPath: string
  target(place: Place, tool: Tool): Target
  /** The folder on the server's disk behind a remote path (to seed and to check). */
  onDisk(place: Place, remotePath: string): string
  /** Makes a folder on the server, owned by its login user. */
  makeFolder(place: Place, remotePath: string): Promise<string>
  /** Connections (logins, or for `far` connections through the tool's proxy) so far. */
  connections(place: Place, tool: Tool): number
  stop(): Promise<void>
}

export async function startServers(): Promise<BenchServers> {
  const sshd = await startSshd()
  const stops: Array<() => Promise<void>> = [() => sshd.stop()]
  try {
    const proftpd = await startProftpd({ clientKeyPath: sshd.clientKeyPath })
    stops.push(() => proftpd.stop())
    const jumpHost = await startSshd({ allowTcpForwarding: true })
    stops.push(() => jumpHost.stop())
    jumpHost.authorize(await readFile(`${sshd.clientKeyPath}.pub`, 'utf8'))
    const jumpProxy = await startLatencyProxy({
      targetHost: jumpHost.host,
      targetPort: jumpHost.port,
      delayMs: ONE_WAY_DELAY_MS,
    })
    stops.push(() => jumpProxy.stop())
    const proxies = new Map<Tool, LatencyProxy>()
    for (const tool of TOOLS) {
      const proxy = await startLatencyProxy({
        targetHost: sshd.host,
        targetPort: sshd.port,
        delayMs: ONE_WAY_DELAY_MS,
      })
      stops.push(() => proxy.stop())
      proxies.set(tool, proxy)
    }
    const proxyOf = (tool: Tool): LatencyProxy => {
      const proxy = proxies.get(tool)
      if (!proxy) throw new Error(`no proxy for ${tool}`)
      return proxy
    }
    const jailOf = (place: Place) => (place === 'proftpd' ? proftpd.jail : sshd.jail)
    // The sshd fixture's own folders are owned by its login user; so are ours.
    const owner = await stat(join(sshd.jail, 'pickup'))
    return {
      sshd,
      jumpHost,
      proftpd,
      keyPath: sshd.clientKeyPath,
      target: (place, tool) =>
        place === 'loopback'
          ? sshd
          : place === 'proftpd'
            ? proftpd
            : place === 'jump'
              ? {
                  host: sshd.host,
                  port: sshd.port,
                  username: sshd.username,
                  jumps: [
                    { host: jumpProxy.host, port: jumpProxy.port, username: jumpHost.username },
                  ],
                }
              : { host: proxyOf(tool).host, port: proxyOf(tool).port, username: sshd.username },
      onDisk: (place, remotePath) => join(jailOf(place), remotePath),
      makeFolder: async (place, remotePath) => {
        if (place === 'proftpd') return proftpd.makeFolder(remotePath)
        let folder = sshd.jail
        for (const part of remotePath.split('/')) {
          folder = join(folder, part)
          await mkdir(folder, { recursive: true, mode: 0o755 })
          await chown(folder, owner.uid, owner.gid)
        }
        return folder
      },
      connections: (place, tool) =>
        place === 'jump'
          ? jumpProxy.connectionsAccepted()
          : place === 'far'
            ? proxyOf(tool).connectionsAccepted()
            : place === 'proftpd'
              ? proftpd.acceptedLogins()
              : sshd.acceptedLogins(),
      stop: () => stopAll(stops),
    }
  } catch (error) {
    await stopAll(stops)
    throw error
  }
}

async function stopAll(stops: Array<() => Promise<void>>): Promise<void> {
  for (const stop of stops.reverse()) await stop()
}

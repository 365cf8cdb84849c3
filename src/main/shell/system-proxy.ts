import type { Session } from 'electron'
import type { ResolveProxy } from '../core/sftp/route'

/**
 * The system's proxy for an SSH server, as core asks for it at every (re)connect of a profile
 * set to "the system's proxy" (core/sftp/route.ts). Chromium resolves proxies for URLs, so the
 * server is asked about as `https://host:port`: a tunnel to a port other than the web's is what
 * an HTTPS URL gets too (CONNECT), and PAC files and OS settings name their proxy for HTTPS far
 * more often than for anything else. The answer is in PAC form (`PROXY host:port; DIRECT`);
 * core reads it (sftp/pac-answer.ts). `ready`: Electron answers only once the app is ready,
 * which a headless command run (`Mailroom --cli`) does not wait for otherwise.
 */
export function systemProxyResolver(
  session: () => Pick<Session, 'resolveProxy'>,
  ready: () => Promise<unknown> = async () => undefined,
): ResolveProxy {
  return async (host, port) => {
    await ready()
    const name = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host
    return session().resolveProxy(`https://${name}:${port}`)
  }
}

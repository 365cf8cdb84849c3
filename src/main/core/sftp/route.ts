import { MailroomError } from '../errors'
import { throughHttpProxy } from './http-connect-proxy'
import { forwardThroughJumpHost, type JumpHop } from './jump-host'
import { readPacAnswer } from './pac-answer'
import { connectToProxy, proxyLabel, type ProxyServer } from './proxy-server'
import type { RouteContext, RouteSocket } from './route-socket'
import { throughSocks5 } from './socks5-proxy'
import { connectSshSocket } from './ssh-socket'

/**
 * The system's proxy for a host, as the desktop shell looks it up (Electron's
 * `session.resolveProxy`, which honours PAC files and the OS settings): an answer in PAC form,
 * e.g. `PROXY proxy.corp:8080; DIRECT`.
 */
export type ResolveProxy = (host: string, port: number) => Promise<string>

/**
 * How a session reaches the server, as plain data handed to it; each variant is one case of
 * `openRoute`. A jump host's route says how the jump host itself is reached (`via`), so a chain
 * of jumps is a jump whose `via` is a jump, and a proxy applies to the first connection made.
 */
export type Route =
  | { readonly kind: 'direct' }
  | { readonly kind: 'socks5'; readonly proxy: ProxyServer }
  | { readonly kind: 'http'; readonly proxy: ProxyServer }
  /** The system's proxy, looked up at every (re)connect: a PAC file's answer may change. */
  | { readonly kind: 'system'; readonly resolveProxy: ResolveProxy }
  | { readonly kind: 'jump'; readonly hop: JumpHop; readonly via: Route }

/**
 * Opens what ssh2 talks over to reach `host` port `port` along `route`: a TCP connection,
 * straight or tunnelled through a proxy (the proxy's handshake done), or a channel a jump host
 * forwards (each jump host logged in to first, its key decided on by `context`).
 */
export async function openRoute(
  route: Route,
  host: string,
  port: number,
  context: RouteContext,
): Promise<RouteSocket> {
  const target = { host, port }
  switch (route.kind) {
    case 'direct': {
      const { socket, shareReadBuffer } = connectSshSocket(host, port)
      return { socket, shareReadBuffer, close: () => socket.destroy() }
    }
    case 'socks5':
    case 'http': {
      const opened = await connectToProxy(route.kind, route.proxy, context.signal)
      const through = route.kind === 'socks5' ? throughSocks5 : throughHttpProxy
      try {
        await through(opened.socket, route.proxy, target)
      } catch (error) {
        opened.socket.destroy()
        throw error
      }
      context.logger.info('Through a proxy', {
        proxy: proxyLabel(route.kind, route.proxy),
        host,
        port,
      })
      return { ...opened, close: () => opened.socket.destroy() }
    }
    case 'system': {
      const answer = await route.resolveProxy(host, port).catch((error: unknown) => {
        throw new MailroomError(
          'connection-failed',
          `The system's proxy settings for ${host} port ${port} could not be read: ${error instanceof Error ? error.message : String(error)}`,
          { route: 'system-proxy' },
          { cause: error },
        )
      })
      const choice = readPacAnswer(answer, target)
      context.logger.info("The system's proxy", { host, port, answer })
      return openRoute(
        choice.kind === 'direct'
          ? choice
          : { kind: choice.kind, proxy: { host: choice.host, port: choice.port } },
        host,
        port,
        context,
      )
    }
    case 'jump': {
      const carrier = await openRoute(route.via, route.hop.host, route.hop.port, context)
      return forwardThroughJumpHost(carrier, route.hop, target, context)
    }
  }
}

/** The jump hosts of a route, first to last: each is an SSH connection of its own. */
export function jumpHostsOf(route: Route): readonly JumpHop[] {
  return route.kind === 'jump' ? [...jumpHostsOf(route.via), route.hop] : []
}

/** " through the SOCKS5 proxy … and the jump host …", for messages; '' for a direct route. */
export function describeRoute(route: Route): string {
  const parts: string[] = []
  for (let step: Route = route; ;) {
    if (step.kind === 'jump') {
      parts.unshift(`the jump host ${step.hop.host} port ${step.hop.port}`)
      step = step.via
      continue
    }
    if (step.kind === 'socks5' || step.kind === 'http')
      parts.unshift(proxyLabel(step.kind, step.proxy))
    if (step.kind === 'system') parts.unshift("the system's proxy")
    break
  }
  return parts.length === 0 ? '' : ` through ${parts.join(' and ')}`
}

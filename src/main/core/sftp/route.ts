import { connectSshSocket, type SshSocket } from './ssh-socket'

/**
 * How a session reaches the server, as plain data handed to it: a direct TCP connection today.
 * A proxy or a jump host is another variant here and its case in `openRoute`.
 */
export type Route = { readonly kind: 'direct' }

/** The socket ssh2 talks over for `route`, to `host` port `port`. */
export function openRoute(route: Route, host: string, port: number): SshSocket {
  switch (route.kind) {
    case 'direct':
      return connectSshSocket(host, port)
  }
}

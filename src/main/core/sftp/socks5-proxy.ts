import { isIP, type Socket } from 'node:net'
import type { MailroomError } from '../errors'
import { ProxyReader } from './proxy-reader'
import { capitalise, proxyFailure, proxyLabel, type ProxyServer } from './proxy-server'

// RFC 1928 (SOCKS5) and RFC 1929 (its user name and password login).
const VERSION = 0x05
const NO_LOGIN = 0x00
const USER_PASSWORD = 0x02
const NO_ACCEPTABLE_METHOD = 0xff
const LOGIN_VERSION = 0x01
const CONNECT = 0x01
const IPV4 = 0x01
const DOMAIN = 0x03
const IPV6 = 0x04

// What each reply code means (RFC 1928 section 6), in words for the person.
const REPLIES: Readonly<Record<number, string>> = {
  0x01: 'a general failure',
  0x02: 'the connection is not allowed by its rules',
  0x03: 'the network is unreachable',
  0x04: 'the host is unreachable',
  0x05: 'the server refused the connection',
  0x06: 'the time to live expired',
  0x07: 'it does not support the CONNECT command',
  0x08: 'it does not support the address type',
}

/**
 * Asks a SOCKS5 proxy, over `socket` (connected to it), to connect to `target`. The target's
 * name goes to the proxy as a name, so the proxy resolves it (a company's DNS may know names
 * this computer does not). With a login, the proxy may choose it or no login; without, it must
 * take none. Resolves once the proxy has connected; what the server sent already stays in the
 * socket for ssh2.
 */
export async function throughSocks5(
  socket: Socket,
  proxy: ProxyServer,
  target: { readonly host: string; readonly port: number },
): Promise<void> {
  const label = proxyLabel('socks5', proxy)
  const fail = (kind: MailroomError['kind'], message: string, answer?: string) =>
    proxyFailure(kind, 'socks5', proxy, message, answer)
  const reader = new ProxyReader(socket, (error) =>
    fail(
      'connection-failed',
      `${capitalise(label)} closed the connection before answering${error ? ` (${error.message})` : ''}. Check that it is a SOCKS5 proxy.`,
    ),
  )
  try {
    const methods = proxy.login ? [NO_LOGIN, USER_PASSWORD] : [NO_LOGIN]
    socket.write(Buffer.from([VERSION, methods.length, ...methods]))
    const [version, method] = await reader.read(2)
    if (version !== VERSION)
      throw fail(
        'connection-failed',
        `${capitalise(label)} did not answer as a SOCKS5 proxy (it answered version ${version}). Check the proxy's kind and port.`,
        `version ${version}`,
      )
    if (method === NO_ACCEPTABLE_METHOD)
      throw proxy.login
        ? fail(
            'auth-failed',
            `${capitalise(label)} accepts neither no login nor a user name and password. Ask IT how to log in to it.`,
            'no acceptable method',
          )
        : fail(
            'auth-failed',
            `${capitalise(label)} wants a login. Enter the proxy's user name and password in the profile.`,
            'no acceptable method',
          )
    if (method === USER_PASSWORD && proxy.login) {
      const user = Buffer.from(proxy.login.username)
      const password = Buffer.from(proxy.login.password)
      if (user.length > 255 || password.length > 255)
        throw fail(
          'invalid-input',
          `The user name or password for ${label} is longer than SOCKS5 allows (255 bytes).`,
        )
      socket.write(
        Buffer.concat([
          Buffer.from([LOGIN_VERSION, user.length]),
          user,
          Buffer.from([password.length]),
          password,
        ]),
      )
      const [, status] = await reader.read(2)
      if (status !== 0)
        throw fail(
          'auth-failed',
          `${capitalise(label)} refused the user name "${proxy.login.username}" and its password. Check them in the profile.`,
          'login refused',
        )
    } else if (method !== NO_LOGIN)
      throw fail(
        'not-supported',
        `${capitalise(label)} asks for a way of logging in that Mailroom does not have (SOCKS5 method ${method}). Ask IT for a user name and password for it.`,
        `method ${method}`,
      )

    socket.write(Buffer.concat([Buffer.from([VERSION, CONNECT, 0]), address(target)]))
    const [, reply, , type] = await reader.read(4)
    if (reply !== 0) {
      const why = REPLIES[reply ?? -1] ?? `reply ${reply}`
      throw fail(
        'connection-failed',
        `${capitalise(label)} could not connect to ${target.host} port ${target.port}: ${why}. Check the server's host and port; if they are right, ask IT whether the proxy lets SSH through to it.`,
        why,
      )
    }
    // The address the proxy connected from: read and dropped.
    const length =
      type === IPV4 ? 4 : type === IPV6 ? 16 : type === DOMAIN ? (await reader.read(1))[0] : 0
    await reader.read((length ?? 0) + 2)
    reader.finish()
  } catch (error) {
    reader.detach()
    throw error
  }
}

/** The target as SOCKS5 writes it: an IP address as one, anything else as a name. */
function address(target: { readonly host: string; readonly port: number }): Buffer {
  const host = target.host.replace(/^\[(.*)\]$/, '$1')
  const port = Buffer.alloc(2)
  port.writeUInt16BE(target.port)
  const family = isIP(host)
  if (family === 4)
    return Buffer.concat([Buffer.from([IPV4, ...host.split('.').map(Number)]), port])
  // An IPv6 address with an IPv4 tail (::ffff:1.2.3.4) goes as text: the proxy reads it.
  if (family === 6 && !host.includes('.'))
    return Buffer.concat([Buffer.from([IPV6]), ipv6Bytes(host), port])
  const name = Buffer.from(host)
  return Buffer.concat([Buffer.from([DOMAIN, name.length]), name, port])
}

/** The 16 bytes of an IPv6 address written in hex groups, `::` allowed. */
function ipv6Bytes(text: string): Buffer {
  const [head = '', rest] = text.split('::')
  const left = head === '' ? [] : head.split(':')
  const right = rest === undefined || rest === '' ? [] : rest.split(':')
  const zeros = rest === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0')
  const bytes = Buffer.alloc(16)
  ;[...left, ...zeros, ...right].forEach((group, index) =>
    bytes.writeUInt16BE(Number.parseInt(group, 16), index * 2),
  )
  return bytes
}

import { connect, type Socket } from 'node:net'

/**
 * Connects a TCP socket (Nagle's algorithm off) that sends everything written to it in one
 * turn of the event loop with one system call. ssh2 writes each SSH packet in three or four
 * pieces (length, ciphertext, tag), and with Nagle off (which it must be: TEST-SERVERS.md) each
 * piece was its own send(2) and often its own TCP segment: 8,000 sends for a 512 MiB download,
 * mostly of 4 to 48 bytes. The first write of a turn corks the socket and an immediate (after
 * the I/O callbacks of this turn, before the next wait) uncorks it, so ssh2's window adjusts
 * and the read requests a turn's replies set off go out together.
 */
export function connectCoalescing(host: string, port: number): Socket {
  const socket = connect({ host, port, noDelay: true })
  // After connect(): it puts back the prototype's `write` when an instance has its own.
  const write = socket.write.bind(socket) as (...args: unknown[]) => boolean
  let corked = false
  const uncork = () => {
    corked = false
    socket.uncork()
  }
  socket.write = ((...args: unknown[]) => {
    if (!corked) {
      corked = true
      socket.cork()
      setImmediate(uncork)
    }
    return write(...args)
  }) as Socket['write']
  return socket
}

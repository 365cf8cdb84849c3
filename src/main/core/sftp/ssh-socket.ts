import { connect, type Socket } from 'node:net'

/** The TCP socket Mailroom hands ssh2, and the switch to its cheaper way of reading. */
export interface SshSocket {
  readonly socket: Socket
  /**
   * From now on ssh2 is handed each read as a view of one reused buffer instead of a copy. Call
   * it once the key exchange and the login are done: every byte after that is ciphertext that
   * ssh2 decrypts and authenticates (AES-GCM's tag, or a MAC) while it handles the read.
   */
  shareReadBuffer(): void
}

// Bytes one read may take from the kernel.
const READ_BUFFER_BYTES = 256 * 1024

/**
 * Connects the socket ssh2 talks over, Nagle's algorithm off (which it must be:
 * TEST-SERVERS.md), with two costs of ssh2's taken away.
 *
 * Writes: everything written in one turn of the event loop goes out with one system call. ssh2
 * writes each SSH packet in three or four pieces (length, ciphertext, tag), and each piece was
 * its own send(2), often its own TCP segment: 8,000 sends for a 512 MiB download, mostly of 4 to
 * 48 bytes. The first write of a turn corks the socket and an immediate (after this turn's I/O
 * callbacks) uncorks it, so ssh2's window adjusts and the read requests they set off go together.
 *
 * Reads: Node gives every read a new 64 KiB buffer, however few bytes came, and ssh2 drops it at
 * once; for a 512 MiB download that was ~1 GiB of garbage, which the garbage collector let pile
 * up to ~40 MiB of the process's peak memory. Node can read into one buffer of ours instead
 * (`onread`), and ssh2 is done with each read before the next: it parses the whole chunk at once
 * and keeps only what it has decrypted or copied. Until `shareReadBuffer`, ssh2 gets a copy (the
 * key exchange keeps the server's KEXINIT as it arrived); after it, were a later ssh2 to keep a
 * view of a read, what it read later would fail its authentication tag: an error, never bad bytes.
 */
export function connectSshSocket(host: string, port: number): SshSocket {
  let shared = false
  const socket: Socket = connect({
    host,
    port,
    noDelay: true,
    onread: {
      buffer: Buffer.allocUnsafe(READ_BUFFER_BYTES),
      callback: (bytes: number, buffer: Uint8Array) => {
        const read = Buffer.from(buffer.buffer, buffer.byteOffset, bytes)
        socket.emit('data', shared ? read : Buffer.from(read))
        return true
      },
    },
  })
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
  return {
    socket,
    shareReadBuffer: () => {
      shared = true
    },
  }
}

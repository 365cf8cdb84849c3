import { createServer, type Server, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { connectSshSocket } from '../../../../src/main/core/sftp/ssh-socket'

describe('connectSshSocket', () => {
  let server: Server | undefined
  afterEach(() => server?.close())

  it('sends the writes of one turn with one system call, in order, after connecting', async () => {
    const received: Buffer[] = []
    server = createServer((peer) => peer.on('data', (data) => received.push(data)))
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as { port: number }
    const { socket } = connectSshSocket('127.0.0.1', port)
    await new Promise((resolve) => socket.once('connect', resolve))
    // Node's Writable contract: one _writev for chunks written while corked, _write otherwise.
    const calls = { writev: 0, write: 0 }
    type Internal = (...args: unknown[]) => void
    const internals = socket as unknown as { _writev: Internal; _write: Internal }
    const writev = internals._writev.bind(socket)
    const write = internals._write.bind(socket)
    internals._writev = (...args) => {
      calls.writev += 1
      writev(...args)
    }
    internals._write = (...args) => {
      calls.write += 1
      write(...args)
    }

    for (let index = 0; index < 5; index += 1) socket.write(Buffer.from([index, index]))
    await new Promise((resolve) => setTimeout(resolve, 50))
    socket.write(Buffer.from([9]))
    await new Promise((resolve) => setTimeout(resolve, 50))

    expect(calls).toEqual({ writev: 1, write: 1 })
    expect(Buffer.concat(received)).toEqual(Buffer.from([0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 9]))
    socket.destroy()
  })

  it('holds reads while paused, as ssh2 has it until it listens; copies until the buffer is shared', async () => {
    const peers: Socket[] = []
    server = createServer((peer) => peers.push(peer))
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as { port: number }
    const { socket, shareReadBuffer } = connectSshSocket('127.0.0.1', port)
    // ssh2 pauses the socket before it connects and resumes it once it listens for data.
    socket.pause()
    await new Promise((resolve) => socket.once('connect', resolve))
    const peer = peers[0]
    peer?.write('abc')
    await new Promise((resolve) => setTimeout(resolve, 30))
    const chunks: Buffer[] = []
    socket.on('data', (data: Buffer) => chunks.push(data))
    socket.resume()
    await new Promise((resolve) => setTimeout(resolve, 30))
    peer?.write('def')
    await new Promise((resolve) => setTimeout(resolve, 30))
    shareReadBuffer()
    peer?.write('ghi')
    await new Promise((resolve) => setTimeout(resolve, 30))
    peer?.write('jkl')
    await new Promise((resolve) => setTimeout(resolve, 30))

    // The copies kept their bytes; the shared reads are views of one buffer, since read again.
    expect(chunks.map(String)).toEqual(['abc', 'def', 'jkl', 'jkl'])
    socket.destroy()
    for (const each of peers) each.destroy()
  })
})

import type { BridgeMessage } from '../../shared/bridge-protocol'
import { API_SOCKET_PATH, STAGING_PATH, TOKEN_HEADER } from '../../shared/bridge-protocol'
import type { Result } from '../../shared/errors'
import type { ApiEvent } from '../../shared/transport'
import type { RendererTransport } from './client'

/**
 * The transport in a browser: calls and events over the web bridge's WebSocket. Dropped files
 * have no path a browser can tell, so their bytes are posted to the bridge to be staged first.
 */
export function webTransport(token: string): RendererTransport {
  const origin = window.location.origin
  const socketUrl = `${origin.replace(/^http/, 'ws')}${API_SOCKET_PATH}?token=${encodeURIComponent(token)}`
  const pending = new Map<number, (result: Result<unknown>) => void>()
  const listeners = new Set<(event: ApiEvent) => void>()
  let nextId = 1
  const lost: Result<never> = {
    ok: false,
    error: {
      kind: 'connection-lost',
      message: 'Lost contact with Mailroom. Reload the page; if it persists, start Mailroom again.',
    },
  }

  const socket = new WebSocket(socketUrl)
  const opened = new Promise<void>((resolve) =>
    socket.addEventListener('open', () => resolve(), { once: true }),
  )
  socket.addEventListener('message', (message) => {
    const data = JSON.parse(String(message.data)) as BridgeMessage
    if (data.type === 'result') {
      pending.get(data.id)?.(data.result)
      pending.delete(data.id)
    } else {
      for (const event of data.events) for (const listener of listeners) listener(event)
    }
  })
  socket.addEventListener('close', () => {
    for (const resolve of pending.values()) resolve(lost)
    pending.clear()
  })

  return {
    async invoke(name, input) {
      await opened
      if (socket.readyState !== WebSocket.OPEN) return lost
      const id = nextId++
      const result = new Promise<Result<unknown>>((resolve) => pending.set(id, resolve))
      socket.send(JSON.stringify({ id, name, input }))
      return result as never
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    async localPathsOf(files) {
      const paths: string[] = []
      for (const file of files) {
        const response = await fetch(`${STAGING_PATH}?name=${encodeURIComponent(file.name)}`, {
          method: 'POST',
          headers: { [TOKEN_HEADER]: token },
          body: file,
        })
        if (!response.ok) throw new Error(`Could not read ${file.name}: ${await response.text()}`)
        paths.push(((await response.json()) as { path: string }).path)
      }
      return paths
    },
  }
}

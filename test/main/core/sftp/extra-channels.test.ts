import { EventEmitter } from 'node:events'
import type { Client, SFTPWrapper } from 'ssh2'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { silentLogger, type Logger } from '../../../../src/main/core/logging/logger'
import { ExtraChannels } from '../../../../src/main/core/sftp/extra-channels'

type Answer = 'grant' | 'refuse' | 'silent' | 'throw'

/**
 * A client whose `sftp` calls are answered, one by one, as `answers` say (then granted): a new
 * channel, a refusal, no answer at all, or ssh2's throw when the connection is gone.
 */
function clientAnswering(...answers: Answer[]) {
  const opened: Array<EventEmitter & { ended: boolean; end(): void }> = []
  const late: Array<() => void> = []
  let asked = 0
  const newChannel = () => {
    const channel = Object.assign(new EventEmitter(), {
      ended: false,
      end() {
        channel.ended = true
      },
    })
    opened.push(channel)
    return channel
  }
  const client = {
    sftp(callback: (error: Error | undefined, channel?: SFTPWrapper) => void) {
      asked += 1
      const answer = answers.shift() ?? 'grant'
      if (answer === 'throw') throw new Error('No response from server')
      if (answer === 'silent') {
        late.push(() => callback(undefined, newChannel() as unknown as SFTPWrapper))
        return
      }
      setImmediate(() =>
        answer === 'refuse'
          ? callback(new Error('Unable to open channel: administratively prohibited'))
          : callback(undefined, newChannel() as unknown as SFTPWrapper),
      )
    },
  }
  return { client: client as unknown as Client, opened, late, asked: () => asked }
}

describe('ExtraChannels', () => {
  afterEach(() => vi.useRealTimers())

  it('opens the channels wanted, never more than its most, and keeps them for later files', async () => {
    const { client, opened, asked } = clientAnswering()
    const extra = new ExtraChannels(client, 'h', silentLogger, 3)
    const first = await extra.get(2)
    expect(first).toHaveLength(2)
    expect(await extra.get(5)).toHaveLength(3)
    expect(asked()).toBe(3)
    const again = await extra.get(2)
    expect(again).toEqual(first)
    expect(asked()).toBe(3)
    expect(opened).toHaveLength(3)
  })

  it('shares one opening between callers asking at once', async () => {
    const { client, asked } = clientAnswering()
    const extra = new ExtraChannels(client, 'h', silentLogger, 3)
    const [a, b] = await Promise.all([extra.get(3), extra.get(3)])
    expect(asked()).toBe(3)
    expect(a).toEqual(b)
  })

  it('takes what a server allows, and asks it for no more than that afterwards', async () => {
    const infos: unknown[] = []
    const logger: Logger = {
      ...silentLogger,
      info: (message, fields) => infos.push({ message, fields }),
    }
    const { client, asked } = clientAnswering('grant', 'refuse', 'refuse')
    const extra = new ExtraChannels(client, 'gateway.example', logger, 3)
    expect(await extra.get(3)).toHaveLength(1)
    expect(await extra.get(3)).toHaveLength(1)
    expect(asked()).toBe(3)
    expect(infos).toEqual([
      {
        message: 'The server allowed fewer SFTP channels than asked for',
        fields: {
          host: 'gateway.example',
          channels: 2,
          reason: 'Unable to open channel: administratively prohibited',
        },
      },
    ])
  })

  it('gives none when ssh2 throws at once (the connection is gone)', async () => {
    const { client } = clientAnswering('throw', 'throw')
    const extra = new ExtraChannels(client, 'h', silentLogger, 3)
    expect(await extra.get(2)).toEqual([])
    expect(await extra.get(2)).toEqual([])
  })

  it('forgets a channel the server closed, and opens another in its place', async () => {
    const { client, opened, asked } = clientAnswering()
    const extra = new ExtraChannels(client, 'h', silentLogger, 3)
    const [first, second] = await extra.get(2)
    opened[0]?.emit('close')
    const now = await extra.get(2)
    expect(now).toHaveLength(2)
    expect(now).not.toContain(first)
    expect(now).toContain(second)
    expect(asked()).toBe(3)
  })

  it('takes a server that never answers as refusing, and ends a channel that opens too late', async () => {
    vi.useFakeTimers()
    const { client, late, opened } = clientAnswering('silent')
    const extra = new ExtraChannels(client, 'h', silentLogger, 3)
    const got = extra.get(1)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(await got).toEqual([])
    late[0]?.()
    expect(opened[0]?.ended).toBe(true)
    expect(await extra.get(1)).toEqual([])
  })

  it('logs an error on a channel instead of letting it go unhandled', async () => {
    const warnings: unknown[] = []
    const logger: Logger = {
      ...silentLogger,
      warn: (message, fields) => warnings.push({ message, fields }),
    }
    const { client, opened } = clientAnswering()
    await new ExtraChannels(client, 'h', logger, 1).get(1)
    opened[0]?.emit('error', new Error('channel broke'))
    expect(warnings).toEqual([
      { message: 'An extra SFTP channel failed', fields: { host: 'h', error: 'channel broke' } },
    ])
  })
})

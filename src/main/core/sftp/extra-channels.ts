import type { Client, SFTPWrapper } from 'ssh2'
import type { Logger } from '../logging/logger'

// A server that neither opens nor refuses another channel in this time is taken to refuse it.
const OPEN_TIMEOUT_MS = 10_000

/**
 * SFTP channels beyond a session's first, on the same connection, for large downloads over a
 * long round trip. ssh2's receive window is fixed at 2 MiB a channel and refilled only once
 * half of it is used, so one channel carries about 1 MiB a round trip: 19 MiB/s at 50 ms,
 * measured, whatever the requests in flight. ssh2 has no option for a larger window (its
 * `MAX_WINDOW` is a constant of `lib/protocol/Channel.js`), while servers offer several
 * channels a connection (OpenSSH's MaxSessions 10, AWS Transfer Family 10): with four, 63 MiB/s
 * at 50 ms. They are opened the first time they are wanted and kept for the session's later
 * files; a server that refuses one is not asked again for more than it gave.
 */
export class ExtraChannels {
  private readonly channels: SFTPWrapper[] = []
  private opening: Promise<void> | undefined
  private most: number

  constructor(
    private readonly client: Client,
    private readonly host: string,
    private readonly logger: Logger,
    most: number,
  ) {
    this.most = most
  }

  /** Up to `count` channels, opening the ones missing; fewer if the server refuses them. */
  async get(count: number): Promise<SFTPWrapper[]> {
    // Read again after each round: a refusal in it lowers `most`, and the server is not asked
    // again for what it just refused.
    const wanted = () => Math.min(count, this.most)
    while (this.channels.length < wanted()) {
      this.opening ??= this.open(wanted() - this.channels.length).finally(
        () => (this.opening = undefined),
      )
      const before = this.channels.length
      await this.opening
      if (this.channels.length === before) break
    }
    return this.channels.slice(0, wanted())
  }

  private async open(count: number): Promise<void> {
    const results = await Promise.allSettled(Array.from({ length: count }, () => this.openOne()))
    let refused: unknown
    for (const result of results) {
      if (result.status === 'rejected') {
        refused ??= result.reason
        continue
      }
      const channel = result.value
      this.channels.push(channel)
      channel.on('error', (error: Error) =>
        this.logger.warn('An extra SFTP channel failed', { host: this.host, error: error.message }),
      )
      // The server may close one on its own (an idle limit); the others carry on without it.
      channel.on('close', () => {
        const index = this.channels.indexOf(channel)
        if (index >= 0) this.channels.splice(index, 1)
      })
    }
    if (refused !== undefined) {
      // No more than it gave from now on: asking again for every file would cost each one a
      // refusal, and without them a session only reads as fast as it did on one channel.
      this.most = this.channels.length
      this.logger.info('The server allowed fewer SFTP channels than asked for', {
        host: this.host,
        channels: 1 + this.channels.length,
        reason: refused instanceof Error ? refused.message : String(refused),
      })
    }
  }

  private openOne(): Promise<SFTPWrapper> {
    return new Promise((resolve, reject) => {
      let late = false
      const timer = setTimeout(() => {
        late = true
        reject(new Error(`no answer within ${OPEN_TIMEOUT_MS / 1000} s`))
      }, OPEN_TIMEOUT_MS)
      timer.unref()
      try {
        this.client.sftp((error, channel) => {
          clearTimeout(timer)
          if (late) channel?.end()
          else if (error) reject(error)
          else resolve(channel)
        })
      } catch (error) {
        // ssh2 throws at once when the connection is gone.
        clearTimeout(timer)
        reject(error)
      }
    })
  }
}

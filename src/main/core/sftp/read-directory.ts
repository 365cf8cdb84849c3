import type { FileEntryWithStats, SFTPWrapper } from 'ssh2'
import { MailroomError } from '../errors'

/**
 * READDIR requests kept in flight on one folder handle. Measured listing 10,000 entries through a
 * 50 ms round trip (test/fixtures/latency-proxy.ts), opendir to close, median of 3:
 *   OpenSSH sftp-server (~100 names a reply): N=1 5.42 s, 8 0.86 s, 16 0.54 s, 32 0.38 s;
 *   ProFTPD (~27 names a reply):              N=1 19.6 s, 8 2.61 s, 16 1.41 s, 32 0.80 s;
 * OpenSSH's `sftp -b` (`ls -l`, connect time taken off): 5.60 s and 19.6 s. 16 already clears
 * 5x OpenSSH on sftp-server, but each doubling still nearly halves ProFTPD's time (371 replies:
 * 24 round trips at 16, 12 at 32). 32 replies of 32 KB (the demo server's page) fill half of
 * ssh2's 2 MiB channel window; 64 would fill all of it and stall the server. What it costs: a
 * folder of one batch gets 31 READDIRs more than it needs, answered EOF in the same round trip.
 */
export const READDIR_IN_FLIGHT = 32

export interface ReadDirectoryOptions {
  /** READDIRs outstanding at once; 1 reads batch after batch, for servers that mishandle that. */
  readonly requestsInFlight: number
  /** Checked before each request: once aborted, no more are sent, and `cancelled` is thrown. */
  readonly signal?: AbortSignal
  /** Called with each batch, in server order, as soon as every batch before it has arrived. */
  readonly onBatch?: (batch: readonly FileEntryWithStats[]) => void
  /**
   * Whether the entries are also kept and returned (the default); false when `onBatch` keeps
   * what it needs, so a large folder is not held twice.
   */
  readonly keepEntries?: boolean
}

/**
 * Reads an open folder handle to its end with several READDIRs in flight, so a folder of
 * thousands of entries costs a few round trips instead of one per hundred names.
 *
 * SFTP gives a READDIR no position: each reply is simply the next batch the server reads. This
 * relies on servers answering requests on one handle in the order they were sent, as OpenSSH's
 * sftp-server and ProFTPD do (each request is served to completion before the next is read);
 * then the batches, taken in request order, are the folder in server order, and every request
 * after the end is answered with EOF. Batches are appended in request order whatever order the
 * callbacks run in. ssh2 filters `.` and `..` out of each batch, as it does for a single READDIR.
 *
 * No request is sent after the first EOF, and the function returns (or throws) only once every
 * request sent has been answered, so the caller can CLOSE the handle with no reply left
 * outstanding. A batch answered after the EOF of an earlier request is still taken: from a
 * server that answers in order it holds names created after the server reached the end (they
 * exist, so listing them is harmless), and from one that does not (the demo server answers
 * READDIRs that race to read the folder in the order their reads finish) dropping it would
 * lose names without a trace. The first error (in request order) is thrown as ssh2 gave it,
 * for the caller to translate; an abort, seen before each request and after each batch, throws
 * `cancelled`.
 */
export function readDirectory(
  sftp: SFTPWrapper,
  handle: Buffer,
  options: ReadDirectoryOptions,
): Promise<FileEntryWithStats[]> {
  const { requestsInFlight, signal, onBatch, keepEntries = true } = options
  if (!Number.isInteger(requestsInFlight) || requestsInFlight < 1)
    throw new RangeError(`requestsInFlight must be a positive integer, not ${requestsInFlight}`)

  return new Promise((resolve, reject) => {
    const entries: FileEntryWithStats[] = []
    // Replies that arrived before those of earlier requests, by request number.
    const waiting = new Map<number, Reply>()
    let sent = 0
    let appended = 0
    let outstanding = 0
    // Set by the first EOF (in request order): no more requests are sent.
    let ended = false
    // Set by the first error (in request order) or an abort: no more batches are taken either.
    let failure: { error: unknown } | undefined

    // A window over request numbers, not a count of replies awaited: request k is sent only once
    // request k - requestsInFlight has been taken in order, so replies that overtake an earlier
    // one (a server out of order) send nothing more, and at most `requestsInFlight` wait here.
    const send = () => {
      while (!ended && failure === undefined && sent - appended < requestsInFlight) {
        if (signal?.aborted) {
          failure = { error: cancelled() }
          break
        }
        const index = sent
        sent += 1
        outstanding += 1
        sftp.readdir(handle, (error, list) => {
          outstanding -= 1
          waiting.set(index, error ? { error } : { list })
          appendInOrder()
          send()
          if (outstanding > 0) return
          if (failure) reject(failure.error)
          else resolve(entries)
        })
      }
    }

    const appendInOrder = () => {
      for (let reply = waiting.get(appended); reply; reply = waiting.get(appended)) {
        waiting.delete(appended)
        appended += 1
        if (failure) continue
        if ('error' in reply) {
          if (isEndOfFile(reply.error)) ended = true
          else failure = { error: reply.error }
          continue
        }
        if (keepEntries) for (const entry of reply.list) entries.push(entry)
        try {
          onBatch?.(reply.list)
        } catch (error) {
          failure = { error }
          continue
        }
        if (signal?.aborted) failure = { error: cancelled() }
      }
    }

    send()
    // Aborted before the first request: nothing was sent, so nothing will call back.
    if (sent === 0) reject(failure?.error ?? cancelled())
  })
}

function cancelled(): MailroomError {
  return new MailroomError('cancelled', 'Cancelled.')
}

type Reply = { readonly list: FileEntryWithStats[] } | { readonly error: Error }

const SFTP_EOF = 1
function isEndOfFile(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === SFTP_EOF
}

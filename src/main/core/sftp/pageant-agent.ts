import { spawn, type ChildProcess } from 'node:child_process'
import { createRequire } from 'node:module'
import path from 'node:path'
import { Duplex } from 'node:stream'
// ssh2 is CommonJS: Node's ESM loader sees only its default export.
import ssh2, { type GetStreamCallback } from 'ssh2'

/**
 * Where ssh2's pagent.exe is: its small helper that passes one agent request to Pageant through
 * the shared memory Pageant reads. Inside the packaged app ssh2 lives in app.asar, from which
 * no program can be started, so electron-builder.ts unpacks the file beside it and this path
 * points there (scripts/check-packaged-app.mjs checks it is).
 */
export function pagentPath(
  ssh2Main: string = createRequire(import.meta.url).resolve('ssh2'),
  paths: path.PlatformPath = path,
): string {
  return paths
    .join(paths.dirname(ssh2Main), '..', 'util', 'pagent.exe')
    .replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2')
}

// pagent.exe's exit codes (ssh2's util/pagent.c), in words.
const PAGENT_EXIT: Readonly<Record<number, string>> = {
  10: "Pageant's helper was started wrongly",
  11: 'Pageant is not running',
  12: "Pageant's helper could not share memory with Pageant",
  13: "Pageant's helper could not read its request",
  14: "Pageant's helper could not write its answer",
  15: "Pageant's helper got a request of the wrong length",
}

/**
 * One agent request to Pageant and its answer, as a stream ssh2's agent protocol writes to and
 * reads from: the request is buffered until whole, handed to pagent.exe, and its output is the
 * answer. The same exchange as ssh2's own PageantAgent, which can only start the helper from
 * inside app.asar.
 */
class PageantExchange extends Duplex {
  private request = Buffer.alloc(0)
  private helper: ChildProcess | undefined

  constructor(private readonly helperPath: string) {
    super()
  }

  override _read(): void {}

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error) => void): void {
    this.request = Buffer.concat([this.request, chunk])
    if (this.request.length < 4) return done()
    const length = this.request.readUInt32BE(0)
    if (this.request.length - 4 < length) return done()
    if (this.request.length > 4 + length)
      return done(new Error('Unexpected multiple agent requests'))
    const request = this.request
    this.request = Buffer.alloc(0)
    let failed = false
    const helper = spawn(this.helperPath, [String(request.length)], { windowsHide: true })
    this.helper = helper
    helper.stdout.on('data', (answer: Buffer) => this.push(answer))
    helper.on('error', (error) => {
      failed = true
      done(new Error(`Pageant's helper ${this.helperPath} could not be started: ${error.message}`))
    })
    helper.on('close', (code) => {
      this.helper = undefined
      if (failed) return
      const problem = code === null ? undefined : PAGENT_EXIT[code]
      done(problem === undefined ? undefined : new Error(problem))
    })
    helper.stdin.end(request)
  }

  override _final(done: () => void): void {
    this.helper?.kill()
    done()
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    this.helper?.kill()
    done(error)
  }
}

/**
 * PuTTY's Pageant as an ssh2 agent, through pagent.exe at `helperPath` (the unpacked one by
 * default). OpenSSHAgent speaks the agent protocol over whatever stream getStream gives.
 */
export class PageantAgent extends ssh2.OpenSSHAgent {
  constructor(private readonly helperPath: string = pagentPath()) {
    super('pageant')
  }

  override getStream(callback: GetStreamCallback): void {
    callback(undefined, new PageantExchange(this.helperPath))
  }
}

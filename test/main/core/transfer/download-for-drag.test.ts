import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { downloadForDrag } from '../../../../src/main/core/transfer/download-for-drag'
import { MemorySftpServer, at } from '../../../fixtures/memory-sftp-session'

const LISTED_AT = 1_700_000_000_000
const server = { host: 'sftp.memory.test', port: 2222, username: 'acme' }

/** The origin mark as Linux's own tool reads it back (mark-from-internet.test.ts covers each OS). */
function originMark(path: string): string {
  return execFileSync('getfattr', ['--only-values', '-n', 'user.xdg.origin.url', path], {
    encoding: 'utf8',
  })
}

describe('downloadForDrag', () => {
  // Its own temporary folder, so each test sees exactly the folders a drag made there.
  let temp: string
  let tmpdirBefore: string | undefined
  beforeEach(() => {
    temp = realpathSync(mkdtempSync(join(tmpdir(), 'mailroom-drag-test-')))
    tmpdirBefore = process.env.TMPDIR
    process.env.TMPDIR = temp
  })
  afterEach(() => {
    if (tmpdirBefore === undefined) delete process.env.TMPDIR
    else process.env.TMPDIR = tmpdirBefore
    rmSync(temp, { recursive: true, force: true })
  })

  it('downloads a verified copy into a fresh temporary folder, marked as from the internet, and leaves the server copy', async () => {
    const memory = new MemorySftpServer(server.host)
    // Several reads' worth, so the pieces must be put together in order.
    const content = Buffer.from(Array.from({ length: 300_000 }, (_, index) => index % 251))
    memory.tree.addFile('inbox/INVOICE 1.xml', content, LISTED_AT)
    const session = memory.connect()

    const first = await downloadForDrag(session, at('inbox/INVOICE 1.xml'), server)
    const second = await downloadForDrag(session, at('inbox/INVOICE 1.xml'), server)

    expect(dirname(dirname(first))).toBe(temp)
    expect(basename(dirname(first))).toMatch(/^mailroom-drag-/)
    expect(basename(first)).toBe('INVOICE 1.xml')
    expect(readFileSync(first).equals(content)).toBe(true)
    expect(originMark(first)).toBe('sftp://acme@sftp.memory.test:2222/inbox/INVOICE%201.xml')
    // Each drag has a folder of its own: the OS may still be copying the one before.
    expect(dirname(second)).not.toBe(dirname(first))
    expect(readFileSync(second).equals(content)).toBe(true)
    // Nothing is deleted on the server, and nothing is left open there.
    expect(memory.sent('remove')).toEqual([])
    expect(memory.tree.content('inbox/INVOICE 1.xml')?.equals(content)).toBe(true)
    expect(memory.openHandles).toBe(0)
  })

  it('names the copy safely for this computer, whatever the server calls it', async () => {
    const memory = new MemorySftpServer(server.host)
    memory.tree.addFile('inbox/a:b?.xml', 'data', LISTED_AT)

    const copy = await downloadForDrag(memory.connect(), at('inbox/a:b?.xml'), server)

    expect(basename(copy)).toBe('a_b_.xml')
    expect(dirname(dirname(copy))).toBe(temp)
    expect(readFileSync(copy, 'utf8')).toBe('data')
  })

  it('refuses a file that grew while it was downloaded', async () => {
    const memory = new MemorySftpServer(server.host)
    const file = memory.tree.addFile('inbox/growing.xml', 'first part', LISTED_AT)
    // Someone appends to it as the first read goes out, keeping its time (a coarse clock).
    let grown = false
    memory.faults.delay = (request) => {
      if (request.op === 'read' && !grown) {
        grown = true
        file.write(Buffer.from(', second part'), file.size, LISTED_AT)
      }
      return 0
    }

    await expect(
      downloadForDrag(memory.connect(), at('inbox/growing.xml'), server),
    ).rejects.toMatchObject({
      kind: 'verify-failed',
      message: '"inbox/growing.xml" changed while it was downloaded; drag it again.',
    })
    expect(grown).toBe(true)
  })

  it('refuses a file rewritten at the same size while it was downloaded', async () => {
    const memory = new MemorySftpServer(server.host)
    const file = memory.tree.addFile('inbox/rewritten.xml', 'version 1', LISTED_AT)
    let rewritten = false
    memory.faults.delay = (request) => {
      if (request.op === 'read' && !rewritten) {
        rewritten = true
        file.write(Buffer.from('version 2'), 0, LISTED_AT + 60_000)
      }
      return 0
    }

    await expect(
      downloadForDrag(memory.connect(), at('inbox/rewritten.xml'), server),
    ).rejects.toMatchObject({
      kind: 'verify-failed',
      message: '"inbox/rewritten.xml" changed while it was downloaded; drag it again.',
    })
    expect(file.size).toBe('version 1'.length)
  })

  it('refuses a folder before making any temporary folder', async () => {
    const memory = new MemorySftpServer(server.host)
    memory.tree.addFolder('inbox/2026')

    await expect(downloadForDrag(memory.connect(), at('inbox/2026'), server)).rejects.toMatchObject(
      { kind: 'invalid-input', message: '"inbox/2026" is not a file.' },
    )
    expect(readdirSync(temp)).toEqual([])
    expect(memory.sent('open')).toEqual([])
  })
})

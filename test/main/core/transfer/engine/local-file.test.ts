import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openLocalFile } from '../../../../../src/main/core/transfer/engine/local-file'

describe('openLocalFile', () => {
  let folder: string
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'mailroom-local-file-'))
  })
  afterEach(() => rmSync(folder, { recursive: true, force: true }))

  it('creates a new file with wx, and refuses one already there without touching it', async () => {
    const path = join(folder, 'a.pdf')
    const created = await openLocalFile(path, 'wx', 'create')
    await created.write(Buffer.from('new'))
    await created.close()
    expect(readFileSync(path, 'utf8')).toBe('new')
    await expect(openLocalFile(path, 'wx', 'create')).rejects.toMatchObject({
      kind: 'already-exists',
      message: `Could not create ${JSON.stringify(path)} on this computer: a file of that name is already there. Nothing was replaced.`,
    })
    expect(readFileSync(path, 'utf8')).toBe('new')
  })

  it('opens an existing file to read, or to carry on writing it with r+', async () => {
    const path = join(folder, 'b.pdf')
    writeFileSync(path, 'abcdef')
    const reading = await openLocalFile(path, 'r', 'read')
    expect((await reading.read(Buffer.alloc(6), 0, 6, 0)).bytesRead).toBe(6)
    await reading.close()
    const resuming = await openLocalFile(path, 'r+', 'create')
    await resuming.write(Buffer.from('XY'), 0, 2, 4)
    await resuming.close()
    expect(readFileSync(path, 'utf8')).toBe('abcdXY')
  })

  it("says what it was doing and where when the file cannot be opened, in the person's words", async () => {
    const missing = join(folder, 'missing.pdf')
    await expect(openLocalFile(missing, 'r', 'read')).rejects.toMatchObject({
      kind: 'not-found',
      message: `Could not read ${JSON.stringify(missing)} on this computer: it does not exist.`,
    })
    await expect(openLocalFile(join(folder, 'no/such/x'), 'wx', 'create')).rejects.toMatchObject({
      kind: 'not-found',
    })
    await expect(openLocalFile(folder, 'r+', 'create')).rejects.toMatchObject({
      kind: 'invalid-input',
      message: expect.stringContaining('it is a folder, not a file'),
    })
  })
})

import { createHash } from 'node:crypto'
import {
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  claimFinalName,
  findSavedCopy,
  partPath,
  removeQuietly,
  sha256Of,
} from '../../../../src/main/core/pickup/save-locally'

describe('saving a picked-up file locally', () => {
  let folder: string
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'mailroom-save-locally-'))
  })
  afterEach(() => rmSync(folder, { recursive: true, force: true }))

  const part = (id: string, content: string) => {
    const path = partPath(folder, id)
    writeFileSync(path, content)
    return path
  }

  it('names the part file after its journal record, hidden, in the pickup folder', () => {
    expect(partPath('/in', 'abc-123')).toBe(join('/in', '.mailroom-abc-123.part'))
  })

  it('gives the part file its final name, and the part is gone', async () => {
    const path = part('one', 'invoice')
    const saved = await claimFinalName(path, folder, 'invoice.pdf')
    expect(saved).toBe(join(folder, 'invoice.pdf'))
    expect(readFileSync(saved, 'utf8')).toBe('invoice')
    expect(existsSync(path)).toBe(false)
  })

  it('never replaces a file: the first free "name (n)" is taken instead', async () => {
    writeFileSync(join(folder, 'invoice.pdf'), 'mine')
    writeFileSync(join(folder, 'invoice (1).pdf'), 'mine too')
    const saved = await claimFinalName(part('two', 'new'), folder, 'invoice.pdf')
    expect(saved).toBe(join(folder, 'invoice (2).pdf'))
    expect(readFileSync(join(folder, 'invoice.pdf'), 'utf8')).toBe('mine')
    expect(readFileSync(join(folder, 'invoice (1).pdf'), 'utf8')).toBe('mine too')
    expect(readFileSync(saved, 'utf8')).toBe('new')
  })

  it('says where it could not save', async () => {
    await expect(
      claimFinalName(partPath(folder, 'missing'), folder, 'a.pdf'),
    ).rejects.toMatchObject({
      kind: 'not-found',
      message: expect.stringContaining(`Could not save ${JSON.stringify(join(folder, 'a.pdf'))}`),
    })
  })

  it('finds the first of "name", "name (1)"... that matches, and stops at the first free name', async () => {
    writeFileSync(join(folder, 'a.xml'), 'other')
    writeFileSync(join(folder, 'a (1).xml'), 'wanted')
    writeFileSync(join(folder, 'a (3).xml'), 'beyond a gap')
    const wanted = await sha256Of(join(folder, 'a (1).xml'))
    const matches = async (_found: unknown, candidate: string) =>
      (await sha256Of(candidate)) === wanted
    expect(await findSavedCopy(folder, 'a.xml', matches)).toBe(join(folder, 'a (1).xml'))
    const beyond = await sha256Of(join(folder, 'a (3).xml'))
    expect(
      await findSavedCopy(
        folder,
        'a.xml',
        async (_found, candidate) => (await sha256Of(candidate)) === beyond,
      ),
    ).toBeUndefined()
    expect(await findSavedCopy(folder, 'none.xml', async () => true)).toBeUndefined()
  })

  it('hands the matcher what is found, so a hard link of the part can be told by its inode', async () => {
    const path = part('three', 'linked')
    linkSync(path, join(folder, 'b.xml'))
    const { ino } = statSync(path)
    expect(await findSavedCopy(folder, 'b.xml', async (found) => found.ino === ino)).toBe(
      join(folder, 'b.xml'),
    )
  })

  it('hashes a local file with SHA-256', async () => {
    writeFileSync(join(folder, 'c'), 'hash me')
    expect(await sha256Of(join(folder, 'c'))).toBe(
      createHash('sha256').update('hash me').digest('hex'),
    )
  })

  it('removes a part file that may not exist, and reports any other failure', async () => {
    const path = part('four', 'x')
    await removeQuietly(path)
    await removeQuietly(path)
    expect(readdirSync(folder)).toEqual([])
    mkdirSync(join(folder, 'a folder'))
    await expect(removeQuietly(join(folder, 'a folder'))).rejects.toMatchObject({
      message: expect.stringContaining(
        `Could not remove ${JSON.stringify(join(folder, 'a folder'))}`,
      ),
    })
  })
})

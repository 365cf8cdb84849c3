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
import { link, rename, writeFile } from 'node:fs/promises'
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

describe('claimFinalName without hard links', () => {
  const dirs: string[] = []
  const folder = () => {
    const dir = mkdtempSync(join(tmpdir(), 'mailroom-claim-'))
    dirs.push(dir)
    return dir
  }
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })

  it('takes the first free name and never replaces an earlier file', async () => {
    const dir = folder()
    writeFileSync(join(dir, 'invoice.pdf'), 'earlier')
    writeFileSync(join(dir, 'invoice (1).pdf'), 'earlier too')
    const part = partPath(dir, 'id-1')
    writeFileSync(part, 'new')
    expect(await claimFinalName(part, dir, 'invoice.pdf')).toBe(join(dir, 'invoice (2).pdf'))
    expect(readFileSync(join(dir, 'invoice.pdf'), 'utf8')).toBe('earlier')
    expect(readFileSync(join(dir, 'invoice (2).pdf'), 'utf8')).toBe('new')
    expect(readdirSync(dir).sort()).toEqual(['invoice (1).pdf', 'invoice (2).pdf', 'invoice.pdf'])
  })

  it('without hard links, never replaces a file another program makes while it claims the name', async () => {
    const dir = folder()
    const part = partPath(dir, 'id-2')
    writeFileSync(part, 'ours')
    let theirs = 0
    const noHardLinks = {
      link: async () => {
        throw Object.assign(new Error('EPERM: operation not permitted, link'), { code: 'EPERM' })
      },
      // Another program writes the name, if it is free, just before the rename goes through.
      rename: async (from: string, to: string) => {
        await writeFile(to, 'theirs', { flag: 'wx' }).then(
          () => (theirs += 1),
          () => {},
        )
        await rename(from, to)
      },
    }
    const claimed = await claimFinalName(part, dir, 'report.csv', noHardLinks)
    expect(readFileSync(claimed, 'utf8')).toBe('ours')
    // Every file the other program wrote is still there: nothing of theirs was written over.
    const contents = readdirSync(dir).map((name) => readFileSync(join(dir, name), 'utf8'))
    expect(contents.filter((content) => content === 'theirs')).toHaveLength(theirs)
    expect(contents.filter((content) => content === 'ours')).toHaveLength(1)
    expect(contents.filter((content) => content === '')).toHaveLength(0)
  })

  it('without hard links, skips a name already taken', async () => {
    const dir = folder()
    writeFileSync(join(dir, 'report.csv'), 'earlier')
    const part = partPath(dir, 'id-3')
    writeFileSync(part, 'ours')
    const noHardLinks = {
      link: async () => {
        throw Object.assign(new Error('ENOTSUP'), { code: 'ENOTSUP' })
      },
      rename,
    }
    expect(await claimFinalName(part, dir, 'report.csv', noHardLinks)).toBe(
      join(dir, 'report (1).csv'),
    )
    expect(readFileSync(join(dir, 'report.csv'), 'utf8')).toBe('earlier')
  })

  it('uses a real hard link where the file system has them', async () => {
    const dir = folder()
    const part = partPath(dir, 'id-4')
    writeFileSync(part, 'linked')
    const used: string[] = []
    const path = await claimFinalName(part, dir, 'a.txt', {
      link: async (from, to) => {
        used.push('link')
        await link(from, to)
      },
      rename: async (from, to) => {
        used.push('rename')
        await rename(from, to)
      },
    })
    expect(used).toEqual(['link'])
    expect(readdirSync(dir)).toEqual(['a.txt'])
    expect(readFileSync(path, 'utf8')).toBe('linked')
  })
})

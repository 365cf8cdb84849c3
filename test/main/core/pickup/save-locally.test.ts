import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { link, rename, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { claimFinalName, partPath } from '../../../../src/main/core/pickup/save-locally'

describe('claimFinalName', () => {
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

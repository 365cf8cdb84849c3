import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { checkLocalFiles } from '../../../../../src/main/core/transfer/send/local-files'

describe('checkLocalFiles', () => {
  let folder: string
  const file = (relative: string, content = 'x') => {
    const path = join(folder, relative)
    mkdirSync(join(path, '..'), { recursive: true })
    writeFileSync(path, content)
    return path
  }
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'mailroom-local-files-'))
  })
  afterEach(() => rmSync(folder, { recursive: true, force: true }))

  it('gives each file its name on the server and its size, in the order given', async () => {
    const a = file('a.edi', 'hello')
    const b = file('sub/b.xml', '')
    expect(await checkLocalFiles([a, b])).toEqual([
      { localPath: a, name: 'a.edi', size: 5 },
      { localPath: b, name: 'b.xml', size: 0 },
    ])
  })

  it('uses the names given for the server instead of the local ones', async () => {
    const a = file('a.edi')
    expect(await checkLocalFiles([a], ['a-20261123-031500.edi'])).toEqual([
      { localPath: a, name: 'a-20261123-031500.edi', size: 1 },
    ])
  })

  it('refuses the whole drop when one of them is a folder', async () => {
    const a = file('a.edi')
    mkdirSync(join(folder, 'reports'))
    await expect(checkLocalFiles([a, join(folder, 'reports')])).rejects.toMatchObject({
      kind: 'invalid-input',
      message: 'reports is a folder. Send the files inside it instead; nothing was sent.',
    })
  })

  it('refuses what is not a regular file', async () => {
    await expect(checkLocalFiles(['/dev/null'])).rejects.toMatchObject({
      kind: 'invalid-input',
      message: 'null is not a regular file; nothing was sent.',
    })
  })

  it('refuses two files of one name, which would land on each other', async () => {
    await expect(checkLocalFiles([file('x/a.edi'), file('y/a.edi')])).rejects.toMatchObject({
      kind: 'invalid-input',
      message: 'Two of the files are named a.edi; nothing was sent.',
    })
    await expect(
      checkLocalFiles([file('b.edi'), file('c.edi')], ['same.edi', 'same.edi']),
    ).rejects.toMatchObject({ message: 'Two of the files are named same.edi; nothing was sent.' })
  })

  it.each(['', 'a/b.edi', '.', '..'])('refuses %j as a name on the server', async (name) => {
    await expect(checkLocalFiles([file('a.edi')], [name])).rejects.toMatchObject({
      kind: 'invalid-input',
      message: `"${name}" cannot be a file name on the server.`,
    })
  })

  it('names a file that is not there', async () => {
    const missing = join(folder, 'missing.edi')
    await expect(checkLocalFiles([file('a.edi'), missing])).rejects.toMatchObject({
      kind: 'not-found',
      message: expect.stringContaining(JSON.stringify(missing)),
    })
  })
})

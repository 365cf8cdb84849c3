import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { inflateRawSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { zipFiles } from '../../../../src/main/core/transfer/zip-files'

const dir = mkdtempSync(join(tmpdir(), 'mailroom-zip-test-'))
const archives: string[] = []
afterAll(() => {
  for (const archive of archives) rmSync(dirname(archive), { recursive: true, force: true })
  rmSync(dir, { recursive: true, force: true })
})

function file(path: string, content: string | Buffer): string {
  const full = join(dir, path)
  mkdirSync(dirname(full), { recursive: true })
  writeFileSync(full, content)
  return full
}

async function zipped(paths: readonly string[], name: string): Promise<string> {
  const archive = await zipFiles(paths, name)
  archives.push(archive)
  return archive
}

/**
 * The files in a zip archive, read through its central directory (APPNOTE.TXT 4.3), as an
 * unzip tool reads them: stored or deflated entries only, which is all yazl writes.
 */
function unzipped(archive: Buffer): Map<string, Buffer> {
  const end = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
  if (end < 0) throw new Error('no end of central directory record')
  const count = archive.readUInt16LE(end + 10)
  let entry = archive.readUInt32LE(end + 16)
  const files = new Map<string, Buffer>()
  for (let index = 0; index < count; index += 1) {
    if (archive.readUInt32LE(entry) !== 0x02014b50) throw new Error('damaged central directory')
    const method = archive.readUInt16LE(entry + 10)
    const compressedSize = archive.readUInt32LE(entry + 20)
    const nameLength = archive.readUInt16LE(entry + 28)
    const extraLength = archive.readUInt16LE(entry + 30)
    const commentLength = archive.readUInt16LE(entry + 32)
    const local = archive.readUInt32LE(entry + 42)
    const name = archive.subarray(entry + 46, entry + 46 + nameLength).toString('utf8')
    const dataStart =
      local + 30 + archive.readUInt16LE(local + 26) + archive.readUInt16LE(local + 28)
    const data = archive.subarray(dataStart, dataStart + compressedSize)
    files.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data))
    entry += 46 + nameLength + extraLength + commentLength
  }
  return files
}

describe('zipFiles', () => {
  it('puts the files, by their own names, into one archive of the name given, in a new folder', async () => {
    const large = Buffer.alloc(3 * 1024 * 1024, 'EDI ')
    const paths = [file('one/orders.xml', '<orders/>'), file('two/large.edi', large)]
    const archive = await zipped(paths, 'orders.zip')
    expect(basename(archive)).toBe('orders.zip')
    expect(dirname(archive)).not.toBe(dirname(paths[0] ?? ''))
    const files = unzipped(readFileSync(archive))
    expect([...files.keys()]).toEqual(['orders.xml', 'large.edi'])
    expect(files.get('orders.xml')?.toString()).toBe('<orders/>')
    expect(files.get('large.edi')?.equals(large)).toBe(true)
  })

  it('makes a folder of its own for each archive, so two of the same name do not meet', async () => {
    const path = file('again.txt', 'again')
    const first = await zipped([path], 'same.zip')
    const second = await zipped([path], 'SAME.ZIP')
    expect(dirname(first)).not.toBe(dirname(second))
    expect(unzipped(readFileSync(second)).get('again.txt')?.toString()).toBe('again')
  })

  it.each(['orders.txt', 'orders', '.zip', 'a/b.zip', 'a\\b.zip', '../orders.zip'])(
    'refuses the archive name %j',
    async (name) => {
      await expect(zipped([file('x.txt', 'x')], name)).rejects.toMatchObject({
        kind: 'invalid-input',
        message: 'The archive name must end in .zip and contain no "/" or "\\".',
      })
    },
  )

  it('refuses a folder, a missing file and two files of the same name, zipping nothing', async () => {
    mkdirSync(join(dir, 'a folder'), { recursive: true })
    await expect(zipped([join(dir, 'a folder')], 'x.zip')).rejects.toMatchObject({
      kind: 'invalid-input',
      message: 'a folder is a folder. Send the files inside it instead; nothing was sent.',
    })
    const missing = join(dir, 'missing.txt')
    await expect(zipped([missing], 'x.zip')).rejects.toMatchObject({
      kind: 'not-found',
      message: `Could not read ${JSON.stringify(missing)} on this computer: it does not exist.`,
    })
    await expect(
      zipped([file('first/a.txt', '1'), file('second/a.txt', '2')], 'x.zip'),
    ).rejects.toMatchObject({
      kind: 'invalid-input',
      message: 'Two of the files are named a.txt; nothing was sent.',
    })
  })
})

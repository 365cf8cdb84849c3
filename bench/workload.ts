/**
 * The benchmark's data and its checks: files made once with random content and their SHA-256,
 * put on a server by hard links (instant, and a tool deleting its copy leaves ours), and the
 * byte-for-byte proof after every run: what arrived hashes to what was sent, nothing more or
 * less arrived, and a pickup left the server's folder empty.
 */
import { createHash, randomBytes, randomFillSync } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { chown, link, mkdir, open, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'

/** Files of the same content each run: name -> SHA-256 (hex). */
export interface FileSet {
  readonly dir: string
  readonly hashes: ReadonlyMap<string, string>
  readonly paths: readonly string[]
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex')

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path, { highWaterMark: 4 * 1024 * 1024 }))
    hash.update(chunk as Buffer)
  return hash.digest('hex')
}

/** `count` files of `size` random bytes, named like a gateway's EDI files. */
export async function makeSmallFiles(dir: string, count: number, size: number): Promise<FileSet> {
  await mkdir(dir, { recursive: true })
  const hashes = new Map<string, string>()
  const paths: string[] = []
  for (let index = 0; index < count; index += 1) {
    const name = `order-${String(index).padStart(5, '0')}.edi`
    const content = randomBytes(size)
    await writeFile(join(dir, name), content)
    hashes.set(name, sha256(content))
    paths.push(join(dir, name))
  }
  return { dir, hashes, paths }
}

/** `count` empty files: a folder to list. */
export async function makeEmptyFiles(dir: string, count: number): Promise<void> {
  await mkdir(dir, { recursive: true })
  for (let index = 0; index < count; index += 1)
    await writeFile(join(dir, `entry-${String(index).padStart(5, '0')}.txt`), '')
}

/** One file of `bytes` random bytes, written in 8 MiB chunks, so it never sits in memory. */
export async function makeLargeFile(dir: string, name: string, bytes: number): Promise<FileSet> {
  await mkdir(dir, { recursive: true })
  const path = join(dir, name)
  const file = await open(path, 'w')
  const hash = createHash('sha256')
  const chunk = Buffer.alloc(8 * 1024 * 1024)
  try {
    for (let written = 0; written < bytes; written += chunk.length) {
      const part = chunk.subarray(0, Math.min(chunk.length, bytes - written))
      randomFillSync(part)
      hash.update(part)
      await file.write(part)
    }
  } finally {
    await file.close()
  }
  return { dir, hashes: new Map([[name, hash.digest('hex')]]), paths: [path] }
}

/**
 * Gives the files to the server's login user (a hard link shares the owner), so a server that
 * runs the session as that user may read and delete them.
 */
export async function ownAs(set: FileSet, folderOnServer: string): Promise<void> {
  const { uid, gid } = await stat(folderOnServer)
  for (const path of set.paths) await chown(path, uid, gid)
}

/** Puts every file of the set into a folder on the server (the server's jail on disk). */
export async function placeOnServer(set: FileSet, folderOnServer: string): Promise<void> {
  for (const path of set.paths) await link(path, join(folderOnServer, basename(path)))
}

/** Empties a folder (on the server, or a local download folder) between runs. */
export async function emptyFolder(folder: string): Promise<void> {
  for (const name of await readdir(folder)) await rm(join(folder, name), { recursive: true })
}

/**
 * Proves a run: `folder` holds exactly the set's names (no part files, no extras), each with
 * the content that was sent. Throws, naming the first difference.
 */
export async function verifyArrived(set: FileSet, folder: string, what: string): Promise<void> {
  const names = (await readdir(folder)).sort()
  const expected = [...set.hashes.keys()].sort()
  if (names.length !== expected.length || names.some((name, index) => name !== expected[index]))
    throw new Error(
      `${what}: ${folder} holds ${names.length} entries, expected ${expected.length} (first: ${names.find((name) => !set.hashes.has(name)) ?? expected.find((name) => !names.includes(name))})`,
    )
  for (const name of names) {
    const path = join(folder, name)
    const actual = set.hashes.size === 1 ? await sha256File(path) : sha256(await readFile(path))
    if (actual !== set.hashes.get(name))
      throw new Error(`${what}: ${name} arrived with different content (SHA-256 ${actual})`)
  }
}

/** Proves that a pickup deleted the server's copies. */
export async function verifyEmpty(folderOnServer: string, what: string): Promise<void> {
  const left = await readdir(folderOnServer)
  if (left.length > 0)
    throw new Error(`${what}: ${left.length} entries left on the server, e.g. ${left[0]}`)
}

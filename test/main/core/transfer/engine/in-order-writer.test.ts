import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Block } from '../../../../../src/main/core/transfer/engine/block-pipeline'
import {
  InOrderWriter,
  PartialDownload,
} from '../../../../../src/main/core/transfer/engine/in-order-writer'

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex')

describe('InOrderWriter', () => {
  const folders: string[] = []
  afterEach(() => {
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
  })
  const scratch = () => {
    const folder = mkdtempSync(join(tmpdir(), 'mailroom-writer-'))
    folders.push(folder)
    return folder
  }
  const blocksOf = (content: Buffer, size: number): Block[] => {
    const blocks: Block[] = []
    for (let position = 0; position < content.length; position += size) {
      const piece = content.subarray(position, position + size)
      // A pooled buffer may be longer than the block in it.
      const buffer = Buffer.alloc(size + 7)
      piece.copy(buffer)
      blocks.push({ position, length: piece.length, buffer })
    }
    return blocks
  }

  it('writes and hashes blocks that arrive in any order, in file order, releasing each once', async () => {
    const content = randomBytes(10 * 1000 + 3)
    const path = join(scratch(), 'part')
    const file = await open(path, 'wx')
    const partial = new PartialDownload()
    const released: number[] = []
    const saved: number[] = []
    const writer = new InOrderWriter(file, partial, {
      release: (block) => released.push(block.position),
      saved: (bytes) => saved.push(bytes),
      failed: (error) => {
        throw error
      },
    })
    const blocks = blocksOf(content, 1000)
    // Every block but the first, backwards; then the first: nothing can be written before it.
    for (const block of blocks.slice(1).reverse()) writer.add(block)
    await writer.settle()
    expect(partial.savedBytes).toBe(0)
    writer.add(blocks[0] as Block)
    await writer.settle()
    await file.close()
    expect(readFileSync(path).equals(content)).toBe(true)
    expect(partial.digest(content.length)).toBe(sha(content))
    expect(released.sort((a, b) => a - b)).toEqual(blocks.map((block) => block.position))
    expect(saved.at(-1)).toBe(content.length)
    expect([...saved].sort((a, b) => a - b)).toEqual(saved)
  })

  it('carries on after the bytes a partial download saved', async () => {
    const content = randomBytes(4000)
    const path = join(scratch(), 'part')
    const partial = new PartialDownload()
    const blocks = blocksOf(content, 1000)
    const hooks = { release: () => {}, saved: () => {}, failed: () => {} }
    let file = await open(path, 'wx')
    let writer = new InOrderWriter(file, partial, hooks)
    writer.add(blocks[0] as Block)
    writer.add(blocks[2] as Block)
    await writer.settle()
    await file.close()
    expect(partial.savedBytes).toBe(1000)

    file = await open(path, 'r+')
    await file.truncate(partial.savedBytes)
    writer = new InOrderWriter(file, partial, hooks)
    for (const block of blocks.slice(1)) writer.add(block)
    await writer.settle()
    await file.close()
    expect(readFileSync(path).equals(content)).toBe(true)
    expect(partial.digest(content.length)).toBe(sha(content))
  })

  it('stops at a write that fails, saying so, with the saved bytes what is on disk', async () => {
    const content = randomBytes(3000)
    const path = join(scratch(), 'part')
    // A closed file handle: every write fails.
    const file = await open(path, 'wx')
    await file.close()
    const partial = new PartialDownload()
    const failures: unknown[] = []
    const writer = new InOrderWriter(file, partial, {
      release: () => {},
      saved: () => {},
      failed: (error) => failures.push(error),
    })
    for (const block of blocksOf(content, 1000)) writer.add(block)
    await expect(writer.settle()).rejects.toBeDefined()
    expect(failures).toHaveLength(1)
    expect(partial.savedBytes).toBe(0)
  })
})

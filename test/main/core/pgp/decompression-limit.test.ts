import { statfsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  decompressionLimit,
  FREE_SPACE_RESERVE,
} from '../../../../src/main/core/pgp/decompression-limit'

describe('decompressionLimit', () => {
  it("is the folder's free space less the reserve, or a lower cap", async () => {
    const stats = statfsSync(tmpdir())
    const free = Number(stats.bavail) * Number(stats.bsize)
    const limit = await decompressionLimit(tmpdir())
    // Other programs write meanwhile: within 64 MiB of what was just measured.
    expect(Math.abs(limit - Math.max(0, free - FREE_SPACE_RESERVE))).toBeLessThan(64 * 1024 * 1024)
    expect(await decompressionLimit(tmpdir(), 1000)).toBe(1000)
  })

  it('says so when the folder is not there', async () => {
    await expect(
      decompressionLimit(join(tmpdir(), 'no-such-folder-mailroom')),
    ).rejects.toMatchObject({
      kind: 'not-found',
    })
  })
})

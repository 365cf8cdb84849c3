import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FuseV1Options, FuseVersion, flipFuses } from '@electron/fuses'
import { afterAll, describe, expect, it } from 'vitest'
import { fuseFile, inspectFuseIsOn } from '../../../src/main/shell/inspect-fuse'

const dir = mkdtempSync(join(tmpdir(), 'mailroom-fuse-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'
let made = 0

/**
 * A stand-in for Electron's executable: random bytes with Electron 45's fuse wire (version 1, nine
 * fuses, all off) at `at`, its inspect fuse then set by @electron/fuses, as the after-pack hook
 * and scripts/make-inspectable-copy.mjs set it on a real one.
 */
async function executable(at: number, inspect: boolean): Promise<string> {
  made += 1
  const path = join(dir, `electron-${made}`)
  const wire = Buffer.concat([Buffer.from(SENTINEL), Buffer.from([1, 9]), Buffer.from('000000000')])
  writeFileSync(path, Buffer.concat([randomBytes(at), wire, randomBytes(1000)]))
  await flipFuses(path, {
    version: FuseVersion.V1,
    [FuseV1Options.EnableNodeCliInspectArguments]: inspect,
  })
  return path
}

/** The fuse is the mark of the build workflow's inspectable copy (launch-guard.ts). */
describe('inspectFuseIsOn', () => {
  it('reads the inspect fuse as @electron/fuses set it, on or off', async () => {
    expect(inspectFuseIsOn(await executable(1000, true))).toBe(true)
    expect(inspectFuseIsOn(await executable(1000, false))).toBe(false)
  })

  it('finds the wire past the first read and across the seam of two reads', async () => {
    const chunk = 4 * 1024 * 1024
    for (const at of [chunk + 5000, chunk - 10, chunk - SENTINEL.length - 1])
      expect(inspectFuseIsOn(await executable(at, true)), String(at)).toBe(true)
  })

  it('says off for a file with no fuse wire, or none at all', () => {
    const plain = join(dir, 'plain')
    writeFileSync(plain, randomBytes(5000))
    expect(inspectFuseIsOn(plain)).toBe(false)
    expect(inspectFuseIsOn(join(dir, 'missing'))).toBe(false)
  })

  it('looks in Electron’s framework inside a macOS bundle, in the executable elsewhere', () => {
    expect(fuseFile('/Applications/Mailroom.app/Contents/MacOS/Mailroom', 'darwin')).toBe(
      '/Applications/Mailroom.app/Contents/Frameworks/Electron Framework.framework/Electron Framework',
    )
    expect(fuseFile('/opt/Mailroom/mailroom', 'linux')).toBe('/opt/Mailroom/mailroom')
  })
})

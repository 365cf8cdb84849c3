import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

/** The committed icons are exactly what scripts/make-icons.mjs makes from resources/icon.svg. */

type Maker = {
  PNG_SIZES: number[]
  makeIcons: (outDir: string) => string[]
  renderPng: (svg: Buffer, size: number) => Buffer
}
const maker = () => import(resolve('scripts/make-icons.mjs')) as Promise<Maker>
const out = mkdtempSync(join(tmpdir(), 'mailroom-icons-'))
afterAll(() => rmSync(out, { recursive: true, force: true }))

/** Width and height from a PNG's IHDR chunk. */
const pngSize = (png: Buffer) => [png.readUInt32BE(16), png.readUInt32BE(20)]

describe('the icons', () => {
  it('are rebuilt byte for byte from the SVG, so none was edited by hand', async () => {
    const written = (await maker()).makeIcons(out)
    expect(written.length).toBeGreaterThan(3)
    for (const file of written) {
      const committed = join('resources', file.slice(out.length + 1))
      expect(readFileSync(file).equals(readFileSync(committed)), committed).toBe(true)
    }
  })

  it('come from icon.svg: the 256 px PNG is the SVG rendered at 256 px', async () => {
    const { renderPng } = await maker()
    const fromSvg = renderPng(readFileSync('resources/icon.svg'), 256)
    expect(fromSvg.equals(readFileSync('resources/icons/256x256.png'))).toBe(true)
    // And not from some other picture: a changed SVG renders differently.
    const other = Buffer.from(
      readFileSync('resources/icon.svg', 'utf8').replace('#2f6fdb', '#000000'),
    )
    expect(renderPng(other, 256).equals(fromSvg)).toBe(false)
  })

  it('have every PNG size, at its size', async () => {
    for (const size of (await maker()).PNG_SIZES) {
      expect(pngSize(readFileSync(`resources/icons/${size}x${size}.png`))).toEqual([size, size])
    }
  })

  it('include a Windows ICO with a 256 px image, as NSIS and Explorer need', () => {
    const ico = readFileSync('resources/icon.ico')
    expect(ico.readUInt16LE(0)).toBe(0) // reserved
    expect(ico.readUInt16LE(2)).toBe(1) // type 1: icon
    const count = ico.readUInt16LE(4)
    const sizes = Array.from({ length: count }, (_, i) => ico[6 + 16 * i] || 256)
    expect(sizes).toEqual(expect.arrayContaining([16, 32, 48, 256]))
  })

  it('include a macOS ICNS whose length field is its length, with 512 and 1024 px images', () => {
    const icns = readFileSync('resources/icon.icns')
    expect(icns.subarray(0, 4).toString('latin1')).toBe('icns')
    expect(icns.readUInt32BE(4)).toBe(icns.length)
    const types: string[] = []
    for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4)) {
      types.push(icns.subarray(at, at + 4).toString('latin1'))
    }
    // ic09 is 512 px, ic10 is 1024 px (512@2x).
    expect(types).toEqual(expect.arrayContaining(['ic09', 'ic10']))
  })
})

// Makes every icon the installers need from the one source image, resources/icon.svg, so no icon
// is ever drawn or exported by hand: PNGs for Linux (electron-builder takes a folder of
// <size>x<size>.png), icon.ico for the Windows executable and installer, icon.icns for macOS.
// Run with `npm run icons` after changing the SVG, and commit what it writes.
// `node scripts/make-icons.mjs <folder>` writes into another folder (the test compares the two).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Resvg } from '@resvg/resvg-js'
import png2icons from 'png2icons'

/** The PNG sizes written to icons/: the freedesktop sizes, and 1024 for the ICO and ICNS. */
export const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024]

const RESOURCES = fileURLToPath(new URL('../resources/', import.meta.url))

/** Renders the SVG at `size` pixels square; resvg draws it without any system font or library. */
export function renderPng(svg, size) {
  return new Resvg(svg, { fitTo: { mode: 'width', value: size }, background: 'rgba(0,0,0,0)' })
    .render()
    .asPng()
}

/** Writes icons/<n>x<n>.png, icon.png, icon.ico and icon.icns into `outDir`; returns their paths. */
export function makeIcons(outDir = RESOURCES, svgPath = join(RESOURCES, 'icon.svg')) {
  const svg = readFileSync(svgPath)
  mkdirSync(join(outDir, 'icons'), { recursive: true })
  const written = []
  const write = (name, data) => {
    if (!data) throw new Error(`png2icons could not make ${name} from ${svgPath}`)
    writeFileSync(join(outDir, name), data)
    written.push(join(outDir, name))
  }
  let largest
  for (const size of PNG_SIZES) {
    const png = renderPng(svg, size)
    write(join('icons', `${size}x${size}.png`), png)
    largest = png
  }
  // The 512 PNG is what the AppImage and the Linux window show; 1024 is what ICO/ICNS scale from.
  write('icon.png', renderPng(svg, 512))
  // BICUBIC scales 1024 down without the ringing of BICUBIC2 at 16 px; 0 colours keeps 32-bit.
  // forWinExe: the ICO layout (BMP below 256, PNG at 256) that Windows Explorer and NSIS read.
  write('icon.ico', png2icons.createICO(largest, png2icons.BICUBIC, 0, false, true))
  write('icon.icns', png2icons.createICNS(largest, png2icons.BICUBIC, 0))
  return written
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = process.argv[2] ? resolve(process.argv[2]) : RESOURCES
  for (const file of makeIcons(outDir)) console.log(`wrote ${file}`)
}

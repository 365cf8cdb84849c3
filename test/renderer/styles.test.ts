import { describe, expect, it } from 'vitest'

// The renderer's tests are typed without Node (tsconfig.web.json), and Vitest turns an imported
// stylesheet into an empty string: the file is read with the one Node call needed, typed here.
declare const process: {
  cwd(): string
  getBuiltinModule(id: 'node:fs'): { readFileSync(path: string, encoding: 'utf8'): string }
}
const css = process
  .getBuiltinModule('node:fs')
  .readFileSync(`${process.cwd()}/src/renderer/styles.css`, 'utf8')

const COLOR_SOURCE =
  '#[0-9a-f]{3,8}\\b|\\b(?:rgba?|hsla?|oklch|lab|lch)\\(|(?<![\\w-])(?:white|black|red|blue|green|gray|grey)(?![\\w-])'
const isColor = (value: string) => new RegExp(COLOR_SOURCE, 'i').test(value)

/** The custom properties a `:root` block sets, by name. */
function themeBlock(source: string): Map<string, string> {
  return new Map(
    [...source.matchAll(/^\s*(--[a-z0-9-]+):\s*([^;]+);/gim)].map((match) => [
      match[1] ?? '',
      match[2] ?? '',
    ]),
  )
}

describe('styles.css', () => {
  it('is the stylesheet', () => expect(css).toContain('.file-table'))

  it('takes every color from a custom property, so the dark theme can change them all', () => {
    const withoutProperties = css
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*--[a-z0-9-]+:[^;]+;/gim, '')
    expect(withoutProperties.match(new RegExp(COLOR_SOURCE, 'gi')) ?? []).toEqual([])
  })

  it('gives every color property a dark value, and follows the OS for native controls too', () => {
    const darkStart = css.indexOf('@media (prefers-color-scheme: dark)')
    expect(darkStart).toBeGreaterThan(0)
    const light = themeBlock(css.slice(0, darkStart))
    const dark = themeBlock(css.slice(darkStart))
    const colors = [...light].filter(([, value]) => isColor(value))
    expect(colors.length).toBeGreaterThan(20)
    expect(colors.map(([name]) => name).filter((name) => !dark.has(name))).toEqual([])
    expect(css).toMatch(/:root\s*{[^}]*color-scheme:\s*light dark;/)
  })
})

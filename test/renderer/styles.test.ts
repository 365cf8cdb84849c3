import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const css = readFileSync(resolve(import.meta.dirname, '../../src/renderer/styles.css'), 'utf8')
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

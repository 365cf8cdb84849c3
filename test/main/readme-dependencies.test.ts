import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

/** Each runtime dependency is justified in one line of the README's dependency table. */
describe("the README's dependency table", () => {
  const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as {
    dependencies: Record<string, string>
  }
  const readme = readFileSync('README.md', 'utf8')
  const section = readme.slice(
    readme.indexOf('## Dependencies'),
    readme.indexOf('Development only:'),
  )
  const rows = section.split('\n').filter((line) => line.startsWith('| `'))

  it.each(Object.keys(manifest.dependencies))('has a line for %s', (name) => {
    expect(rows.some((row) => row.split('|')[1]?.includes(`\`${name}\``))).toBe(true)
  })
})

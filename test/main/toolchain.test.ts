import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

/** One Node version, said the same way everywhere: the tests run on the major Electron embeds. */
describe('the toolchain', () => {
  const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as {
    engines: { node: string }
    devDependencies: Record<string, string>
  }
  const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
    packages: Record<string, { version?: string; engines?: { node?: string } }>
  }
  const pinned = readFileSync('.nvmrc', 'utf8').trim()

  it('runs the tests on the Node that .nvmrc, engines, the lockfile and the workflow name', () => {
    expect(process.version).toBe(`v${pinned}`)
    expect(manifest.devDependencies.node).toBe(pinned)
    expect(lock.packages['node_modules/node']?.version).toBe(pinned)
    expect(manifest.engines.node).toBe(`>=${pinned} <${Number(pinned.split('.')[0]) + 1}`)
    expect(lock.packages['']?.engines?.node).toBe(manifest.engines.node)
    expect(readFileSync('.github/workflows/test.yml', 'utf8')).toContain(
      'node-version-file: .nvmrc',
    )
  })

  it('builds against a supported Electron major (one of the three latest: 43 to 45)', () => {
    const major = Number(lock.packages['node_modules/electron']?.version?.split('.')[0])
    expect(major).toBeGreaterThanOrEqual(43)
  })
})

import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const run = promisify(execFile)
// The command npm runs as `depcruise`, run by this test's own Node (24: the project's `node`).
const DEPCRUISE = 'node_modules/dependency-cruiser/bin/dependency-cruiser.mjs'

/** The lint stage's import-cycle check, as `npm run lint:cycles` runs it, over one folder. */
async function checkCycles(folder: string): Promise<{ failed: boolean; output: string }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      [DEPCRUISE, '--config', '.dependency-cruiser.mjs', folder],
      { encoding: 'utf8' },
    )
    return { failed: false, output: stdout + stderr }
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string }
    return { failed: true, output: stdout + stderr }
  }
}

describe('the import-cycle check', () => {
  it('is part of npm run lint, over all of src/ with this configuration', () => {
    const { scripts } = JSON.parse(readFileSync('package.json', 'utf8')) as {
      scripts: Record<string, string>
    }
    expect(scripts['lint']).toContain('npm run --silent lint:cycles')
    expect(scripts['lint:cycles']).toBe('depcruise --config .dependency-cruiser.mjs src')
  })

  it('fails on a circle that is type-only on one side, naming both files', async () => {
    const { failed, output } = await checkCycles('test/fixtures/import-cycles/type-only-cycle')
    expect(failed).toBe(true)
    expect(output).toContain('no-circular')
    expect(output).toMatch(
      /platform-owner\.ts[\s\S]*platform-user\.ts|platform-user\.ts[\s\S]*platform-owner\.ts/,
    )
  })

  it('passes the same files once the shared type has a file of its own', async () => {
    const { failed, output } = await checkCycles('test/fixtures/import-cycles/no-cycle')
    expect(output).not.toContain('no-circular')
    expect(failed).toBe(false)
  })
})

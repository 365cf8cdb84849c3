import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, win32 } from 'node:path'
import type { ParsedKey } from 'ssh2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PageantAgent, pagentPath } from '../../../../src/main/core/sftp/pageant-agent'

describe('pagentPath', () => {
  it("is ssh2's own helper where ssh2 is a plain folder", () => {
    expect(pagentPath('/app/node_modules/ssh2/lib/index.js')).toBe(
      '/app/node_modules/ssh2/util/pagent.exe',
    )
  })

  it('is the unpacked copy beside app.asar, from which a program can start', () => {
    expect(
      pagentPath(
        'C:\\Users\\a\\AppData\\Local\\Programs\\Mailroom\\resources\\app.asar\\node_modules\\ssh2\\lib\\index.js',
        win32,
      ),
    ).toBe(
      'C:\\Users\\a\\AppData\\Local\\Programs\\Mailroom\\resources\\app.asar.unpacked\\node_modules\\ssh2\\util\\pagent.exe',
    )
    expect(pagentPath('/opt/Mailroom/resources/app.asar/node_modules/ssh2/lib/index.js')).toBe(
      '/opt/Mailroom/resources/app.asar.unpacked/node_modules/ssh2/util/pagent.exe',
    )
  })

  it('finds the helper ssh2 ships in this checkout', async () => {
    const { existsSync } = await import('node:fs')
    expect(existsSync(pagentPath())).toBe(true)
  })
})

/**
 * The exchange with Pageant through stand-ins for pagent.exe (shell scripts that answer as it
 * does), since Pageant runs on Windows only; windows-agents.test.ts runs the real helper there.
 */
const onUnix = process.platform === 'win32' ? describe.skip : describe
if (process.platform === 'win32')
  console.warn(
    'Skipping the pagent.exe stand-ins: they are shell scripts; windows-agents.test.ts runs the real one.',
  )
onUnix('PageantAgent', () => {
  let dir: string
  const helper = (name: string, script: string) => {
    const path = join(dir, name)
    writeFileSync(path, `#!/bin/sh\n${script}\n`)
    chmodSync(path, 0o755)
    return path
  }
  const identities = (agent: PageantAgent) =>
    new Promise<ParsedKey[]>((resolve, reject) =>
      agent.getIdentities((error, keys) =>
        error ? reject(error) : resolve((keys ?? []) as ParsedKey[]),
      ),
    )
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mailroom-pageant-'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('says Pageant is not running when its helper says so (exit 11)', async () => {
    const agent = new PageantAgent(helper('not-running', 'cat > /dev/null; exit 11'))
    await expect(identities(agent)).rejects.toThrow('Pageant is not running')
  })

  it('hands the helper the whole request with its length, and reads the answer it prints', async () => {
    const got = join(dir, 'request.bin')
    const args = join(dir, 'args.txt')
    // SSH_AGENT_IDENTITIES_ANSWER (12) with no keys: length 5, type 12, count 0.
    const agent = new PageantAgent(
      helper(
        'answers',
        `echo "$1" > '${args}'; cat > '${got}'; printf '\\000\\000\\000\\005\\014\\000\\000\\000\\000'`,
      ),
    )
    expect(await identities(agent)).toEqual([])
    const { readFileSync } = await import('node:fs')
    // SSH_AGENTC_REQUEST_IDENTITIES (11): length 1, type 11; pagent.exe is told 5 bytes.
    expect([...readFileSync(got)]).toEqual([0, 0, 0, 1, 11])
    expect(readFileSync(args, 'utf8').trim()).toBe('5')
  })

  it('says which helper could not be started', async () => {
    const agent = new PageantAgent(join(dir, 'no-such-pagent.exe'))
    await expect(identities(agent)).rejects.toThrow(
      `Pageant's helper ${join(dir, 'no-such-pagent.exe')} could not be started`,
    )
  })
})

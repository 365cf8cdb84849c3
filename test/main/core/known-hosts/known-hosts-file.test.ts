import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { hostKeysFromKnownHosts } from '../../../../src/main/core/known-hosts/known-hosts-file'
import { sshKeygenFingerprint } from '../../../fixtures/key-files'

describe('hostKeysFromKnownHosts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mailroom-known-hosts-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const key = (name: string) => {
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, name)])
    const [type, blob] = readFileSync(join(dir, `${name}.pub`), 'utf8').split(' ')
    const fingerprint = sshKeygenFingerprint(join(dir, `${name}.pub`))
    return { line: `${type} ${blob}`, type, fingerprint }
  }

  it('finds plain and [host]:port entries, and hashed ones as ssh-keygen -H writes them', () => {
    const a = key('a')
    const b = key('b')
    const c = key('c')
    const file = join(dir, 'known_hosts')
    writeFileSync(
      file,
      [
        `sftp.example.com,10.0.0.1 ${a.line}`,
        `[sftp.example.com]:2222 ${b.line}`,
        `other.example ${c.line}`,
        `@revoked sftp.example.com ${c.line}`,
        '# comment',
        '',
      ].join('\n'),
    )
    expect(hostKeysFromKnownHosts(readFileSync(file, 'utf8'), 'sftp.example.com', 22)).toEqual([
      { type: a.type, fingerprint: a.fingerprint },
    ])
    expect(hostKeysFromKnownHosts(readFileSync(file, 'utf8'), 'SFTP.example.com', 2222)).toEqual([
      { type: b.type, fingerprint: b.fingerprint },
    ])

    execFileSync('ssh-keygen', ['-H', '-f', file], { stdio: 'ignore' })
    const hashed = readFileSync(file, 'utf8')
    expect(hashed.split('\n').slice(0, 3).join('\n')).not.toContain('example')
    expect(hostKeysFromKnownHosts(hashed, 'sftp.example.com', 22)).toEqual([
      { type: a.type, fingerprint: a.fingerprint },
    ])
    expect(hostKeysFromKnownHosts(hashed, 'sftp.example.com', 2222)).toEqual([
      { type: b.type, fingerprint: b.fingerprint },
    ])
    expect(hostKeysFromKnownHosts(hashed, 'nowhere.example', 22)).toEqual([])
  })
})

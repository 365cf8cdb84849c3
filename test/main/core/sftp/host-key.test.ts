import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { describeHostKey } from '../../../../src/main/core/sftp/host-key'
import { sshKeygenFingerprint } from '../../../fixtures/key-files'

describe('describeHostKey', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mailroom-hostkey-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it.each([
    ['ed25519', 'ssh-ed25519'],
    ['ecdsa', 'ecdsa-sha2-nistp256'],
    ['rsa', 'ssh-rsa'],
  ])('matches ssh-keygen -lf for a %s key', (type, sshType) => {
    const key = join(dir, `key_${type}`)
    execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-f', key])
    const blob = Buffer.from(readFileSync(`${key}.pub`, 'utf8').split(' ')[1] ?? '', 'base64')
    const printed = sshKeygenFingerprint(`${key}.pub`)
    expect(describeHostKey(blob)).toEqual({ type: sshType, fingerprint: printed })
  })

  it('says "unknown" for a blob too short to hold a type', () => {
    expect(describeHostKey(Buffer.from([0, 0, 0, 99, 1])).type).toBe('unknown')
  })
})

import { describe, expect, it } from 'vitest'
import { createLineLogger, redact } from '../../../../src/main/core/logging/logger'

describe('redact', () => {
  it('masks fields that may hold secrets, at any depth, but keeps a key file path', () => {
    expect(
      redact({
        passphrase: 'hunter2',
        nested: { password: 'x', privateKey: 'y', privateKeyPath: '/keys/id' },
        host: 'h',
      }),
    ).toEqual({
      passphrase: '[redacted]',
      nested: { password: '[redacted]', privateKey: '[redacted]', privateKeyPath: '/keys/id' },
      host: 'h',
    })
  })

  it("masks the answers to a server's login questions, which may hold the password", () => {
    expect(redact({ promptId: 'p-1', answers: ['hunter2', '123456'] })).toEqual({
      promptId: 'p-1',
      answers: '[redacted]',
    })
  })

  it('removes private key blocks from free text and PPK private lines', () => {
    const text =
      'read -----BEGIN OPENSSH PRIVATE KEY-----\nAAAAsecret\n-----END OPENSSH PRIVATE KEY----- done'
    expect(redact(text)).toBe('read [private key redacted] done')
    expect(redact('Private-Lines: 1\nAAAAsecret\nPrivate-MAC: ab')).not.toContain('AAAAsecret')
  })

  it('never writes buffers, only their length', () => {
    expect(redact({ data: Buffer.from('secret bytes') })).toEqual({ data: '[12 bytes]' })
  })

  it('writes one redacted JSON line per entry', () => {
    const lines: string[] = []
    createLineLogger((line) => lines.push(line)).warn('Login failed', {
      passphrase: 'hunter2',
      host: 'sftp.example.com',
    })
    expect(lines).toHaveLength(1)
    const entry = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>
    expect(entry).toMatchObject({
      level: 'warn',
      message: 'Login failed',
      context: { passphrase: '[redacted]', host: 'sftp.example.com' },
    })
    expect(lines[0]).not.toContain('hunter2')
  })
})

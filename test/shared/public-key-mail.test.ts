import { describe, expect, it } from 'vitest'
import {
  isPublicKeyLine,
  isPublicKeyMailto,
  publicKeyMailto,
} from '../../src/shared/public-key-mail'

const KEY =
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMtXpfm4W7z1ks8PV0fJqbU0wDkKB2Ug0t8cE6dXvLhG acme key'

describe('the public key mail', () => {
  it('is a new mail with no recipient, the subject, and the key line alone as its body', () => {
    const url = publicKeyMailto('SFTP key for 2001234 & co', KEY)
    const parsed = new URL(url)
    expect(parsed.protocol).toBe('mailto:')
    expect(parsed.pathname).toBe('')
    expect([...parsed.searchParams.keys()]).toEqual(['subject', 'body'])
    expect(parsed.searchParams.get('subject')).toBe('SFTP key for 2001234 & co')
    expect(decodeURIComponent(url.split('&body=')[1] ?? '')).toBe(KEY)
    expect(isPublicKeyMailto(url)).toBe(true)
  })

  it('takes the key types OpenSSH and the gateways take, and only one line of one key', () => {
    expect(isPublicKeyLine('ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ==')).toBe(true)
    expect(isPublicKeyLine('ecdsa-sha2-nistp256 AAAAE2VjZHNh')).toBe(true)
    expect(isPublicKeyLine('ssh-dss AAAAB3NzaC1kc3M=')).toBe(false)
    expect(isPublicKeyLine('-----BEGIN OPENSSH PRIVATE KEY-----')).toBe(false)
    expect(isPublicKeyLine(`${KEY}\n${KEY}`)).toBe(false)
    expect(isPublicKeyLine('ssh-ed25519 not-base64!')).toBe(false)
    expect(() => publicKeyMailto('x', 'hello')).toThrow(/public key line/)
    expect(() => publicKeyMailto('two\nlines', KEY)).toThrow(/one-line subject/)
  })
})

import { describe, expect, it } from 'vitest'
import {
  authSummary,
  connectionSummary,
} from '../../../src/renderer/profiles/login-and-route-words'

describe("the folded sections' one-line summaries", () => {
  it('say how the profile logs in, and where its password is', () => {
    expect(authSummary({ method: 'key' })).toBe('Logs in with its key')
    expect(authSummary({ method: 'password', remember: true })).toBe(
      'Logs in with a password, kept in the keychain',
    )
    expect(authSummary({ method: 'key-and-password', remember: false })).toBe(
      'Logs in with its key, then a password asked at every connect',
    )
    expect(authSummary({ method: 'agent' })).toBe("Logs in with the SSH agent's keys")
  })

  it('say which way the connection goes, in order', () => {
    expect(connectionSummary({ kind: 'none' }, [])).toBe('Straight to the server')
    const jump = { host: 'bastion', port: 22, username: 'u', keyId: null }
    expect(
      connectionSummary({ kind: 'socks5', host: 'proxy.corp', port: 1080 }, [jump, jump]),
    ).toBe('Through SOCKS5 proxy proxy.corp:1080, then 2 jump hosts')
    expect(connectionSummary({ kind: 'system' }, [jump])).toBe(
      "Through the system's proxy, then a jump host",
    )
  })
})

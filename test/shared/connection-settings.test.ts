import { describe, expect, it } from 'vitest'
import { describeWayThrough, proxySetting } from '../../src/shared/connection-settings'

describe('describeWayThrough', () => {
  it('names the proxy, then each jump host in order, and nothing for a straight connection', () => {
    expect(describeWayThrough({ kind: 'none' }, [])).toBe('')
    expect(describeWayThrough({ kind: 'system' }, [])).toBe(" through the system's proxy")
    expect(
      describeWayThrough({ kind: 'socks5', host: 'socks.corp', port: 1080, username: 'a' }, [
        { host: 'bastion', port: 22 },
        { host: 'inner', port: 2222 },
      ]),
    ).toBe(
      ' through the SOCKS5 proxy socks.corp port 1080 and the jump host bastion port 22 and the jump host inner port 2222',
    )
    expect(describeWayThrough({ kind: 'http', host: 'p', port: 3128 }, [])).toBe(
      ' through the HTTP proxy p port 3128',
    )
  })
})

describe('proxySetting', () => {
  it('keeps no password: a proxy login is a user name here, its password in the keychain', () => {
    expect(
      proxySetting.safeParse({ kind: 'http', host: 'p', port: 3128, username: 'a', password: 'x' })
        .success,
    ).toBe(false)
  })
})

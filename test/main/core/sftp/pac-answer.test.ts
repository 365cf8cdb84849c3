import { describe, expect, it } from 'vitest'
import { readPacAnswer } from '../../../../src/main/core/sftp/pac-answer'

const target = { host: 'sftp.example.com', port: 22 }

describe('readPacAnswer', () => {
  it('goes straight for DIRECT or no answer', () => {
    expect(readPacAnswer('DIRECT', target)).toEqual({ kind: 'direct' })
    expect(readPacAnswer(' direct ; PROXY proxy:8080', target)).toEqual({ kind: 'direct' })
    expect(readPacAnswer('', target)).toEqual({ kind: 'direct' })
  })

  it('takes PROXY (and HTTP) as an HTTP proxy, SOCKS and SOCKS5 as a SOCKS proxy, first entry first', () => {
    expect(readPacAnswer('PROXY proxy.corp:8080; DIRECT', target)).toEqual({
      kind: 'http',
      host: 'proxy.corp',
      port: 8080,
    })
    expect(readPacAnswer('HTTP proxy.corp:3128', target)).toMatchObject({ kind: 'http' })
    expect(readPacAnswer('SOCKS5 socks.corp:1080; PROXY proxy.corp:8080', target)).toEqual({
      kind: 'socks5',
      host: 'socks.corp',
      port: 1080,
    })
    expect(readPacAnswer('SOCKS [2001:db8::1]:1080', target)).toEqual({
      kind: 'socks5',
      host: '2001:db8::1',
      port: 1080,
    })
  })

  it('names an HTTPS or QUIC proxy it cannot use, and what to ask IT for', () => {
    expect(() => readPacAnswer('HTTPS secure.corp:443; DIRECT', target)).toThrow(
      expect.objectContaining({
        kind: 'not-supported',
        message: expect.stringMatching(
          /through an HTTPS proxy \(secure\.corp:443\), one reached over TLS, which Mailroom cannot use\. Ask IT for an HTTP proxy .* or a SOCKS5 proxy/,
        ),
        detail: { route: 'system-proxy', proxyAnswer: 'HTTPS secure.corp:443; DIRECT' },
      }),
    )
    expect(() => readPacAnswer('QUIC quic.corp:443', target)).toThrow(
      /a QUIC proxy \(quic\.corp:443\)/,
    )
    expect(() => readPacAnswer('PROXY no-port', target)).toThrow(/"PROXY no-port"/)
  })
})

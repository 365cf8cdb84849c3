import { describe, expect, it } from 'vitest'
import { readWinScpIni } from '../../../../../src/main/core/profiles/site-import/winscp-ini'

describe('readWinScpIni', () => {
  it('reads SFTP sessions with folders, escaped names and key files, and marks others', () => {
    const ini = [
      '[Configuration\\Interface]',
      'Theme=Light',
      '[Sessions\\Customers/Acme%20Oy]',
      'HostName=sftp.acme.example',
      'PortNumber=2222',
      'UserName=acme_1',
      'PublicKeyFile=C:%5CUsers%5Cme%5C.ssh%5Cacme.ppk',
      'FSProtocol=2',
      '[Sessions\\Plain]',
      'HostName=plain.example',
      'UserName=me',
      '[Sessions\\Old%20FTP]',
      'HostName=ftp.example',
      'FSProtocol=5',
      '[Sessions\\Default%20Settings]',
      'HostName=',
    ].join('\r\n')
    expect(readWinScpIni(ini)).toEqual([
      {
        name: 'Acme Oy',
        group: 'Customers',
        host: 'sftp.acme.example',
        port: 2222,
        username: 'acme_1',
        keyPath: 'C:\\Users\\me\\.ssh\\acme.ppk',
        auth: { method: 'key' },
      },
      {
        name: 'Plain',
        group: '',
        host: 'plain.example',
        port: 22,
        username: 'me',
        keyPath: null,
        auth: { method: 'password', remember: false },
      },
      {
        name: 'Old FTP',
        group: '',
        host: 'ftp.example',
        port: 22,
        username: '',
        keyPath: null,
        problem: 'not an SFTP site',
      },
    ])
  })

  it('reads names, folders and key paths with non-ASCII letters as WinSCP writes them', () => {
    // As WinSCP saves them since 5.6.1 (MungeStr in its core/HierarchicalStorage.cpp): a string
    // with non-ASCII letters gets a UTF-8 byte-order mark in front and each byte of it beyond
    // ASCII %XX-escaped, as are spaces, "%", "\\", "*" (not in values), "?" and a leading "."; "/"
    // between folders is not.
    const ini = [
      '[Configuration\\Interface]',
      'RandomSeedFile=%25USERPROFILE%25%5CWinSCP.rnd',
      '',
      '[Sessions\\%EF%BB%BFKunder/Amili%20Kundtj%C3%A4nst]',
      'HostName=sftp.amili.example',
      'UserName=100234',
      'PublicKeyFile=%EF%BB%BFC:%5CUsers%5Canna%5CNycklar%20f%C3%B6r%20Kundtj%C3%A4nst%5Cid_ed25519.ppk',
      'FSProtocol=2',
      '',
      '[Sessions\\%EF%BB%BFG%C3%B6teborg/.intern%20100%25]',
      'HostName=%EF%BB%BFsftp.g%C3%B6teborg.example',
      'UserName=%EF%BB%BFj%C3%B6rgen',
      '',
      // WinSCP before 5.6.1 wrote the Windows code page, with no mark: 0x96 is "–", 0xE4 "ä".
      '[Sessions\\Norr%20%96%20V%E4xj%F6]',
      'HostName=sftp.norr.example',
      '',
      '[Sessions\\%2Ehidden]',
      'HostName=sftp.norr.example',
      '',
      '[Sessions\\Default%20Settings]',
      'HostName=',
      'UserName=%EF%BB%BFstandardanv%C3%A4ndare',
      '',
      '[SshHostKeys]',
      'ssh-ed25519@22:sftp.amili.example=0x1234',
      '',
    ].join('\r\n')
    expect(readWinScpIni(ini)).toEqual([
      {
        name: 'Amili Kundtjänst',
        group: 'Kunder',
        host: 'sftp.amili.example',
        port: 22,
        username: '100234',
        keyPath: 'C:\\Users\\anna\\Nycklar för Kundtjänst\\id_ed25519.ppk',
        auth: { method: 'key' },
      },
      {
        name: '.intern 100%',
        group: 'Göteborg',
        host: 'sftp.göteborg.example',
        port: 22,
        username: 'jörgen',
        keyPath: null,
        auth: { method: 'password', remember: false },
      },
      {
        name: 'Norr – Växjö',
        group: '',
        host: 'sftp.norr.example',
        port: 22,
        username: '',
        keyPath: null,
        auth: { method: 'password', remember: false },
      },
      {
        name: '.hidden',
        group: '',
        host: 'sftp.norr.example',
        port: 22,
        username: '',
        keyPath: null,
        auth: { method: 'password', remember: false },
      },
    ])
  })

  it('reads a file with a byte-order mark, and marks sites it cannot import as they are', () => {
    const ini = [
      '\uFEFF[Sessions\\Scp]',
      'HostName=scp.example',
      'FSProtocol=0',
      '[Sessions\\No%20host]',
      'UserName=me',
      'PortNumber=not a port',
      'PublicKeyFile=',
      '[Sessions\\Sftp%20with%20SCP%20fallback]',
      'HostName=old.example',
      'FSProtocol=1',
      '[Configuration\\Interface]',
      'HostName=not.a.site.example',
    ].join('\n')
    expect(readWinScpIni(ini)).toEqual([
      {
        name: 'Scp',
        group: '',
        host: 'scp.example',
        port: 22,
        username: '',
        keyPath: null,
        problem: 'not an SFTP site',
      },
      {
        name: 'No host',
        group: '',
        host: '',
        port: 22,
        username: 'me',
        keyPath: null,
        problem: 'no host name',
      },
      {
        name: 'Sftp with SCP fallback',
        group: '',
        host: 'old.example',
        port: 22,
        username: '',
        keyPath: null,
        auth: { method: 'password', remember: false },
      },
    ])
  })

  it('finds no sites in a file without sessions', () => {
    expect(readWinScpIni('[Configuration\\Interface]\nTheme=Light\n')).toEqual([])
    expect(readWinScpIni('')).toEqual([])
  })

  it('carries its authentication choice, SOCKS5 or HTTP proxy and tunnel (with its key), never a password', () => {
    const ini = [
      '[Sessions\\Through%20SOCKS]',
      'HostName=sftp.partner.example',
      'UserName=me',
      'Password=A35C4A6E6F6E7E',
      'ProxyMethod=2',
      'ProxyHost=socks.corp',
      'ProxyPort=1080',
      'ProxyUsername=alice',
      'ProxyPasswordEnc=A35C4A6E',
      '[Sessions\\Through%20HTTP%20and%20a%20tunnel]',
      'HostName=10.0.0.5',
      'UserName=me',
      'PublicKeyFile=C:%5Ckeys%5Cme.ppk',
      'ProxyMethod=3',
      'Tunnel=1',
      'TunnelHostName=bastion.corp',
      'TunnelPortNumber=2222',
      'TunnelUserName=jumper',
      'TunnelPublicKeyFile=C:%5Ckeys%5Cjump.ppk',
      '[Sessions\\Tunnel%20as%20the%20site]',
      'HostName=10.0.0.6',
      'UserName=me',
      'Tunnel=1',
      'TunnelHostName=bastion.corp',
      'TunnelPasswordPlain=x',
    ].join('\r\n')
    const [socks, http, tunnel] = readWinScpIni(ini)
    expect(socks).toMatchObject({
      auth: { method: 'password', remember: true },
      proxy: { kind: 'socks5', host: 'socks.corp', port: 1080, username: 'alice' },
      notes: [
        'WinSCP kept a password for this site; stored passwords are not imported: enter it in the profile.',
        "WinSCP kept the proxy's password; stored passwords are not imported: enter it in the profile.",
      ],
    })
    expect(JSON.stringify(socks)).not.toContain('A35C')
    expect(http).toMatchObject({
      auth: { method: 'key' },
      // WinSCP's own defaults for a proxy whose host and port it did not write.
      proxy: { kind: 'http', host: 'proxy', port: 80 },
      jumps: [
        { host: 'bastion.corp', port: 2222, username: 'jumper', keyPath: 'C:\\keys\\jump.ppk' },
      ],
    })
    expect(tunnel).toMatchObject({
      auth: { method: 'password', remember: false },
      jumps: [{ host: 'bastion.corp', port: 22, username: 'me', keyPath: null }],
      notes: [expect.stringContaining("WinSCP kept the tunnel's password, which is not imported")],
    })
  })

  it('names what Mailroom cannot do: SOCKS4, Telnet and local proxies, TIS, GSSAPI, no authentication', () => {
    const section = (name: string, ...lines: string[]) => [
      `[Sessions\\${name}]`,
      'HostName=sftp.example',
      ...lines,
    ]
    const sites = readWinScpIni(
      [
        ...section('S4', 'ProxyMethod=1', 'ProxyHost=socks4.corp', 'ProxyPort=1080'),
        ...section('Telnet', 'ProxyMethod=4'),
        ...section(
          'Local',
          'ProxyMethod=5',
          'ProxyLocalCommand=plink%20gw%20-nc%20%25host:%25port',
        ),
        ...section('System', 'ProxyMethod=6'),
        ...section('Odd', 'SshNoUserAuth=1', 'AuthTIS=1', 'AuthGSSAPI=1'),
      ].join('\n'),
    )
    expect(sites.map((site) => [site.name, site.proxy, site.unsupported])).toEqual([
      [
        'S4',
        undefined,
        [
          "WinSCP's SOCKS4 proxy socks4.corp port 1080: Mailroom goes through SOCKS5 and HTTP proxies only, so the site is imported without it.",
        ],
      ],
      [
        'Telnet',
        undefined,
        [
          "WinSCP's Telnet proxy proxy port 80, which Mailroom cannot use: the site is imported without it.",
        ],
      ],
      [
        'Local',
        undefined,
        [
          'WinSCP\'s local proxy command "plink gw -nc %host:%port", which Mailroom cannot run: the site is imported without it.',
        ],
      ],
      ['System', { kind: 'system' }, undefined],
      [
        'Odd',
        undefined,
        [
          'WinSCP bypasses authentication for this site ("none"), which Mailroom does not do.',
          'TIS or CryptoCard authentication, which Mailroom does not do.',
          'GSSAPI (Kerberos) authentication, which Mailroom does not do.',
        ],
      ],
    ])
  })
})

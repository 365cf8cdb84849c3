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
      },
      { name: 'Plain', group: '', host: 'plain.example', port: 22, username: 'me', keyPath: null },
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
      },
      {
        name: '.intern 100%',
        group: 'Göteborg',
        host: 'sftp.göteborg.example',
        port: 22,
        username: 'jörgen',
        keyPath: null,
      },
      {
        name: 'Norr – Växjö',
        group: '',
        host: 'sftp.norr.example',
        port: 22,
        username: '',
        keyPath: null,
      },
      {
        name: '.hidden',
        group: '',
        host: 'sftp.norr.example',
        port: 22,
        username: '',
        keyPath: null,
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
      },
    ])
  })

  it('finds no sites in a file without sessions', () => {
    expect(readWinScpIni('[Configuration\\Interface]\nTheme=Light\n')).toEqual([])
    expect(readWinScpIni('')).toEqual([])
  })
})

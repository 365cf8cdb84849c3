import { describe, expect, it } from 'vitest'
import { readFileZillaXml } from '../../../../../src/main/core/profiles/site-import/filezilla-xml'
import { readOpenSshConfig } from '../../../../../src/main/core/profiles/site-import/openssh-config'
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
})

describe('readFileZillaXml', () => {
  it('reads SFTP sites in nested folders and marks FTP ones', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<FileZilla3 version="3.66.0">
  <Servers>
    <Folder expanded="1">Customers
      <Folder>Finland
        <Server><Host>sftp.partner.example</Host><Port>22</Port><Protocol>1</Protocol><Type>0</Type><User>007</User><Logontype>5</Logontype><Keyfile>/home/me/.ssh/partner</Keyfile><Name>Partner &amp; Co</Name></Server>
      </Folder>
    </Folder>
    <Server><Host>ftp.example</Host><Port>21</Port><Protocol>0</Protocol><User>me</User><Name>Old</Name></Server>
  </Servers>
</FileZilla3>`
    expect(readFileZillaXml(xml)).toEqual([
      {
        name: 'Old',
        group: '',
        host: 'ftp.example',
        port: 21,
        username: 'me',
        keyPath: null,
        problem: 'not an SFTP site',
      },
      {
        name: 'Partner & Co',
        group: 'Customers/Finland',
        host: 'sftp.partner.example',
        port: 22,
        username: '007',
        keyPath: '/home/me/.ssh/partner',
      },
    ])
  })

  it('says when the file is not FileZilla’s', () => {
    expect(() => readFileZillaXml('<html></html>')).toThrow(/not a FileZilla site manager file/)
  })
})

describe('readOpenSshConfig', () => {
  it('reads each Host line as one site, named after its first alias, with HostName, Port, User and the first IdentityFile', () => {
    const config = [
      'Host partner partner-alias',
      '  HostName sftp.partner.example',
      '  Port 2222',
      '  User acme',
      '  IdentityFile ~/.ssh/partner_ed25519',
      'Host *.internal',
      '  User nobody',
      'Host as2gw as2gateway',
      '  HostName as2.gateway.example',
      'Host * !bastion',
      '  User everyone',
      'Host *.gw gw',
      '  HostName gw.example',
      'Host bare',
      'Host *',
      '  IdentityFile ~/.ssh/id_ed25519',
    ].join('\n')
    expect(readOpenSshConfig(config, '/home/me')).toEqual([
      {
        name: 'partner',
        group: '',
        host: 'sftp.partner.example',
        port: 2222,
        username: 'acme',
        keyPath: '/home/me/.ssh/partner_ed25519',
      },
      {
        name: 'as2gw',
        group: '',
        host: 'as2.gateway.example',
        port: 22,
        username: 'everyone',
        keyPath: '/home/me/.ssh/id_ed25519',
      },
      {
        name: 'gw',
        group: '',
        host: 'gw.example',
        port: 22,
        username: 'everyone',
        keyPath: '/home/me/.ssh/id_ed25519',
      },
      {
        name: 'bare',
        group: '',
        host: 'bare',
        port: 22,
        username: 'everyone',
        keyPath: '/home/me/.ssh/id_ed25519',
      },
    ])
  })
})

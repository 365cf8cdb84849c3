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
  it('reads concrete Host aliases with HostName, Port, User and the first IdentityFile', () => {
    const config = [
      'Host partner partner-alias',
      '  HostName sftp.partner.example',
      '  Port 2222',
      '  User acme',
      '  IdentityFile ~/.ssh/partner_ed25519',
      'Host *.internal',
      '  User nobody',
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
        name: 'partner-alias',
        group: '',
        host: 'sftp.partner.example',
        port: 2222,
        username: 'acme',
        keyPath: '/home/me/.ssh/partner_ed25519',
      },
      {
        name: 'bare',
        group: '',
        host: 'bare',
        port: 22,
        username: '',
        keyPath: '/home/me/.ssh/id_ed25519',
      },
    ])
  })
})

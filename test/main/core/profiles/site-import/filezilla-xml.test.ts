import { describe, expect, it } from 'vitest'
import { readFileZillaXml } from '../../../../../src/main/core/profiles/site-import/filezilla-xml'

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
        auth: { method: 'key' },
      },
    ])
  })

  it('says when the file is not FileZilla’s', () => {
    expect(() => readFileZillaXml('<html></html>')).toThrow(/not a FileZilla site manager file/)
  })

  it('names a site after its host when it has no name, and marks one without a host', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<FileZilla3>
  <Servers>
    <Server><Host>sftp.unnamed.example</Host><Protocol>1</Protocol></Server>
    <Server><Host> </Host><Port>2222</Port><Protocol>1</Protocol><User>u</User><Name>Hostless</Name></Server>
    <Folder>  <Server><Host>inner.example</Host><Port>x</Port><Protocol>1</Protocol><Name>Inner</Name></Server></Folder>
  </Servers>
</FileZilla3>`
    expect(readFileZillaXml(xml)).toEqual([
      {
        name: 'sftp.unnamed.example',
        group: '',
        host: 'sftp.unnamed.example',
        port: 22,
        username: '',
        keyPath: null,
      },
      {
        name: 'Hostless',
        group: '',
        host: '',
        port: 2222,
        username: 'u',
        keyPath: null,
        problem: 'no host name',
      },
      {
        name: 'Inner',
        group: '',
        host: 'inner.example',
        port: 22,
        username: '',
        keyPath: null,
      },
    ])
  })

  it('finds no sites in a site manager file without any, as FileZilla writes it before the first', () => {
    expect(
      readFileZillaXml(
        '<?xml version="1.0" encoding="UTF-8"?>\n<FileZilla3 version="3.66.0" platform="*nix">\n  <Servers />\n</FileZilla3>\n',
      ),
    ).toEqual([])
    expect(readFileZillaXml('<FileZilla3><Servers></Servers></FileZilla3>')).toEqual([])
    expect(() => readFileZillaXml('<FileZilla3 />')).toThrow(/not a FileZilla site manager file/)
    expect(() => readFileZillaXml('<FileZilla3><Settings /></FileZilla3>')).toThrow(
      /not a FileZilla site manager file/,
    )
  })

  it('carries the logon type: normal, ask, interactive, key file; names anonymous and account', () => {
    const server = (logon: string, extra = '') =>
      `<Server><Host>h${logon}.example</Host><Protocol>1</Protocol><User>u</User><Logontype>${logon}</Logontype>${extra}<Name>T${logon}</Name></Server>`
    const xml = `<FileZilla3><Servers>${[
      server('1', '<Pass encoding="base64">c2VjcmV0</Pass>'),
      server('2'),
      server('3'),
      server('5', '<Keyfile>/k</Keyfile>'),
      server('0'),
      server('4'),
    ].join('')}</Servers></FileZilla3>`
    const sites = readFileZillaXml(xml)
    expect(sites.map((site) => [site.name, site.auth, site.unsupported, site.notes])).toEqual([
      [
        'T1',
        { method: 'password', remember: true },
        undefined,
        [
          'FileZilla kept a password for this site; stored passwords are not imported: enter it in the profile.',
        ],
      ],
      ['T2', { method: 'password', remember: false }, undefined, undefined],
      ['T3', { method: 'keyboard-interactive', remember: false }, undefined, undefined],
      ['T5', { method: 'key' }, undefined, undefined],
      [
        'T0',
        { method: 'password', remember: false },
        ['FileZilla logs in to this site anonymously, which SFTP servers do not take.'],
        undefined,
      ],
      [
        'T4',
        { method: 'password', remember: false },
        ['FileZilla\'s logon type 4 ("account" or "profile"), which Mailroom does not have.'],
        undefined,
      ],
    ])
    expect(JSON.stringify(sites)).not.toContain('c2VjcmV0')
  })
})

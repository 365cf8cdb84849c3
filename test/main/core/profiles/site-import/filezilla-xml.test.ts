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
})

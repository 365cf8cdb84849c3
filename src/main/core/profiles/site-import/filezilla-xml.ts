import { XMLParser } from 'fast-xml-parser'
import type { SiteCandidate } from './site-candidate'

interface XmlServer {
  readonly Host?: string
  readonly Port?: string
  readonly Protocol?: string
  readonly User?: string
  readonly Keyfile?: string
  readonly Name?: string
}
interface XmlFolder {
  readonly '#text'?: string
  readonly Folder?: readonly XmlFolder[]
  readonly Server?: readonly XmlServer[]
}

// FileZilla's Protocol values: 0 FTP, 1 SFTP, 3 FTPS, 4 FTPES, ...
const SFTP = '1'

/** Sites from FileZilla's sitemanager.xml, with nested folders kept as "Outer/Inner" groups. */
export function readFileZillaXml(text: string): SiteCandidate[] {
  const parser = new XMLParser({
    ignoreAttributes: true,
    parseTagValue: false,
    processEntities: true,
    isArray: (name) => name === 'Folder' || name === 'Server',
  })
  // An element with nothing inside parses as '': FileZilla writes <Servers /> before any site
  // is saved, and that file is FileZilla's all the same.
  const document = parser.parse(text) as { FileZilla3?: { Servers?: XmlFolder | '' } | '' }
  const root = document.FileZilla3 ? document.FileZilla3.Servers : undefined
  if (root === undefined)
    throw new Error('This is not a FileZilla site manager file (no <FileZilla3><Servers>).')
  const sites: SiteCandidate[] = []
  const walk = (folder: XmlFolder, group: string) => {
    for (const server of folder.Server ?? []) {
      const host = String(server.Host ?? '').trim()
      const problem =
        String(server.Protocol ?? '0') !== SFTP
          ? 'not an SFTP site'
          : host === ''
            ? 'no host name'
            : undefined
      sites.push({
        name: String(server.Name ?? host).trim(),
        group,
        host,
        port: Number(server.Port ?? 22) || 22,
        username: String(server.User ?? '').trim(),
        keyPath: server.Keyfile ? String(server.Keyfile).trim() : null,
        ...(problem ? { problem } : {}),
      })
    }
    for (const child of folder.Folder ?? []) {
      const name = String(child['#text'] ?? '').trim()
      walk(child, group && name ? `${group}/${name}` : group || name)
    }
  }
  walk(root === '' ? {} : root, '')
  return sites
}

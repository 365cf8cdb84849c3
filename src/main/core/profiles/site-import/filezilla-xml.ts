import { XMLParser } from 'fast-xml-parser'
import { connectionFields, type SiteCandidate, type SiteConnection } from './site-candidate'

interface XmlServer {
  readonly Host?: string
  readonly Port?: string
  readonly Protocol?: string
  readonly User?: string
  readonly Keyfile?: string
  readonly Name?: string
  readonly Logontype?: string
  readonly Pass?: unknown
}
interface XmlFolder {
  readonly '#text'?: string
  readonly Folder?: readonly XmlFolder[]
  readonly Server?: readonly XmlServer[]
}

// FileZilla's Protocol values: 0 FTP, 1 SFTP, 3 FTPS, 4 FTPES, ...
const SFTP = '1'

/**
 * How a FileZilla site logs in, by its logon type (LogonType in FileZilla's engine: 0 anonymous,
 * 1 normal, 2 ask for password, 3 interactive, 4 account, 5 key file, 6 profile). A password
 * FileZilla kept is never imported: the profile keeps its own in the keychain once entered.
 */
function fileZillaLogon(server: XmlServer): SiteConnection {
  // FileZilla always writes one; a file without says nothing, and the profile's key is assumed.
  if (server.Logontype === undefined) return {}
  const type = String(server.Logontype).trim()
  switch (type) {
    case '5':
      return { auth: { method: 'key' } }
    case '1':
      return {
        auth: { method: 'password', remember: true },
        ...(server.Pass !== undefined
          ? {
              notes: [
                'FileZilla kept a password for this site; stored passwords are not imported: enter it in the profile.',
              ],
            }
          : {}),
      }
    case '2':
      return { auth: { method: 'password', remember: false } }
    case '3':
      return { auth: { method: 'keyboard-interactive', remember: false } }
    case '0':
      return {
        auth: { method: 'password', remember: false },
        unsupported: [
          'FileZilla logs in to this site anonymously, which SFTP servers do not take.',
        ],
      }
    default:
      return {
        auth: { method: 'password', remember: false },
        unsupported: [
          `FileZilla's logon type ${type} ("account" or "profile"), which Mailroom does not have.`,
        ],
      }
  }
}

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
        ...(problem ? { problem } : connectionFields(fileZillaLogon(server))),
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

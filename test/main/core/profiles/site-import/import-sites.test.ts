import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { generateEd25519 } from '../../../../../src/main/core/keys/generate-key'
import { importPrivateKey } from '../../../../../src/main/core/keys/import-key'
import { KeyVault } from '../../../../../src/main/core/keys/key-vault'
import { publicBlob } from '../../../../../src/main/core/keys/key-material'
import { KnownHostsStore } from '../../../../../src/main/core/known-hosts/known-hosts-store'
import { ProfileStore } from '../../../../../src/main/core/profiles/profile-store'
import {
  importSites,
  previewSites,
  usualSitePaths,
} from '../../../../../src/main/core/profiles/site-import/import-sites'
import { MemorySecretStore } from '../../../../../src/main/core/secrets/secret-store'
import { SettingsFileStore } from '../../../../../src/main/core/settings/settings-file'
import { sha256Fingerprint } from '../../../../../src/main/core/sftp/host-key'
import { makeKey } from '../../../../fixtures/key-files'
import { MemorySettings } from '../../../../fixtures/memory-settings'

const dir = mkdtempSync(join(tmpdir(), 'mailroom-import-sites-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

let made = 0
/** A file of its own in the test folder. */
function file(name: string, text: string): string {
  made += 1
  const path = join(dir, `${made}-${name}`)
  writeFileSync(path, text)
  return path
}

/** The stores an import writes to, each in memory or a folder of its own. */
function deps() {
  const settings = new SettingsFileStore(new MemorySettings())
  return {
    profiles: new ProfileStore(settings),
    keys: new KeyVault(mkdtempSync(join(dir, 'keys-')), new MemorySecretStore(), settings),
    knownHosts: new KnownHostsStore(settings),
  }
}

/** A FileZilla site manager file of SFTP servers, with the fields given per server. */
function siteManager(servers: ReadonlyArray<Record<string, string>>): string {
  const xml = servers
    .map(
      (server) =>
        `<Server>${Object.entries({ Protocol: '1', ...server })
          .map(([tag, value]) => `<${tag}>${value}</${tag}>`)
          .join('')}</Server>`,
    )
    .join('\n')
  return `<?xml version="1.0" encoding="UTF-8"?>\n<FileZilla3><Servers>\n${xml}\n</Servers></FileZilla3>\n`
}

describe('usualSitePaths', () => {
  it('suggests where each client keeps its settings on Linux and macOS', () => {
    expect(usualSitePaths('linux', '/home/me', '/unused')).toEqual({
      winscp: '/home/me/WinSCP.ini',
      filezilla: '/home/me/.config/filezilla/sitemanager.xml',
      openssh: '/home/me/.ssh/config',
      knownHosts: '/home/me/.ssh/known_hosts',
    })
    expect(usualSitePaths('darwin', '/Users/me', '/unused').filezilla).toBe(
      '/Users/me/.config/filezilla/sitemanager.xml',
    )
  })

  it("suggests Windows' roaming application data for WinSCP and FileZilla", () => {
    expect(usualSitePaths('win32', '/home/me', '/roaming')).toEqual({
      winscp: join('/roaming', 'WinSCP.ini'),
      filezilla: join('/roaming', 'FileZilla', 'sitemanager.xml'),
      openssh: join('/home/me', '.ssh', 'config'),
      knownHosts: join('/home/me', '.ssh', 'known_hosts'),
    })
  })
})

describe('previewSites', () => {
  it('reads each kind of file with its own reader', async () => {
    const site = { host: 'sftp.partner.example', port: 22, username: 'me', keyPath: null }
    expect(
      await previewSites(
        'winscp',
        file('WinSCP.ini', '[Sessions\\Partner]\nHostName=sftp.partner.example\nUserName=me\n'),
      ),
    ).toEqual([
      { name: 'Partner', group: '', ...site, auth: { method: 'password', remember: false } },
    ])
    expect(
      await previewSites(
        'filezilla',
        file(
          'sitemanager.xml',
          siteManager([{ Host: 'sftp.partner.example', User: 'me', Name: 'Partner' }]),
        ),
      ),
    ).toEqual([{ name: 'Partner', group: '', ...site }])
    expect(
      await previewSites(
        'openssh',
        file('config', 'Host Partner\n  HostName sftp.partner.example\n  User me\n'),
      ),
    ).toEqual([{ name: 'Partner', group: '', ...site }])
  })

  it('names the file it could not read, or could not make sense of', async () => {
    const missing = join(dir, 'no-such-file.ini')
    await expect(previewSites('winscp', missing)).rejects.toMatchObject({
      kind: 'not-found',
      message: `Could not read ${JSON.stringify(missing)} on this computer: it does not exist.`,
    })
    const html = file('sitemanager.xml', '<html></html>')
    await expect(previewSites('filezilla', html)).rejects.toMatchObject({
      kind: 'invalid-input',
      message: `${html} could not be read as a FileZilla sitemanager.xml: This is not a FileZilla site manager file (no <FileZilla3><Servers>).`,
    })
  })
})

describe('importSites', () => {
  it('makes a Generic SFTP profile of each chosen site, kept in its group', async () => {
    const stores = deps()
    const path = file(
      'WinSCP.ini',
      [
        '[Sessions\\Customers/Acme]',
        'HostName=sftp.acme.example',
        'PortNumber=2222',
        'UserName=acme_1',
        '[Sessions\\Not%20chosen]',
        'HostName=other.example',
      ].join('\n'),
    )
    const result = await importSites({ source: 'winscp', path, chosen: [0, 7] }, stores)
    expect(result.notes).toEqual([])
    expect(result.profiles).toEqual([
      expect.objectContaining({
        name: 'Acme',
        group: 'Customers',
        preset: 'generic',
        host: 'sftp.acme.example',
        port: 2222,
        username: 'acme_1',
        keyId: null,
      }),
    ])
    expect(stores.profiles.list()).toEqual(result.profiles)
  })

  it('skips what cannot be a profile and says why; a missing user name becomes "user", with a note', async () => {
    const stores = deps()
    const path = file(
      'sitemanager.xml',
      siteManager([
        { Host: 'ftp.example', Protocol: '0', Name: 'Old FTP' },
        { Host: 'bad host!', User: 'me', Name: 'Typo' },
        { Host: 'sftp.nouser.example', Name: 'No user' },
      ]),
    )
    const result = await importSites({ source: 'filezilla', path, chosen: [0, 1, 2] }, stores)
    expect(result.notes).toEqual([
      'Old FTP: skipped (not an SFTP site).',
      'Typo: skipped (A host name has letters, digits and hyphens between dots (e.g. sftp.example.com), or is an IP address).',
      'No user: no user name was stored; edit the profile to set it.',
    ])
    expect(result.profiles.map((profile) => [profile.name, profile.username])).toEqual([
      ['No user', 'user'],
    ])
  })

  it('imports each key file once, reuses a key already stored, and says once which keys it could not import', async () => {
    const stores = deps()
    const shared = makeKey(
      dir,
      { tool: 'ssh-keygen', type: 'ed25519', format: 'openssh', encrypted: false },
      0,
    )
    const stored = makeKey(
      dir,
      { tool: 'ssh-keygen', type: 'ecdsa', format: 'openssh', encrypted: false },
      1,
    )
    const locked = makeKey(
      dir,
      { tool: 'ssh-keygen', type: 'ed25519', format: 'openssh', encrypted: true },
      2,
    )
    const missing = join(dir, 'no_such_key')
    const already = await stores.keys.add(
      (await importPrivateKey(readFileSync(stored.path), 'stored')).material,
      { origin: 'imported' },
    )
    const path = file(
      'sitemanager.xml',
      siteManager([
        { Host: 'a.example', User: 'me', Name: 'A', Keyfile: shared.path },
        { Host: 'b.example', User: 'me', Name: 'B', Keyfile: shared.path },
        { Host: 'c.example', User: 'me', Name: 'C', Keyfile: stored.path },
        { Host: 'd.example', User: 'me', Name: 'D', Keyfile: locked.path },
        { Host: 'e.example', User: 'me', Name: 'E', Keyfile: missing },
        { Host: 'f.example', User: 'me', Name: 'F', Keyfile: locked.path },
      ]),
    )
    const result = await importSites(
      { source: 'filezilla', path, chosen: [0, 1, 2, 3, 4, 5] },
      stores,
    )
    expect(result.notes).toEqual([
      `D: the key ${locked.path} is protected by a passphrase; edit the profile and use "Import key" to enter it.`,
      `E: the key ${missing} was not imported: Could not read the key file ${JSON.stringify(missing)} on this computer: it does not exist.`,
    ])
    const keys = await stores.keys.list()
    expect(keys.map((key) => key.fingerprint).sort()).toEqual(
      [shared.fingerprint, stored.fingerprint].sort(),
    )
    const sharedId = keys.find((key) => key.fingerprint === shared.fingerprint)?.id
    expect(result.profiles.map((profile) => [profile.name, profile.keyId])).toEqual([
      ['A', sharedId],
      ['B', sharedId],
      ['C', already.id],
      ['D', null],
      ['E', null],
      ['F', null],
    ])
  })

  it('carries how a site logs in and gets through, imports its tunnel key, and names what it cannot do', async () => {
    const stores = deps()
    const jumpKey = makeKey(
      dir,
      { tool: 'ssh-keygen', type: 'ed25519', format: 'openssh', encrypted: false },
      3,
    )
    const ini = file(
      'WinSCP.ini',
      [
        '[Sessions\\Tunnelled]',
        'HostName=10.0.0.5',
        'UserName=me',
        'Password=A35C',
        'ProxyMethod=2',
        'ProxyHost=socks.corp',
        'ProxyPort=1080',
        'ProxyUsername=alice',
        'Tunnel=1',
        'TunnelHostName=bastion.corp',
        'TunnelUserName=jumper',
        `TunnelPublicKeyFile=${jumpKey.path}`,
        '[Sessions\\Old%20proxy]',
        'HostName=old.example',
        'UserName=me',
        'ProxyMethod=1',
        'ProxyHost=socks4.corp',
        '',
      ].join('\n'),
    )
    const result = await importSites({ source: 'winscp', path: ini, chosen: [0, 1] }, stores)
    const [tunnelled, old] = result.profiles
    const stored = await stores.keys.list()
    expect(tunnelled).toMatchObject({
      auth: { method: 'password', remember: true },
      proxy: { kind: 'socks5', host: 'socks.corp', port: 1080, username: 'alice' },
      jumps: [{ host: 'bastion.corp', port: 22, username: 'jumper', keyId: stored[0]?.id }],
    })
    expect(stored.map((key) => key.fingerprint)).toEqual([jumpKey.fingerprint])
    expect(old).toMatchObject({ proxy: { kind: 'none' }, jumps: [] })
    expect(result.notes).toEqual([
      'Tunnelled: WinSCP kept a password for this site; stored passwords are not imported: enter it in the profile.',
      "Old proxy: imported without what Mailroom cannot do: WinSCP's SOCKS4 proxy socks4.corp port 80: Mailroom goes through SOCKS5 and HTTP proxies only, so the site is imported without it.",
    ])
    expect(JSON.stringify(result)).not.toContain('A35C')
  })

  it("trusts the host keys known_hosts lists for a site, leaving a host's trusted key alone", async () => {
    const stores = deps()
    const blob = (comment: string) => publicBlob(generateEd25519(comment))
    const listed = blob('listed')
    const mine = { type: 'ssh-ed25519', fingerprint: sha256Fingerprint(blob('mine')) }
    stores.knownHosts.trust('kept.example', 22, mine, 1000)
    const knownHosts = file(
      'known_hosts',
      [
        `new.example ssh-ed25519 ${listed.toString('base64')}`,
        `[ported.example]:2222 ssh-ed25519 ${listed.toString('base64')}`,
        `kept.example ssh-ed25519 ${listed.toString('base64')}`,
      ].join('\n'),
    )
    const path = file(
      'sitemanager.xml',
      siteManager([
        { Host: 'new.example', User: 'me', Name: 'New' },
        { Host: 'ported.example', Port: '2222', User: 'me', Name: 'Ported' },
        { Host: 'kept.example', User: 'me', Name: 'Kept' },
        { Host: 'unlisted.example', User: 'me', Name: 'Unlisted' },
      ]),
    )
    const result = await importSites(
      { source: 'filezilla', path, chosen: [0, 1, 2, 3], knownHostsPath: knownHosts },
      stores,
    )
    expect(result.notes).toEqual([])
    const fingerprint = sha256Fingerprint(listed)
    expect(stores.knownHosts.trusted('new.example', 22)).toMatchObject({
      type: 'ssh-ed25519',
      fingerprint,
    })
    expect(stores.knownHosts.trusted('ported.example', 2222)).toMatchObject({ fingerprint })
    expect(stores.knownHosts.trusted('kept.example', 22)).toMatchObject({
      fingerprint: mine.fingerprint,
      trustedAt: 1000,
    })
    expect(stores.knownHosts.trusted('unlisted.example', 22)).toBeUndefined()
  })

  it('imports the sites without host keys when known_hosts cannot be read, and says so', async () => {
    const stores = deps()
    const missing = join(dir, 'no_known_hosts')
    const path = file(
      'sitemanager.xml',
      siteManager([{ Host: 'a.example', User: 'me', Name: 'A' }]),
    )
    const result = await importSites(
      { source: 'filezilla', path, chosen: [0], knownHostsPath: missing },
      stores,
    )
    expect(result.notes).toEqual([`${missing} could not be read, so no host keys were imported.`])
    expect(result.profiles).toHaveLength(1)
    expect(stores.knownHosts.trusted('a.example', 22)).toBeUndefined()
  })
})

import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ComparablePaths } from '../../../src/main/core/local-paths/comparable-paths'
import {
  proposedPathsOf,
  refuseUngrantedPaths,
} from '../../../src/main/shell/local-path-capability'
import { PathGrants } from '../../../src/main/shell/path-grants'
import {
  LOCAL_PATHS_CORE_CONFINES,
  LOCAL_PATH_INPUTS,
  localPathsOf,
  type PathPurpose,
} from '../../../src/shared/local-path-inputs'
import { apiCalls, type CallName } from '../../../src/shared/api-contract'

/** Dropped and chosen paths are a capability: a window may use a path only for what it was given for. */
describe('PathGrants', () => {
  const WINDOW = 1
  const OTHER_WINDOW = 2

  it('covers a granted file, for the window it was granted to only', () => {
    const grants = new PathGrants()
    grants.grant(WINDOW, 'send', '/home/person/orders/order-1.xml', 'tree')
    expect(grants.covers(WINDOW, 'send', '/home/person/orders/order-1.xml')).toBe(true)
    expect(grants.covers(WINDOW, 'send', '/home/person/orders/order-2.xml')).toBe(false)
    expect(grants.covers(WINDOW, 'send', '/home/person/.ssh/id_ed25519')).toBe(false)
    expect(grants.covers(OTHER_WINDOW, 'send', '/home/person/orders/order-1.xml')).toBe(false)
  })

  it('covers everything under a dropped folder, and nothing beside or above it', () => {
    const grants = new PathGrants()
    grants.grant(WINDOW, 'send', '/home/person/outbox', 'tree')
    expect(grants.covers(WINDOW, 'send', '/home/person/outbox/a.xml')).toBe(true)
    expect(grants.covers(WINDOW, 'send', '/home/person/outbox/2026/12/b.xml')).toBe(true)
    expect(grants.covers(WINDOW, 'send', '/home/person/outbox-old/a.xml')).toBe(false)
    expect(grants.covers(WINDOW, 'send', '/home/person')).toBe(false)
    expect(grants.covers(WINDOW, 'send', '/home/person/outbox/../.ssh/id_rsa')).toBe(false)
  })

  it('covers only the file itself for a file grant', () => {
    const grants = new PathGrants()
    grants.grant(WINDOW, 'save', '/home/person/key.pub', 'file')
    expect(grants.covers(WINDOW, 'save', '/home/person/key.pub')).toBe(true)
    expect(grants.covers(WINDOW, 'save', '/home/person/./key.pub')).toBe(true)
    expect(grants.covers(WINDOW, 'save', '/home/person/key.pub/x')).toBe(false)
  })

  it('keeps each purpose apart: only a file given to send may also be read', () => {
    const grants = new PathGrants()
    grants.grant(WINDOW, 'read', '/home/person/.ssh/id_ed25519', 'file')
    grants.grant(WINDOW, 'pickup', '/home/person/Documents/Mailroom', 'tree')
    grants.grant(WINDOW, 'save', '/home/person/mailroom.log', 'file')
    grants.grant(WINDOW, 'send', '/home/person/outbox', 'tree')
    const purposes: PathPurpose[] = ['send', 'read', 'save', 'pickup']
    const usable = (path: string) =>
      purposes.filter((purpose) => grants.covers(WINDOW, purpose, path))
    expect(usable('/home/person/.ssh/id_ed25519')).toEqual(['read'])
    expect(usable('/home/person/Documents/Mailroom/in/a.xml')).toEqual(['pickup'])
    expect(usable('/home/person/mailroom.log')).toEqual(['save'])
    expect(usable('/home/person/outbox/a.xml')).toEqual(['send', 'read'])
  })

  it('grants nothing for what webUtils gives for a file not on disk, or a relative path', () => {
    const grants = new PathGrants()
    grants.grant(WINDOW, 'send', '', 'tree')
    grants.grant(WINDOW, 'send', 'relative/file.xml', 'tree')
    grants.grant(WINDOW, 'send', '/tmp/a\0b', 'tree')
    expect(grants.covers(WINDOW, 'send', '')).toBe(false)
    expect(grants.covers(WINDOW, 'send', 'relative/file.xml')).toBe(false)
    expect(grants.covers(WINDOW, 'send', '/')).toBe(false)
  })

  it('compares Windows paths without case, whichever separator the page uses', () => {
    // NTFS as Windows has it: no links here, and case ignored.
    const grants = new PathGrants(
      new ComparablePaths('win32', { realPath: (path) => path, ignoresCase: () => true }),
    )
    grants.grant(WINDOW, 'send', 'C:\\Users\\Person\\Outbox', 'tree')
    expect(grants.covers(WINDOW, 'send', 'c:\\users\\person\\outbox\\A.XML')).toBe(true)
    expect(grants.covers(WINDOW, 'send', 'C:/Users/Person/Outbox/a.xml')).toBe(true)
    expect(grants.covers(WINDOW, 'send', 'C:\\Users\\Person\\Outbox\\..\\secret.txt')).toBe(false)
    expect(grants.covers(WINDOW, 'send', 'D:\\Users\\Person\\Outbox\\a.xml')).toBe(false)
  })

  it('keeps Linux paths case-sensitive, as its file systems are', () => {
    const grants = new PathGrants()
    grants.grant(WINDOW, 'send', '/data/Outbox', 'tree')
    expect(grants.covers(WINDOW, 'send', '/data/outbox/a.xml')).toBe(false)
  })

  it('on macOS, ignores case only on a volume that ignores it (issue 19, item 7)', () => {
    // APFS as most Macs have it ignores case; an external disk or a share may not.
    const sensitive = '/Volumes/Exchange'
    const grants = new PathGrants(
      new ComparablePaths('darwin', {
        realPath: (path) => path,
        ignoresCase: (path) => !path.startsWith(sensitive),
      }),
    )
    grants.grant(WINDOW, 'pickup', '/Users/person/Incoming', 'tree')
    grants.grant(WINDOW, 'pickup', `${sensitive}/Incoming`, 'tree')
    expect(grants.covers(WINDOW, 'pickup', '/Users/person/incoming/a.xml')).toBe(true)
    expect(grants.covers(WINDOW, 'pickup', `${sensitive}/Incoming/a.xml`)).toBe(true)
    // Another folder on that volume, which lowering case would have let in.
    expect(grants.covers(WINDOW, 'pickup', `${sensitive}/incoming/a.xml`)).toBe(false)
  })

  describe('on the disk', () => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'mailroom-grants-')))
    afterAll(() => rmSync(root, { recursive: true, force: true }))
    const outbox = join(root, 'Outbox')
    const secrets = join(root, 'secrets')
    mkdirSync(outbox)
    mkdirSync(secrets)
    writeFileSync(join(outbox, 'order.xml'), 'order')
    writeFileSync(join(secrets, 'id_ed25519'), 'key')
    // A link inside the granted folder to a folder outside it, and one to a file outside.
    symlinkSync(secrets, join(outbox, 'keys'))
    symlinkSync(join(secrets, 'id_ed25519'), join(outbox, 'looks-like-an-order.xml'))

    it('follows no link or junction out of a granted folder (issue 19, item 7)', () => {
      const grants = new PathGrants()
      grants.grant(WINDOW, 'pickup', outbox, 'tree')
      expect(grants.covers(WINDOW, 'pickup', join(outbox, 'order.xml'))).toBe(true)
      expect(grants.covers(WINDOW, 'pickup', join(outbox, 'keys', 'id_ed25519'))).toBe(false)
      expect(grants.covers(WINDOW, 'pickup', join(outbox, 'looks-like-an-order.xml'))).toBe(false)
      expect(grants.covers(WINDOW, 'pickup', join(outbox, 'keys', 'new-file'))).toBe(false)
      // A folder not made yet under the granted one is still under it.
      expect(grants.covers(WINDOW, 'pickup', join(outbox, '2026', 'March', 'a.xml'))).toBe(true)
    })

    it('keeps a grant of a file given through a link to that file', () => {
      const grants = new PathGrants()
      grants.grant(WINDOW, 'send', join(outbox, 'looks-like-an-order.xml'), 'file')
      expect(grants.covers(WINDOW, 'send', join(outbox, 'looks-like-an-order.xml'))).toBe(true)
    })
  })

  it('forgets a closed window', () => {
    const grants = new PathGrants()
    grants.grant(WINDOW, 'send', '/home/person/a.xml', 'tree')
    grants.forget(WINDOW)
    expect(grants.covers(WINDOW, 'send', '/home/person/a.xml')).toBe(false)
  })
})

/**
 * Every string field of the contract's inputs that could name a path: by its name, or by the
 * 4096-character limit paths are given. Dotted through nested objects; lists of strings too.
 */
function pathLikeFields(): string[] {
  const found: string[] = []
  const isStringy = (schema: Record<string, unknown>): boolean =>
    schema.type === 'string' ||
    (schema.type === 'array' &&
      typeof schema.items === 'object' &&
      (schema.items as Record<string, unknown>).type === 'string')
  const limit = (schema: Record<string, unknown>): number => {
    const own = schema.type === 'array' ? (schema.items as Record<string, unknown>) : schema
    return typeof own.maxLength === 'number' ? own.maxLength : 0
  }
  const walk = (name: string, schema: unknown, at: string) => {
    if (typeof schema !== 'object' || schema === null) return
    const node = schema as Record<string, unknown>
    for (const [key, child] of Object.entries(
      (node.properties as Record<string, Record<string, unknown>> | undefined) ?? {},
    )) {
      const field = at ? `${at}.${key}` : key
      if (isStringy(child) && (/path|folder|dir|(?<!pro)file/i.test(key) || limit(child) === 4096))
        found.push(`${name} ${field}`)
      walk(name, child, field)
    }
    for (const key of ['items', 'additionalProperties']) walk(name, node[key], at)
    for (const key of ['anyOf', 'oneOf', 'allOf'])
      for (const option of (node[key] as unknown[] | undefined) ?? []) walk(name, option, at)
  }
  for (const [name, call] of Object.entries(apiCalls))
    walk(name, call.input.toJSONSchema({ io: 'input', unrepresentable: 'any' }), '')
  return [...new Set(found)].sort()
}

// Paths on the server, relative to the login folder (remote-path.ts): not local files.
const REMOTE_FIELDS = [
  'mailboxes:list-files path',
  'pickup:folder mailboxPath',
  'pickup:set-folder mailboxPath',
  'profiles:save profile.receiveFolders',
  'profiles:save profile.sendFolders',
  'remote:list path',
  'transfer:check-duplicates remoteFolder',
  'transfer:drag-out remotePath',
  'transfer:pickup mailboxPath',
  'transfer:pickup remotePaths',
  'transfer:send remoteFolder',
]

describe('which calls take local paths', () => {
  it('checks every path-like field of the contract, or says why it need not', () => {
    // A new call (or field) naming a local path must be added to local-path-capability.ts,
    // with the purpose a window must have been given it for; a remote one to REMOTE_FIELDS.
    const checked = Object.entries(LOCAL_PATH_INPUTS).flatMap(([name, fields]) =>
      (fields ?? []).map(({ field }) => `${name} ${field}`),
    )
    const confinedByCore = Object.entries(LOCAL_PATHS_CORE_CONFINES).flatMap(([name, fields]) =>
      (fields ?? []).map((field) => `${name} ${field}`),
    )
    expect(pathLikeFields()).toEqual([...checked, ...confinedByCore, ...REMOTE_FIELDS].sort())
  })

  it('finds the paths a call names, with their purpose, as core will parse them', () => {
    expect(
      localPathsOf('transfer:send', {
        profileId: 'profile-1',
        remoteFolder: 'out',
        localPaths: ['/a', '/b'],
      }),
    ).toEqual([
      { purpose: 'send', path: '/a' },
      { purpose: 'send', path: '/b' },
    ])
    expect(
      localPathsOf('keys:import', {
        source: { kind: 'path', path: '/k' },
        rememberPassphrase: false,
      }),
    ).toEqual([{ purpose: 'read', path: '/k' }])
    expect(
      localPathsOf('keys:import', {
        source: { kind: 'text', text: 'KEY' },
        rememberPassphrase: false,
      }),
    ).toEqual([])
    expect(
      localPathsOf('sites:import', {
        source: 'openssh',
        path: '/c',
        chosen: [0],
        knownHostsPath: '/kh',
      }),
    ).toEqual([
      { purpose: 'read', path: '/c' },
      { purpose: 'read', path: '/kh' },
    ])
    expect(
      localPathsOf('keys:export-private', { keyId: 'key-0001', format: 'ppk', path: '/x' }),
    ).toEqual([{ purpose: 'save', path: '/x' }])
    expect(localPathsOf('log:save', {})).toEqual([])
    expect(localPathsOf('log:save', { path: '/l' })).toEqual([{ purpose: 'save', path: '/l' }])
    expect(
      localPathsOf('transfer:pickup', {
        profileId: 'profile-1',
        mailboxPath: 'in',
        localFolder: '/in',
      }),
    ).toEqual([{ purpose: 'pickup', path: '/in' }])
    // '' is "no pickup folder yet", which names no place.
    expect(localPathsOf('settings:update', { pickupFolder: '' })).toEqual([])
    expect(localPathsOf('settings:update', { pickupFolder: '/p' })).toEqual([
      { purpose: 'pickup', path: '/p' },
    ])
    // What the contract refuses is left to dispatch, which says what is wrong with it.
    expect(localPathsOf('transfer:send', { localPaths: 'not a list' })).toEqual([])
    expect(localPathsOf('profiles:list', {})).toEqual([])
  })

  it('takes as proposed the pickup folder offered and a zipped archive, not the usual site files', () => {
    // Those are read only once the person confirms them (issue 19, item 3).
    expect(
      proposedPathsOf('app:info', {
        usualPaths: {
          winscp: '/h/WinSCP.ini',
          filezilla: '/h/.config/filezilla/sitemanager.xml',
          openssh: '/h/.ssh/config',
          knownHosts: '/h/.ssh/known_hosts',
        },
      }),
    ).toEqual([])
    expect(
      proposedPathsOf('pickup:folder', { folder: '/h/Documents/Mailroom/p/x', remembered: false }),
    ).toEqual([{ purpose: 'pickup', reach: 'tree', path: '/h/Documents/Mailroom/p/x' }])
    expect(proposedPathsOf('settings:get', { pickupFolder: '/h/in', pickupFolders: {} })).toEqual([
      { purpose: 'pickup', reach: 'tree', path: '/h/in' },
    ])
    expect(proposedPathsOf('transfer:zip', '/tmp/z/a.zip')).toEqual([
      { purpose: 'send', reach: 'file', path: '/tmp/z/a.zip' },
    ])
    expect(proposedPathsOf('dialog:choose-file' as CallName, '/h/x')).toEqual([])
  })

  it('refuses the first path not given for its purpose, saying what to do instead', () => {
    const covered = new Set(['send /home/person/a.xml', 'read /home/person/id_ed25519'])
    const covers = (purpose: PathPurpose, path: string) => covered.has(`${purpose} ${path}`)
    const refusal = refuseUngrantedPaths(
      'transfer:send',
      {
        profileId: 'profile-1',
        remoteFolder: 'in',
        localPaths: ['/home/person/a.xml', '/etc/shadow'],
      },
      covers,
    )
    expect(refusal?.kind).toBe('permission-denied')
    expect(refusal?.message).toContain('Mailroom can only send files you dropped on it')
    expect(refusal?.message).toContain('"/etc/shadow"')
    expect(refusal?.message).toContain('drop the file (or choose it) again')
    // The key chosen to import may be read, not sent.
    expect(
      refuseUngrantedPaths(
        'transfer:send',
        { profileId: 'profile-1', remoteFolder: 'in', localPaths: ['/home/person/id_ed25519'] },
        covers,
      )?.kind,
    ).toBe('permission-denied')
    expect(
      refuseUngrantedPaths(
        'keys:import',
        { source: { kind: 'path', path: '/home/person/id_ed25519' }, rememberPassphrase: false },
        covers,
      ),
    ).toBeUndefined()
    expect(
      refuseUngrantedPaths('log:save', { path: '/home/person/.bashrc' }, covers)?.message,
    ).toMatch(/^Mailroom can only save to files you chose in its Save dialog.*Browse…/)
    expect(
      refuseUngrantedPaths('sites:preview', { source: 'winscp', path: '/etc/shadow' }, covers)
        ?.message,
    ).toMatch(/^Mailroom can only read files you chose with Browse…/)
    expect(
      refuseUngrantedPaths(
        'pickup:set-folder',
        { profileId: 'profile-1', mailboxPath: 'in', folder: '/home/person/.config/autostart' },
        covers,
      )?.message,
    ).toMatch(/^Mailroom can only pick up into the folder it proposed or one you chose/)
    expect(
      refuseUngrantedPaths(
        'transfer:send',
        { profileId: 'profile-1', remoteFolder: 'in', localPaths: ['/home/person/a.xml'] },
        covers,
      ),
    ).toBeUndefined()
  })
})

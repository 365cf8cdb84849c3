import { describe, expect, it } from 'vitest'
import { PathGrants } from '../../../src/main/shell/path-grants'
import { refuseUngrantedUpload, uploadPathsOf } from '../../../src/main/shell/upload-capability'
import { apiCalls } from '../../../src/shared/api-contract'

/** Dropped and chosen files are a capability: a window may send only what it was given. */
describe('PathGrants', () => {
  const WINDOW = 1
  const OTHER_WINDOW = 2

  it('covers a granted file, for the window it was granted to only', () => {
    const grants = new PathGrants('linux')
    grants.grant(WINDOW, '/home/person/orders/order-1.xml')
    expect(grants.covers(WINDOW, '/home/person/orders/order-1.xml')).toBe(true)
    expect(grants.covers(WINDOW, '/home/person/orders/order-2.xml')).toBe(false)
    expect(grants.covers(WINDOW, '/home/person/.ssh/id_ed25519')).toBe(false)
    expect(grants.covers(OTHER_WINDOW, '/home/person/orders/order-1.xml')).toBe(false)
  })

  it('covers everything under a dropped folder, and nothing beside or above it', () => {
    const grants = new PathGrants('linux')
    grants.grant(WINDOW, '/home/person/outbox')
    expect(grants.covers(WINDOW, '/home/person/outbox/a.xml')).toBe(true)
    expect(grants.covers(WINDOW, '/home/person/outbox/2026/12/b.xml')).toBe(true)
    expect(grants.covers(WINDOW, '/home/person/outbox-old/a.xml')).toBe(false)
    expect(grants.covers(WINDOW, '/home/person')).toBe(false)
    expect(grants.covers(WINDOW, '/home/person/outbox/../.ssh/id_rsa')).toBe(false)
  })

  it('grants nothing for what webUtils gives for a file not on disk, or a relative path', () => {
    const grants = new PathGrants('linux')
    grants.grant(WINDOW, '')
    grants.grant(WINDOW, 'relative/file.xml')
    grants.grant(WINDOW, '/tmp/a\0b')
    expect(grants.covers(WINDOW, '')).toBe(false)
    expect(grants.covers(WINDOW, 'relative/file.xml')).toBe(false)
    expect(grants.covers(WINDOW, '/')).toBe(false)
  })

  it('compares Windows paths without case, whichever separator the page uses', () => {
    const grants = new PathGrants('win32')
    grants.grant(WINDOW, 'C:\\Users\\Person\\Outbox')
    expect(grants.covers(WINDOW, 'c:\\users\\person\\outbox\\A.XML')).toBe(true)
    expect(grants.covers(WINDOW, 'C:/Users/Person/Outbox/a.xml')).toBe(true)
    expect(grants.covers(WINDOW, 'C:\\Users\\Person\\Outbox\\..\\secret.txt')).toBe(false)
    expect(grants.covers(WINDOW, 'D:\\Users\\Person\\Outbox\\a.xml')).toBe(false)
  })

  it('keeps Linux paths case-sensitive, as its file systems are', () => {
    const grants = new PathGrants('linux')
    grants.grant(WINDOW, '/data/Outbox')
    expect(grants.covers(WINDOW, '/data/outbox/a.xml')).toBe(false)
  })

  it('forgets a closed window', () => {
    const grants = new PathGrants('linux')
    grants.grant(WINDOW, '/home/person/a.xml')
    grants.forget(WINDOW)
    expect(grants.covers(WINDOW, '/home/person/a.xml')).toBe(false)
  })
})

describe('which calls upload local files', () => {
  it('names the localPaths of transfer:send and transfer:zip, and no other call', () => {
    const input = { localPaths: ['/a', '/b'] }
    expect(uploadPathsOf('transfer:send', input)).toEqual(['/a', '/b'])
    expect(uploadPathsOf('transfer:zip', input)).toEqual(['/a', '/b'])
    expect(uploadPathsOf('transfer:pickup', { localFolder: '/a' })).toEqual([])
    expect(uploadPathsOf('transfer:send', null)).toEqual([])
    expect(uploadPathsOf('transfer:send', { localPaths: 'not a list' })).toEqual([])
  })

  it('covers every call of the contract whose input takes a list of local paths', () => {
    // A new call that uploads local files must be added to upload-capability.ts: this finds
    // any input schema with a `localPaths` field.
    const withLocalPaths = Object.entries(apiCalls)
      .filter(([, call]) =>
        JSON.stringify(call.input.toJSONSchema?.() ?? {}).includes('localPaths'),
      )
      .map(([name]) => name)
      .sort()
    expect(withLocalPaths).toEqual(['transfer:send', 'transfer:zip'])
  })

  it('refuses the first path not granted, with a message that says what to do', () => {
    const covered = new Set(['/home/person/a.xml'])
    const refusal = refuseUngrantedUpload(
      'transfer:send',
      { profileId: 'p', remoteFolder: '/in', localPaths: ['/home/person/a.xml', '/etc/shadow'] },
      (path) => covered.has(path),
    )
    expect(refusal?.kind).toBe('permission-denied')
    expect(refusal?.message).toContain('"/etc/shadow"')
    expect(refusal?.message).toContain('drop the file (or choose it) again')
    expect(
      refuseUngrantedUpload('transfer:send', { localPaths: ['/home/person/a.xml'] }, (path) =>
        covered.has(path),
      ),
    ).toBeUndefined()
  })
})

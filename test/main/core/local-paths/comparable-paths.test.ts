import {
  linkSync,
  mkdirSync,
  mkdtempSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  ComparablePaths,
  diskPathFacts,
  type PathFacts,
} from '../../../../src/main/core/local-paths/comparable-paths'

describe('ComparablePaths on the disk', () => {
  // Real from the start: the temporary folder may itself sit behind a link (/tmp on macOS).
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'mailroom-comparable-')))
  afterAll(() => rmSync(root, { recursive: true, force: true }))
  const outbox = join(root, 'Outbox')
  const secrets = join(root, 'secrets')
  mkdirSync(outbox)
  mkdirSync(secrets)
  writeFileSync(join(secrets, 'id_ed25519'), 'key')
  symlinkSync(secrets, join(outbox, 'keys'))
  symlinkSync(join(secrets, 'id_ed25519'), join(outbox, 'order.xml'))
  // A link to a link: each is resolved.
  symlinkSync(join(outbox, 'keys'), join(root, 'keys-again'))
  const paths = new ComparablePaths('linux')

  it('resolves every link, to a folder or to a file, to where it leads', () => {
    expect(paths.key(join(outbox, 'keys'))).toBe(secrets)
    expect(paths.key(join(outbox, 'keys', 'id_ed25519'))).toBe(join(secrets, 'id_ed25519'))
    expect(paths.key(join(outbox, 'order.xml'))).toBe(join(secrets, 'id_ed25519'))
    expect(paths.key(join(root, 'keys-again', 'id_ed25519'))).toBe(join(secrets, 'id_ed25519'))
  })

  it('resolves a path not made yet through its nearest existing folder', () => {
    expect(paths.key(join(outbox, 'keys', '2026', 'March', 'new.xml'))).toBe(
      join(secrets, '2026', 'March', 'new.xml'),
    )
    expect(paths.key(join(outbox, 'not-yet', 'a.xml'))).toBe(join(outbox, 'not-yet', 'a.xml'))
    // Dots are taken away as written, before any link is followed.
    expect(paths.key(join(outbox, 'not-yet', '..', 'keys', 'x'))).toBe(join(secrets, 'x'))
  })

  it('keeps the case of a path on a volume that does not ignore it (this one)', () => {
    expect(paths.key(outbox)).toBe(outbox)
    expect(paths.key(join(root, 'outbox'))).toBe(join(root, 'outbox'))
    expect(paths.key(join(root, 'outbox'))).not.toBe(paths.key(outbox))
    expect(diskPathFacts('linux').ignoresCase(outbox)).toBe(false)
  })

  it('calls a volume case-blind when the name with its case swapped is the same file', () => {
    // A second name for the same file stands in for a volume that ignores case.
    const folder = mkdtempSync(join(root, 'blind-'))
    writeFileSync(join(folder, 'Invoice.xml'), 'x')
    linkSync(join(folder, 'Invoice.xml'), join(folder, 'iNVOICE.XML'))
    const facts = diskPathFacts('linux')
    expect(facts.ignoresCase(join(folder, 'Invoice.xml'))).toBe(true)
    // The answer holds for the whole device, asked once: a volume's rule does not change.
    rmSync(join(folder, 'iNVOICE.XML'))
    expect(facts.ignoresCase(outbox)).toBe(true)
    expect(diskPathFacts('linux').ignoresCase(outbox)).toBe(false)
  })

  it("finds a letter to swap in the nearest existing folder above a name that has none, or takes the OS's rule", () => {
    const digits = join(outbox, '2026', '12')
    mkdirSync(digits, { recursive: true })
    expect(diskPathFacts('linux').ignoresCase(digits)).toBe(false)
    // Nothing but the root: no letter anywhere to ask about.
    expect(diskPathFacts('linux').ignoresCase('/')).toBe(false)
    expect(diskPathFacts('darwin').ignoresCase('/')).toBe(true)
  })
})

describe('ComparablePaths with the facts given', () => {
  /** A volume where nothing is a link, ignoring case or not. */
  const plain = (ignoresCase: boolean): PathFacts => ({
    realPath: (path) => path,
    ignoresCase: () => ignoresCase,
  })

  it('folds case only where the volume ignores it', () => {
    expect(new ComparablePaths('darwin', plain(true)).key('/Users/Me/Outbox')).toBe(
      '/users/me/outbox',
    )
    expect(new ComparablePaths('darwin', plain(false)).key('/Users/Me/Outbox')).toBe(
      '/Users/Me/Outbox',
    )
  })

  it('asks about the case of the real path, not the one written', () => {
    const asked: string[] = []
    const paths = new ComparablePaths('darwin', {
      realPath: (path) => path.replace('/Users/Me/Link', '/Volumes/Share/Target'),
      ignoresCase: (real) => {
        asked.push(real)
        return !real.startsWith('/Volumes/Share')
      },
    })
    expect(paths.key('/Users/Me/Link/A.xml')).toBe('/Volumes/Share/Target/A.xml')
    expect(asked).toEqual(['/Volumes/Share/Target/A.xml'])
  })

  it('says whether a key is a root itself or under it, with or without a trailing separator', () => {
    const paths = new ComparablePaths('linux', plain(false))
    expect(paths.isWithin('/data/outbox', '/data/outbox')).toBe(true)
    expect(paths.isWithin('/data/outbox/a.xml', '/data/outbox')).toBe(true)
    expect(paths.isWithin('/data/outbox/a.xml', '/data/outbox/')).toBe(true)
    expect(paths.isWithin('/data/outbox/2026/a.xml', '/data/outbox/')).toBe(true)
    // A sibling whose name starts the same is not inside.
    expect(paths.isWithin('/data/outbox-old/a.xml', '/data/outbox')).toBe(false)
    expect(paths.isWithin('/data/outbox-old/a.xml', '/data/outbox/')).toBe(false)
    expect(paths.isWithin('/data', '/data/outbox')).toBe(false)
    // The root of the disk holds everything.
    expect(paths.isWithin('/etc/passwd', '/')).toBe(true)
  })

  it('compares Windows paths with backslashes, drive letters and case as NTFS has them', () => {
    const resolved: string[] = []
    const paths = new ComparablePaths('win32', {
      realPath: (path) => {
        resolved.push(path)
        return path
      },
      ignoresCase: () => true,
    })
    const root = paths.key('C:\\Users\\Me\\Outbox')
    expect(root).toBe('c:\\users\\me\\outbox')
    // Forward slashes and dots are made into what Windows means by them before the disk is asked.
    expect(paths.key('C:/Users/Me/Outbox/sub/../A.XML')).toBe('c:\\users\\me\\outbox\\a.xml')
    expect(resolved).toEqual(['C:\\Users\\Me\\Outbox', 'C:\\Users\\Me\\Outbox\\A.XML'])
    expect(paths.isWithin(paths.key('c:\\USERS\\me\\outbox\\2026\\b.xml'), root)).toBe(true)
    expect(paths.isWithin(paths.key('C:\\Users\\Me\\Outbox2\\b.xml'), root)).toBe(false)
    expect(paths.isWithin(paths.key('D:\\Users\\Me\\Outbox\\b.xml'), root)).toBe(false)
    expect(paths.isWithin(paths.key('C:\\Users\\Me\\Outbox\\b.xml'), `${root}\\`)).toBe(true)
    // A key with forward slashes is not one this class made: the separator is the OS's.
    expect(paths.isWithin('c:\\users\\me\\outbox/b.xml', 'c:\\users\\me\\outbox')).toBe(false)
  })

  it('takes only an absolute path with no NUL in it as naming something', () => {
    const posix = new ComparablePaths('linux', plain(false))
    expect(posix.isUsable('/data/a.xml')).toBe(true)
    expect(posix.isUsable('')).toBe(false)
    expect(posix.isUsable('data/a.xml')).toBe(false)
    expect(posix.isUsable('/data/a\0.xml')).toBe(false)
    expect(posix.isUsable('C:\\data\\a.xml')).toBe(false)
    const windows = new ComparablePaths('win32', plain(true))
    expect(windows.isUsable('C:\\data\\a.xml')).toBe(true)
    expect(windows.isUsable('\\\\server\\share\\a.xml')).toBe(true)
    expect(windows.isUsable('data\\a.xml')).toBe(false)
    expect(windows.isUsable('C:data\\a.xml')).toBe(false)
  })
})

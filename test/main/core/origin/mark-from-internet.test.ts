import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  markFromInternet,
  originUrl,
  type FileOrigin,
} from '../../../../src/main/core/origin/mark-from-internet'

const origin: FileOrigin = {
  host: 'sftp.example.test',
  port: 2222,
  username: 'acme corp',
  remotePath: 'AS2/files/ST/Partner/inbox/20261206-ab12/invoice #1.docm',
}

/** The mark as the OS's own tools read it back (build.yml runs this file on each OS). */
function readMark(path: string): string {
  if (process.platform === 'win32') return readFileSync(`${path}:Zone.Identifier`, 'utf8')
  if (process.platform === 'darwin')
    return execFileSync('xattr', ['-p', 'com.apple.quarantine', path], { encoding: 'utf8' })
  return execFileSync('getfattr', ['--only-values', '-n', 'user.xdg.origin.url', path], {
    encoding: 'utf8',
  })
}

describe('markFromInternet', () => {
  const dirs: string[] = []
  const file = () => {
    const dir = mkdtempSync(join(tmpdir(), 'mailroom-mark-'))
    dirs.push(dir)
    const path = join(dir, 'invoice.docm')
    writeFileSync(path, 'macros inside')
    return path
  }
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })

  it("writes this OS's mark, read back by its own tools", async () => {
    const path = file()
    expect(await markFromInternet(path, origin)).toBe('marked')
    const mark = readMark(path)
    if (process.platform === 'win32') {
      expect(mark).toContain('ZoneId=3')
      expect(mark).toContain(`HostUrl=${originUrl(origin, false)}`)
    } else if (process.platform === 'darwin') {
      expect(mark).toMatch(/^0081;[0-9a-f]+;Mailroom;[0-9A-F-]{36}\s*$/)
    } else {
      expect(mark).toBe(
        'sftp://acme%20corp@sftp.example.test:2222/AS2/files/ST/Partner/inbox/20261206-ab12/invoice%20%231.docm',
      )
    }
    // The file itself is untouched.
    expect(readFileSync(path, 'utf8')).toBe('macros inside')
  })

  it("writes Windows' Zone.Identifier stream as browsers do, with no user name in it", async () => {
    // On other systems the stream name is a plain file beside it: its content is what counts.
    const path = file()
    expect(await markFromInternet(path, origin, 'win32')).toBe('marked')
    expect(readFileSync(`${path}:Zone.Identifier`, 'utf8')).toBe(
      '[ZoneTransfer]\r\nZoneId=3\r\nHostUrl=sftp://sftp.example.test:2222/AS2/files/ST/Partner/inbox/20261206-ab12/invoice%20%231.docm\r\n',
    )
  })

  it("writes macOS's quarantine attribute in the form Gatekeeper reads", async () => {
    const written: Array<[string, string, string]> = []
    const result = await markFromInternet(file(), origin, 'darwin', async (path, name, value) => {
      written.push([path, name, value])
    })
    expect(result).toBe('marked')
    expect(written).toHaveLength(1)
    const [, name, value] = written[0] ?? []
    expect(name).toBe('com.apple.quarantine')
    const [flags, seconds, agent, id] = (value ?? '').split(';')
    expect(flags).toBe('0081')
    expect(Math.abs(parseInt(seconds ?? '0', 16) - Date.now() / 1000)).toBeLessThan(60)
    expect(agent).toBe('Mailroom')
    expect(id).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/)
  })

  it('says unsupported, keeping the file, where the file system holds no extended attributes', async () => {
    const path = file()
    const refusing = async () => {
      throw Object.assign(new Error('Operation not supported (os error 95)'), {
        code: 'GenericFailure',
      })
    }
    expect(await markFromInternet(path, origin, 'linux', refusing)).toBe('unsupported')
    expect(readFileSync(path, 'utf8')).toBe('macros inside')
  })

  it('reports any other failure instead of calling it unsupported', async () => {
    const failing = async () => {
      throw Object.assign(new Error('Permission denied (os error 13)'), { code: 'GenericFailure' })
    }
    await expect(markFromInternet(file(), origin, 'linux', failing)).rejects.toThrow(
      /Permission denied/,
    )
  })
})

describe('originUrl', () => {
  it('encodes every part, brackets an IPv6 host, and names the user only where asked', () => {
    expect(
      originUrl({ host: '::1', port: 22, username: 'a@b', remotePath: 'in/x?y.edi' }, true),
    ).toBe('sftp://a%40b@[::1]:22/in/x%3Fy.edi')
    expect(originUrl({ host: 'h', port: 22, username: 'u', remotePath: '' }, false)).toBe(
      'sftp://h:22/',
    )
  })
})

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { keyFilesOfSites } from '../../../../../src/main/core/profiles/site-import/key-files-of-sites'

const dir = mkdtempSync(join(tmpdir(), 'mailroom-key-files-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** What the person is asked about before site import reads keys (issue 19, item 3). */
describe('keyFilesOfSites', () => {
  it('lists each key file the chosen sites name once, with the sites that name it', async () => {
    const config = join(dir, 'config')
    writeFileSync(
      config,
      [
        'Host acme',
        '  HostName sftp.acme.test',
        '  IdentityFile /keys/shared',
        'Host globex',
        '  HostName sftp.globex.test',
        '  IdentityFile /keys/shared',
        'Host initech',
        '  HostName sftp.initech.test',
        '  IdentityFile /keys/initech',
        'Host nokey',
        '  HostName sftp.nokey.test',
        '',
      ].join('\n'),
    )
    expect(await keyFilesOfSites('openssh', config, [0, 1, 3])).toEqual([
      { path: '/keys/shared', sites: ['acme', 'globex'] },
    ])
    expect(await keyFilesOfSites('openssh', config, [2, 2, 99])).toEqual([
      { path: '/keys/initech', sites: ['initech'] },
    ])
  })

  it("lists a jump host's own key file too, and not the key of a site that uses its agent", async () => {
    const config = join(dir, 'config-jumps')
    writeFileSync(
      config,
      [
        'Host bastion',
        '  HostName bastion.test',
        '  IdentityFile /keys/jump',
        'Host inner',
        '  HostName inner.test',
        '  IdentityFile /keys/inner',
        '  ProxyJump bastion',
        'Host agent',
        '  HostName agent.test',
        '  IdentityFile /keys/agent',
        '  IdentityAgent SSH_AUTH_SOCK',
        '',
      ].join('\n'),
    )
    expect(await keyFilesOfSites('openssh', config, [1, 2])).toEqual([
      { path: '/keys/inner', sites: ['inner'] },
      { path: '/keys/jump', sites: ['inner'] },
    ])
  })
})

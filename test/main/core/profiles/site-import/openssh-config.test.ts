import { describe, expect, it } from 'vitest'
import { readOpenSshConfig } from '../../../../../src/main/core/profiles/site-import/openssh-config'

describe('readOpenSshConfig', () => {
  it('reads each Host line as one site, named after its first alias, with HostName, Port, User and the first IdentityFile', () => {
    const config = [
      'Host partner partner-alias',
      '  HostName sftp.partner.example',
      '  Port 2222',
      '  User acme',
      '  IdentityFile ~/.ssh/partner_ed25519',
      'Host *.internal',
      '  User nobody',
      'Host as2gw as2gateway',
      '  HostName as2.gateway.example',
      'Host * !bastion',
      '  User everyone',
      'Host *.gw gw',
      '  HostName gw.example',
      'Host bare',
      'Host *',
      '  IdentityFile ~/.ssh/id_ed25519',
    ].join('\n')
    expect(readOpenSshConfig(config, '/home/me')).toEqual([
      {
        name: 'partner',
        group: '',
        host: 'sftp.partner.example',
        port: 2222,
        username: 'acme',
        keyPath: '/home/me/.ssh/partner_ed25519',
      },
      {
        name: 'as2gw',
        group: '',
        host: 'as2.gateway.example',
        port: 22,
        username: 'everyone',
        keyPath: '/home/me/.ssh/id_ed25519',
      },
      {
        name: 'gw',
        group: '',
        host: 'gw.example',
        port: 22,
        username: 'everyone',
        keyPath: '/home/me/.ssh/id_ed25519',
      },
      {
        name: 'bare',
        group: '',
        host: 'bare',
        port: 22,
        username: 'everyone',
        keyPath: '/home/me/.ssh/id_ed25519',
      },
    ])
  })

  it('takes "~" alone or in front as the home folder, and other paths as they are', () => {
    const config = [
      'Host home',
      '  IdentityFile ~',
      'Host absolute',
      '  IdentityFile /keys/partner',
      'Host relative',
      '  IdentityFile keys/~partner',
    ].join('\n')
    expect(readOpenSshConfig(config, '/home/me').map((site) => site.keyPath)).toEqual([
      '/home/me',
      '/keys/partner',
      'keys/~partner',
    ])
  })

  it('finds no sites in a config of settings for every host only', () => {
    expect(readOpenSshConfig('Host *\n  User me\n', '/home/me')).toEqual([])
    expect(readOpenSshConfig('', '/home/me')).toEqual([])
  })
})

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

  it('carries ProxyJump as jump hosts, each looked up in the config as ssh does, chains followed', () => {
    const config = [
      'Host bastion',
      '  HostName bastion.corp',
      '  Port 2222',
      '  User jumper',
      '  IdentityFile ~/.ssh/jump_key',
      'Host inner-gw',
      '  HostName inner.corp',
      '  ProxyJump bastion',
      'Host partner',
      '  HostName 10.0.0.5',
      '  User me',
      '  ProxyJump inner-gw,other@[2001:db8::7]:2200',
      'Host straight',
      '  HostName straight.example',
      '  ProxyJump none',
    ].join('\n')
    const sites = readOpenSshConfig(config, '/home/me')
    expect(sites.find((site) => site.name === 'partner')).toEqual({
      name: 'partner',
      group: '',
      host: '10.0.0.5',
      port: 22,
      username: 'me',
      keyPath: null,
      jumps: [
        { host: 'bastion.corp', port: 2222, username: 'jumper', keyPath: '/home/me/.ssh/jump_key' },
        { host: 'inner.corp', port: 22, username: 'me', keyPath: null },
        { host: '2001:db8::7', port: 2200, username: 'other', keyPath: null },
      ],
    })
    expect(sites.find((site) => site.name === 'straight')?.jumps).toBeUndefined()
  })

  it('carries a ProxyCommand of the "ssh -W %h:%p host" form as a jump host, and names any other', () => {
    const config = [
      'Host w',
      '  HostName w.example',
      '  ProxyCommand ssh -q -W %h:%p -p 2200 -i ~/.ssh/gw gw-user@gw.corp',
      'Host w6',
      '  HostName w6.example',
      '  ProxyCommand /usr/bin/ssh gw.corp -l someone -W [%h]:%p',
      'Host nc',
      '  HostName nc.example',
      '  ProxyCommand nc -X 5 -x socks.corp:1080 %h %p',
      'Host long',
      '  HostName long.example',
      '  ProxyJump a,b,c,d',
    ].join('\n')
    const [w, w6, nc, long] = readOpenSshConfig(config, '/home/me')
    expect(w?.jumps).toEqual([
      { host: 'gw.corp', port: 2200, username: 'gw-user', keyPath: '/home/me/.ssh/gw' },
    ])
    expect(w6?.jumps).toEqual([{ host: 'gw.corp', port: 22, username: 'someone', keyPath: null }])
    expect(nc?.jumps).toBeUndefined()
    expect(nc?.unsupported).toEqual([
      'ProxyCommand "nc -X 5 -x socks.corp:1080 %h %p", which Mailroom cannot run: only "ssh -W %h:%p host" is carried over (as a jump host), so the site is imported without it.',
    ])
    expect(long?.jumps).toBeUndefined()
    expect(long?.unsupported).toEqual([
      'A chain of 4 jump hosts: Mailroom goes through at most 3, so the site is imported without them.',
    ])
  })

  it('logs in with the agent IdentityAgent names, leaving the key file where it is', () => {
    const config = [
      'Host agent',
      '  HostName a.example',
      '  IdentityFile ~/.ssh/id_ed25519',
      '  IdentityAgent SSH_AUTH_SOCK',
      'Host other-agent',
      '  HostName b.example',
      '  IdentityAgent ~/.1password/agent.sock',
      'Host no-agent',
      '  HostName c.example',
      '  IdentityAgent none',
      '  IdentityFile ~/.ssh/c',
    ].join('\n')
    const [agent, other, none] = readOpenSshConfig(config, '/home/me')
    expect(agent).toMatchObject({ auth: { method: 'agent' }, keyPath: null })
    expect(agent?.notes).toBeUndefined()
    expect(other).toMatchObject({
      auth: { method: 'agent' },
      notes: [expect.stringContaining('Its agent is the one at ~/.1password/agent.sock')],
    })
    expect(none).toMatchObject({ keyPath: '/home/me/.ssh/c' })
    expect(none?.auth).toBeUndefined()
  })
})

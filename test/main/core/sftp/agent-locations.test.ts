import { describe, expect, it } from 'vitest'
import {
  agentLocations,
  describeAgent,
  WINDOWS_OPENSSH_AGENT_PIPE,
} from '../../../../src/main/core/sftp/agent-locations'

describe('agentLocations', () => {
  it('is the socket SSH_AUTH_SOCK names on macOS and Linux, and nothing without it', () => {
    expect(agentLocations({ SSH_AUTH_SOCK: '/tmp/agent.1/sock' }, 'linux')).toEqual([
      { kind: 'socket', path: '/tmp/agent.1/sock' },
    ])
    expect(agentLocations({ SSH_AUTH_SOCK: '/private/tmp/launchd/Listeners' }, 'darwin')).toEqual([
      { kind: 'socket', path: '/private/tmp/launchd/Listeners' },
    ])
    expect(agentLocations({}, 'linux')).toEqual([])
    expect(agentLocations({ SSH_AUTH_SOCK: '  ' }, 'darwin')).toEqual([])
  })

  it("is the OpenSSH agent's pipe, then Pageant, on Windows", () => {
    expect(agentLocations({}, 'win32')).toEqual([
      { kind: 'windows-pipe', path: WINDOWS_OPENSSH_AGENT_PIPE },
      { kind: 'pageant' },
    ])
  })

  it('puts a pipe SSH_AUTH_SOCK names first on Windows, and leaves out a Cygwin socket file', () => {
    expect(agentLocations({ SSH_AUTH_SOCK: '//./pipe/my-agent' }, 'win32')).toEqual([
      { kind: 'windows-pipe', path: '//./pipe/my-agent' },
      { kind: 'windows-pipe', path: WINDOWS_OPENSSH_AGENT_PIPE },
      { kind: 'pageant' },
    ])
    expect(agentLocations({ SSH_AUTH_SOCK: '/tmp/ssh-XXXX/agent.1' }, 'win32')).toEqual([
      { kind: 'windows-pipe', path: WINDOWS_OPENSSH_AGENT_PIPE },
      { kind: 'pageant' },
    ])
  })

  it('names each agent as a person knows it', () => {
    expect(describeAgent({ kind: 'socket', path: '/tmp/a' })).toBe(
      'the SSH agent at /tmp/a (SSH_AUTH_SOCK)',
    )
    expect(describeAgent({ kind: 'windows-pipe', path: WINDOWS_OPENSSH_AGENT_PIPE })).toBe(
      "Windows' OpenSSH agent (the ssh-agent service)",
    )
    expect(describeAgent({ kind: 'pageant' })).toBe('Pageant')
  })
})

import { describe, expect, it, vi } from 'vitest'
import { EventBus } from '../../../../src/main/core/events/event-bus'
import { HostKeyPrompts } from '../../../../src/main/core/known-hosts/host-key-prompts'
import { KnownHostsStore } from '../../../../src/main/core/known-hosts/known-hosts-store'
import { silentLogger, type Logger } from '../../../../src/main/core/logging/logger'
import { hostKeyCheck } from '../../../../src/main/core/sessions/host-key-check'
import { SettingsFileStore } from '../../../../src/main/core/settings/settings-file'
import type { HostKeyPrompt, ProfileId } from '../../../../src/shared/domain'
import { MemorySettings } from '../../../fixtures/memory-settings'

const profileId = 'profile-0001' as ProfileId
const target = { profileId, host: 'sftp.example.com', port: 9193 }
const offered = { type: 'ssh-ed25519', fingerprint: 'SHA256:offered' }

/** The check's real collaborators: known hosts in memory, prompts on a bus, warnings kept. */
function setup() {
  const events = new EventBus()
  const asked: HostKeyPrompt[] = []
  events.subscribe((event) => event.name === 'hostkey:prompt' && asked.push(event.payload))
  const prompts = new HostKeyPrompts(events)
  const knownHosts = new KnownHostsStore(new SettingsFileStore(new MemorySettings()))
  const warnings: string[] = []
  const logger: Logger = { ...silentLogger, warn: (message) => warnings.push(message) }
  return { deps: { knownHosts, prompts, logger }, asked, prompts, knownHosts, warnings }
}

describe('hostKeyCheck', () => {
  it('goes on with the trusted key without asking anyone', async () => {
    const { deps, asked, knownHosts } = setup()
    knownHosts.trust('sftp.example.com', 9193, offered)
    expect(await hostKeyCheck(deps, target, true)(offered)).toBe(true)
    expect(await hostKeyCheck(deps, target, false)(offered)).toBe(true)
    expect(asked).toEqual([])
  })

  it('refuses a changed key with both fingerprints, never asking, and logs it', async () => {
    const { deps, asked, knownHosts, warnings } = setup()
    knownHosts.trust('sftp.example.com', 9193, {
      type: 'ssh-ed25519',
      fingerprint: 'SHA256:stored',
    })
    await expect(hostKeyCheck(deps, target, true)(offered)).rejects.toMatchObject({
      kind: 'host-key-changed',
      message: expect.stringContaining(
        'The host key of sftp.example.com port 9193 is not the one you trusted.',
      ),
      detail: {
        host: 'sftp.example.com',
        port: '9193',
        storedType: 'ssh-ed25519',
        storedFingerprint: 'SHA256:stored',
        offeredType: 'ssh-ed25519',
        offeredFingerprint: 'SHA256:offered',
      },
    })
    expect(asked).toEqual([])
    expect(warnings).toEqual(['Host key changed; connection refused'])
    expect(knownHosts.trusted('sftp.example.com', 9193)?.fingerprint).toBe('SHA256:stored')
  })

  it('accepts no unknown key when reconnecting: nobody opened that connection to be asked', async () => {
    const { deps, asked } = setup()
    await expect(hostKeyCheck(deps, target, false)(offered)).rejects.toMatchObject({
      kind: 'host-key-rejected',
    })
    expect(asked).toEqual([])
  })

  it('asks the person about an unknown key, says when it asks and when answered, and remembers a yes', async () => {
    const { deps, asked, prompts, knownHosts } = setup()
    const prompting: boolean[] = []
    const checking = hostKeyCheck(deps, target, true, (asking) => prompting.push(asking))(offered)
    await new Promise((resolve) => setImmediate(resolve))
    expect(asked).toEqual([
      {
        promptId: expect.any(String),
        profileId,
        host: 'sftp.example.com',
        port: 9193,
        hostKey: offered,
      },
    ])
    expect(prompting).toEqual([true])
    prompts.answer(asked[0]?.promptId ?? '', true)
    expect(await checking).toBe(true)
    expect(prompting).toEqual([true, false])
    expect(knownHosts.check('sftp.example.com', 9193, offered)).toEqual({ status: 'trusted' })
  })

  it('remembers nothing when the person says no', async () => {
    const { deps, asked, prompts, knownHosts } = setup()
    const prompting: boolean[] = []
    const checking = hostKeyCheck(deps, target, true, (asking) => prompting.push(asking))(offered)
    await new Promise((resolve) => setImmediate(resolve))
    prompts.answer(asked[0]?.promptId ?? '', false)
    expect(await checking).toBe(false)
    expect(prompting).toEqual([true, false])
    expect(knownHosts.trusted('sftp.example.com', 9193)).toBeUndefined()
  })

  it("decides on a jump host's key for its own host and port, saying it is the jump host's", async () => {
    const { deps, asked, prompts, knownHosts } = setup()
    const jump = { profileId, host: 'bastion.example.com', port: 2222, jumpHost: true }
    const answering = hostKeyCheck(deps, jump, true)(offered)
    await vi.waitFor(() => expect(asked).toHaveLength(1))
    expect(asked[0]).toMatchObject({ host: 'bastion.example.com', port: 2222, jumpHost: true })
    prompts.answer(asked[0]?.promptId ?? '', true)
    expect(await answering).toBe(true)
    expect(knownHosts.trusted('bastion.example.com', 2222)?.fingerprint).toBe('SHA256:offered')
    expect(knownHosts.trusted('sftp.example.com', 9193)).toBeUndefined()

    const other = { type: 'ssh-ed25519', fingerprint: 'SHA256:other' }
    await expect(hostKeyCheck(deps, jump, true)(other)).rejects.toMatchObject({
      kind: 'host-key-changed',
      message: expect.stringMatching(
        /^The host key of the jump host bastion\.example\.com port 2222 is not the one you trusted\..*Ask the jump host's administrator whether they changed its key\.$/,
      ),
      detail: { host: 'bastion.example.com', port: '2222', jumpHost: 'true' },
    })
    knownHosts.forget('bastion.example.com', 2222)
    await expect(hostKeyCheck(deps, jump, false)(offered)).rejects.toMatchObject({
      kind: 'host-key-rejected',
      message: expect.stringContaining(
        'The host key of the jump host bastion.example.com port 2222',
      ),
      detail: { jumpHost: 'true' },
    })
  })
})

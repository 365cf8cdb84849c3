import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { generateEd25519 } from '../../../../src/main/core/keys/generate-key'
import { KeyVault } from '../../../../src/main/core/keys/key-vault'
import { ProfilePasswords } from '../../../../src/main/core/secrets/profile-passwords'
import { MemorySecretStore } from '../../../../src/main/core/secrets/secret-store'
import {
  credentialsForProfile,
  type CredentialSources,
} from '../../../../src/main/core/sessions/credentials-for-profile'
import type { LoginWho } from '../../../../src/main/core/sessions/login-prompts'
import { SettingsFileStore } from '../../../../src/main/core/settings/settings-file'
import type { ServerRound } from '../../../../src/main/core/sftp/server-questions'
import type { ProfileAuth } from '../../../../src/shared/connection-settings'
import type { KeyId, ProfileId } from '../../../../src/shared/domain'
import { startFakeAgent } from '../../../fixtures/fake-agent'
import { MemorySettings } from '../../../fixtures/memory-settings'

describe('credentialsForProfile', () => {
  let folder: string
  let passwords: ProfilePasswords
  let sources: CredentialSources
  let keyId: KeyId
  let agent: Awaited<ReturnType<typeof startFakeAgent>>
  const asked: [LoginWho, ServerRound][] = []
  beforeAll(async () => {
    agent = await startFakeAgent(2)
  })
  afterAll(async () => agent?.stop())
  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'mailroom-credentials-'))
    const secrets = new MemorySecretStore()
    const vault = new KeyVault(
      join(folder, 'keys'),
      secrets,
      new SettingsFileStore(new MemorySettings()),
    )
    keyId = (await vault.add(generateEd25519('stored'), { origin: 'generated' })).id
    passwords = new ProfilePasswords(secrets)
    sources = {
      keys: vault,
      passwords,
      questions: {
        ask: async (who, round) => {
          asked.push([who, round])
          return ['answer']
        },
      },
      agents: () => [{ kind: 'socket', path: agent.socket }],
    }
  })
  afterEach(() => rmSync(folder, { recursive: true, force: true }))

  const profile = (auth: ProfileAuth) => ({
    id: 'profile-0001' as ProfileId,
    name: 'Partner',
    host: 'sftp.test',
    port: 2222,
    username: 'alice',
    keyId,
    auth,
  })

  it('gives the password typed for this connect before the stored one', async () => {
    await passwords.remember('profile-0001' as ProfileId, 'stored')
    const auth = { method: 'password', remember: true } as const
    expect(await credentialsForProfile(profile(auth), sources)).toEqual({
      kind: 'password',
      password: 'stored',
      from: 'keychain',
    })
    expect(await credentialsForProfile(profile(auth), sources, { password: 'typed' })).toEqual({
      kind: 'password',
      password: 'typed',
      from: 'person',
    })
  })

  it('asks for the password (password-needed) when it is asked at every connect, or none is stored', async () => {
    await passwords.remember('profile-0001' as ProfileId, 'left over')
    await expect(
      credentialsForProfile(profile({ method: 'password', remember: false }), sources),
    ).rejects.toMatchObject({
      kind: 'password-needed',
      message:
        '"Partner" asks for its password at every connect: enter the password for alice on sftp.test.',
      detail: { username: 'alice', host: 'sftp.test' },
    })
    await passwords.forget('profile-0001' as ProfileId)
    await expect(
      credentialsForProfile(profile({ method: 'key-and-password', remember: true }), sources),
    ).rejects.toMatchObject({
      kind: 'password-needed',
      message: expect.stringContaining('No password is stored'),
    })
  })

  it('gives the key and the password for a server that requires both', async () => {
    const credentials = await credentialsForProfile(
      profile({ method: 'key-and-password', remember: false }),
      sources,
      { password: 'typed' },
    )
    expect(credentials).toMatchObject({
      kind: 'key-and-password',
      privateKey: { type: 'ssh-ed25519' },
      password: 'typed',
      from: 'person',
    })
  })

  it("sends the server's questions to the person as this profile's, with the stored password", async () => {
    await passwords.remember('profile-0001' as ProfileId, 'stored')
    const credentials = await credentialsForProfile(
      profile({ method: 'keyboard-interactive', remember: true }),
      sources,
    )
    if (credentials.kind !== 'keyboard-interactive') throw new Error(credentials.kind)
    expect(credentials).toMatchObject({ password: 'stored', from: 'keychain' })
    const round = {
      name: '',
      instruction: '',
      prompts: [{ prompt: 'Code:', echo: true }],
      round: 1,
    }
    expect(await credentials.ask(round)).toEqual(['answer'])
    expect(asked.at(-1)).toEqual([
      { profileId: 'profile-0001', host: 'sftp.test', port: 2222, username: 'alice' },
      round,
    ])
    const without = await credentialsForProfile(
      profile({ method: 'keyboard-interactive', remember: false }),
      sources,
    )
    expect('password' in without).toBe(false)
  })

  it("checks the agent before connecting: that it answers and holds the profile's key", async () => {
    const [, second] = agent.keys
    const { sha256Fingerprint } = await import('../../../../src/main/core/sftp/host-key')
    const fingerprint = sha256Fingerprint(second?.getPublicSSH() as Buffer)
    expect(
      await credentialsForProfile(
        profile({ method: 'agent', keyFingerprint: fingerprint }),
        sources,
      ),
    ).toEqual({
      kind: 'agent',
      agents: [{ kind: 'socket', path: agent.socket }],
      keyFingerprint: fingerprint,
    })
    const missing = `SHA256:${'A'.repeat(43)}`
    await expect(
      credentialsForProfile(profile({ method: 'agent', keyFingerprint: missing }), sources),
    ).rejects.toMatchObject({
      kind: 'auth-failed',
      message: expect.stringContaining(
        `does not hold the key ${missing} the profile "Partner" names`,
      ),
    })
    await expect(
      credentialsForProfile(profile({ method: 'agent' }), { ...sources, agents: () => [] }),
    ).rejects.toMatchObject({
      kind: 'auth-failed',
      message: expect.stringContaining('SSH_AUTH_SOCK'),
    })
  })
})

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createDispatch } from '../../../../src/main/core/api/dispatch'
import type { Handlers } from '../../../../src/main/core/api/handler-table'
import { createMailroom } from '../../../../src/main/core/app/create-mailroom'
import { MailroomError } from '../../../../src/main/core/errors'
import { silentLogger } from '../../../../src/main/core/logging/logger'
import { MemorySecretStore } from '../../../../src/main/core/secrets/secret-store'
import { MemorySettings } from '../../../fixtures/memory-settings'

const dataDir = mkdtempSync(join(tmpdir(), 'mailroom-dispatch-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

function mailroom() {
  return createMailroom({
    dataDir,
    settings: new MemorySettings(),
    secrets: new MemorySecretStore(),
    logger: silentLogger,
    platform: { transport: 'web', version: 'test' },
  })
}

const validProfile = {
  name: 'Amili',
  preset: 'amili',
  group: '',
  host: 'sftp.example.com',
  port: 22,
  username: '123456',
  keyId: null,
}

describe('dispatch', () => {
  it('refuses a call the contract does not name', async () => {
    expect(await mailroom().dispatch('shell:exec', { command: 'rm -rf /' })).toEqual({
      ok: false,
      error: { kind: 'invalid-input', message: 'Unknown request.' },
    })
    expect(await mailroom().dispatch('__proto__', {})).toMatchObject({
      ok: false,
      error: { kind: 'invalid-input' },
    })
  })

  it('validates input against the contract and says which field is wrong', async () => {
    const result = await mailroom().dispatch('profiles:save', {
      profile: { ...validProfile, port: 70000 },
    })
    expect(result).toEqual({
      ok: false,
      error: { kind: 'invalid-input', message: 'profile.port: Port is 1 to 65535' },
    })
  })

  it('refuses fields the contract does not name', async () => {
    const result = await mailroom().dispatch('profiles:list', { extra: true })
    expect(result).toMatchObject({ ok: false, error: { kind: 'invalid-input' } })
  })

  it('refuses remote paths that climb out of the login folder', async () => {
    const result = await mailroom().dispatch('remote:list', {
      profileId: '00000000-0000-0000-0000-000000000000',
      path: '../etc',
    })
    expect(result).toMatchObject({ ok: false, error: { kind: 'invalid-input' } })
  })

  it('checks the user name with the rules of the chosen gateway', async () => {
    const app = mailroom()
    expect(
      await app.dispatch('profiles:save', { profile: { ...validProfile, username: 'ACME' } }),
    ).toEqual({
      ok: false,
      error: {
        kind: 'invalid-input',
        message: 'profile.username: A creditor number has digits only',
      },
    })
    expect(
      await app.dispatch('profiles:save', {
        profile: { ...validProfile, preset: 'as2-gateway', username: '-acme' },
      }),
    ).toMatchObject({
      ok: false,
      error: { message: 'profile.username: A user name cannot start with "-"' },
    })
    expect(
      await app.dispatch('profiles:save', {
        profile: { ...validProfile, preset: 'mft-gateway', username: 'acme corp' },
      }),
    ).toMatchObject({
      ok: false,
      error: { message: 'profile.username: Use only letters, digits, "_" and "-"' },
    })
    expect(
      await app.dispatch('profiles:save', { profile: { ...validProfile, host: 'bad host!' } }),
    ).toMatchObject({ ok: false, error: { kind: 'invalid-input' } })
    expect(await app.dispatch('profiles:list', {})).toEqual({ ok: true, value: [] })
  })

  it('saves, clones and deletes a profile', async () => {
    const app = mailroom()
    const saved = await app.dispatch('profiles:save', { profile: validProfile })
    expect(saved).toMatchObject({ ok: true, value: validProfile })
    const id = saved.ok ? (saved.value as { id: string }).id : ''
    expect(await app.dispatch('profiles:clone', { id })).toMatchObject({
      ok: true,
      value: { ...validProfile, name: 'Amili (copy)' },
    })
    expect(await app.dispatch('profiles:delete', { id, deleteKey: false })).toEqual({
      ok: true,
      value: null,
    })
    const listed = await app.dispatch('profiles:list', {})
    expect(listed.ok && (listed.value as unknown[]).length).toBe(1)
  })

  it('refuses a profile pointing at a key that is not stored', async () => {
    const result = await mailroom().dispatch('profiles:save', {
      profile: { ...validProfile, keyId: '00000000-0000-0000-0000-000000000000' },
    })
    expect(result).toMatchObject({ ok: false, error: { kind: 'not-found' } })
  })

  it('strips fields a handler returns beyond the contract', async () => {
    const handlers = {
      'keys:list': async () => [
        {
          id: 'key-00000001',
          type: 'ssh-ed25519',
          bits: 256,
          fingerprint: 'SHA256:x',
          publicKey: 'ssh-ed25519 AAAA',
          comment: '',
          encrypted: false,
          passphraseRemembered: false,
          origin: 'generated',
          createdAt: 1,
          privateKey: 'SECRET',
        },
      ],
    } as unknown as Handlers
    const result = await createDispatch(handlers, silentLogger)('keys:list', {})
    expect(result.ok).toBe(true)
    expect(JSON.stringify(result)).not.toContain('SECRET')
    expect(JSON.stringify(result)).toContain('SHA256:x')
  })

  it('turns an expected failure into its kind and message, and a bug into "internal"', async () => {
    const handlers = {
      'app:info': async () => {
        throw new MailroomError('not-found', 'Gone.')
      },
      'settings:get': async () => {
        throw new TypeError('x is undefined')
      },
    } as unknown as Handlers
    const dispatch = createDispatch(handlers, silentLogger)
    expect(await dispatch('app:info', {})).toEqual({
      ok: false,
      error: { kind: 'not-found', message: 'Gone.' },
    })
    expect(await dispatch('settings:get', {})).toEqual({
      ok: false,
      error: { kind: 'internal', message: 'Unexpected error: x is undefined' },
    })
  })

  it('asks for a connection before listing', async () => {
    const app = mailroom()
    const saved = await app.dispatch('profiles:save', { profile: validProfile })
    const id = saved.ok ? (saved.value as { id: string }).id : ''
    expect(await app.dispatch('remote:list', { profileId: id, path: '' })).toMatchObject({
      ok: false,
      error: { kind: 'not-connected' },
    })
  })

  it('says native dialogs are missing in the web UI', async () => {
    expect(await mailroom().dispatch('dialog:choose-folder', { title: 'x' })).toMatchObject({
      ok: false,
      error: { kind: 'not-supported' },
    })
  })

  it('picks up into Documents/Mailroom/<profile>/<partner> until a folder is chosen, then remembers it per mailbox', async () => {
    const app = mailroom()
    const saved = await app.dispatch('profiles:save', {
      profile: { ...validProfile, name: 'Acme: EDI' },
    })
    const profileId = saved.ok ? (saved.value as { id: string }).id : ''
    const first = await app.dispatch('pickup:folder', {
      profileId,
      mailboxPath: 'as2gateway/RJ_ONE/DemoAS2/inbox',
      partner: 'DemoAS2',
    })
    expect(first).toMatchObject({
      ok: true,
      value: {
        remembered: false,
        folder: expect.stringMatching(/Documents[/\\]Mailroom[/\\]Acme_ EDI[/\\]DemoAS2$/),
      },
    })
    await app.dispatch('pickup:set-folder', {
      profileId,
      mailboxPath: 'as2gateway/RJ_ONE/DemoAS2/inbox',
      folder: '/data/in',
    })
    expect(
      await app.dispatch('pickup:folder', {
        profileId,
        mailboxPath: 'as2gateway/RJ_ONE/DemoAS2/inbox',
        partner: 'DemoAS2',
      }),
    ).toEqual({ ok: true, value: { folder: '/data/in', remembered: true } })
    expect(
      await app.dispatch('pickup:folder', { profileId, mailboxPath: 'pickup', partner: '' }),
    ).toMatchObject({ ok: true, value: { remembered: false } })
  })
})

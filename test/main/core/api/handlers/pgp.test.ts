import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKey } from 'openpgp'
import { afterEach, describe, expect, it } from 'vitest'
import type { PgpKeyInfo } from '../../../../../src/shared/pgp'
import { valueOf } from '../../../../fixtures/connected-mailroom'
import { memoryMailroom, type MemoryMailroom } from '../../../../fixtures/memory-mailroom'

describe('the OpenPGP key calls', () => {
  let core: MemoryMailroom | undefined
  afterEach(async () => {
    await core?.close()
    core = undefined
  })

  it('generates, lists, exports, imports pasted text and deletes keys', async () => {
    core = memoryMailroom()
    const { app } = core
    const own = valueOf<PgpKeyInfo>(
      await app.dispatch('pgp:generate', {
        name: 'Our Company',
        email: 'edi@ours.test',
        rememberPassphrase: false,
        expiresInDays: 365,
      }),
    )
    expect(own).toMatchObject({ algorithm: 'ed25519/cv25519', hasSecret: true, expired: false })
    expect(own.expiresAt).toBeGreaterThan(Date.now() + 364 * 24 * 3600 * 1000)
    expect(own).not.toHaveProperty('publicKey')

    const { publicKey } = await generateKey({
      userIDs: [{ name: 'Partner', email: 'p@partner.test' }],
      type: 'ecc',
      curve: 'curve25519Legacy',
    })
    const imported = await app.dispatch('pgp:import', {
      source: { kind: 'text', text: publicKey },
      rememberPassphrase: false,
    })
    expect(imported).toMatchObject({
      ok: true,
      value: [
        { result: 'added', key: { userIds: ['Partner <p@partner.test>'], hasSecret: false } },
      ],
    })
    expect(valueOf<PgpKeyInfo[]>(await app.dispatch('pgp:keys', {}))).toHaveLength(2)

    const folder = mkdtempSync(join(tmpdir(), 'pgp-calls-'))
    const exported = join(folder, 'ours.asc')
    expect(
      await app.dispatch('pgp:export-public', { fingerprint: own.fingerprint, path: exported }),
    ).toEqual({ ok: true, value: null })
    expect(readFileSync(exported, 'utf8')).toMatch(/^-----BEGIN PGP PUBLIC KEY BLOCK-----/)
    // Copy public key gets the same text: the own key pair's public half, never its secret.
    const copied = valueOf<string>(
      await app.dispatch('pgp:public-key', { fingerprint: own.fingerprint }),
    )
    expect(copied).toBe(readFileSync(exported, 'utf8'))
    expect(copied).not.toContain('PRIVATE KEY')

    expect(await app.dispatch('pgp:delete', { fingerprint: own.fingerprint })).toEqual({
      ok: true,
      value: null,
    })
    expect(valueOf<PgpKeyInfo[]>(await app.dispatch('pgp:keys', {}))).toHaveLength(1)
    expect(await app.dispatch('pgp:public-key', { fingerprint: own.fingerprint })).toMatchObject({
      ok: false,
      error: { kind: 'not-found', message: 'That OpenPGP key is no longer in Mailroom.' },
    })
  })

  it('refuses a malformed fingerprint and a file with no key, with the reason', async () => {
    core = memoryMailroom()
    const { app } = core
    expect(await app.dispatch('pgp:delete', { fingerprint: 'not-a-fingerprint' })).toMatchObject({
      ok: false,
      error: { kind: 'invalid-input' },
    })
    const folder = mkdtempSync(join(tmpdir(), 'pgp-calls-'))
    const notes = join(folder, 'notes.txt')
    writeFileSync(notes, 'hello')
    expect(
      await app.dispatch('pgp:import', {
        source: { kind: 'path', path: notes },
        rememberPassphrase: false,
      }),
    ).toMatchObject({
      ok: false,
      error: { kind: 'invalid-input', message: expect.stringContaining('holds no OpenPGP key') },
    })
  })

  it('refuses to delete a key a send mailbox encrypts to, naming the profile', async () => {
    core = memoryMailroom()
    const { app } = core
    const partner = valueOf<PgpKeyInfo>(
      await app.dispatch('pgp:generate', {
        name: 'Partner',
        email: 'p@partner.test',
        rememberPassphrase: false,
      }),
    )
    const acme = await core.profile({
      name: 'Acme',
      pgpSend: { outbox: { encryptTo: [partner.fingerprint], sign: false, armored: false } },
    })
    expect(await app.dispatch('pgp:delete', { fingerprint: partner.fingerprint })).toEqual({
      ok: false,
      error: {
        kind: 'invalid-input',
        message: 'This OpenPGP key is encrypted to by "Acme". Choose another key there first.',
      },
    })
    await app.dispatch('profiles:delete', { id: acme.id, deleteKey: false })
    expect(await app.dispatch('pgp:delete', { fingerprint: partner.fingerprint })).toEqual({
      ok: true,
      value: null,
    })
  })

  it('validates an answer to a passphrase question against the contract, and refuses an unknown question', async () => {
    core = memoryMailroom()
    const { app } = core
    const promptId = '5b0c1f64-8a4e-4f5e-9d55-3c8f1f2a7b11'
    for (const input of [
      {},
      { promptId },
      { promptId, passphrase: '', remember: false },
      { promptId, passphrase: 'x'.repeat(1025), remember: false },
      { promptId, passphrase: 42, remember: false },
      { promptId, passphrase: 'secret', remember: 'yes' },
      { promptId, passphrase: 'secret', remember: false, fingerprint: 'ABCD' },
      { promptId: 'x'.repeat(101), passphrase: null, remember: false },
    ])
      expect(await app.dispatch('pgp:answer-passphrase', input)).toMatchObject({
        ok: false,
        error: { kind: 'invalid-input' },
      })
    // Well formed, but no question is open: the answer came late or twice.
    for (const input of [
      { promptId, passphrase: 'secret', remember: true },
      { promptId, passphrase: null },
    ])
      expect(await app.dispatch('pgp:answer-passphrase', input)).toEqual({
        ok: false,
        error: {
          kind: 'not-found',
          message: 'That passphrase question has already been answered or has expired.',
        },
      })
  })

  it('refuses to delete the own key a send mailbox signs with, naming the profile', async () => {
    core = memoryMailroom()
    const { app } = core
    const own = valueOf<PgpKeyInfo>(
      await app.dispatch('pgp:generate', {
        name: 'Own',
        email: 'own@ours.test',
        rememberPassphrase: false,
      }),
    )
    const partner = 'A'.repeat(40) as PgpKeyInfo['fingerprint']
    const acme = await core.profile({
      name: 'Acme',
      pgpSend: {
        outbox: { encryptTo: [partner], sign: true, signWith: own.fingerprint, armored: false },
      },
    })
    expect(await app.dispatch('pgp:delete', { fingerprint: own.fingerprint })).toEqual({
      ok: false,
      error: {
        kind: 'invalid-input',
        message:
          '"Acme" signs what it sends with this OpenPGP key. Choose another key there first.',
      },
    })
    await app.dispatch('profiles:delete', { id: acme.id, deleteKey: false })
    expect(await app.dispatch('pgp:delete', { fingerprint: own.fingerprint })).toEqual({
      ok: true,
      value: null,
    })
  })
})

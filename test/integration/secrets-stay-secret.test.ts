import { execFileSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Mailroom } from '../../src/main/core/app/create-mailroom'
import { importPrivateKey } from '../../src/main/core/keys/import-key'
import { createLineLogger } from '../../src/main/core/logging/logger'
import { KeychainSecretStore } from '../../src/main/core/secrets/keychain-secret-store'
import type { Result } from '../../src/shared/errors'
import { trustingMailroom } from '../fixtures/connected-mailroom'
import { MemorySettings } from '../fixtures/memory-settings'
import { canTestPasswords, startSshd, type TestSshd } from '../fixtures/sshd-server'

/**
 * The whole job done through dispatch, with the real keychain: afterwards no private key byte
 * and no passphrase appears in the settings file, the data folder, the log, or anything that
 * went to the renderer (results and events).
 */
describe('secrets stay out of files, logs and the renderer', () => {
  let server: TestSshd
  let dataDir: string
  let keyDir: string
  let app: Mailroom
  const settings = new MemorySettings()
  const logLines: string[] = []
  const toRenderer: string[] = []
  const passphrase = 'a passphrase nobody may see'

  const call = async (name: string, input: unknown) => {
    const result: Result<unknown> = await app.dispatch(name, input)
    toRenderer.push(JSON.stringify(result))
    if (!result.ok) throw new Error(`${result.error.kind}: ${result.error.message}`)
    return result.value as Record<string, unknown>
  }

  beforeAll(async () => {
    server = await startSshd()
    dataDir = mkdtempSync(join(tmpdir(), 'mailroom-secret-data-'))
    keyDir = mkdtempSync(join(tmpdir(), 'mailroom-secret-keys-'))
    app = trustingMailroom(dataDir, {
      settings,
      secrets: new KeychainSecretStore(`Mailroom-test-${randomUUID()}`),
      logger: createLineLogger((line) => logLines.push(line)),
    })
    app.subscribe((event) => toRenderer.push(JSON.stringify(event)))
  })
  afterAll(async () => {
    await app?.shutdown()
    await server?.stop()
    rmSync(dataDir, { recursive: true, force: true })
    rmSync(keyDir, { recursive: true, force: true })
  })

  it('after importing, generating, connecting and failing a login', async () => {
    const keyPath = join(keyDir, 'id_ed25519')
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-f', keyPath])
    server.authorize(readFileSync(`${keyPath}.pub`, 'utf8'))
    const { material } = await importPrivateKey(readFileSync(keyPath), 'id', passphrase)
    if (material.type !== 'ssh-ed25519') throw new Error('expected ed25519')

    const imported = await call('keys:import', {
      source: { kind: 'path', path: keyPath },
      passphrase,
      rememberPassphrase: true,
    })
    const generated = await call('keys:generate', {
      comment: 'spare',
      passphrase,
      rememberPassphrase: false,
    })
    const profile = await call('profiles:save', {
      profile: {
        name: 'Secret test',
        preset: 'generic',
        group: '',
        host: server.host,
        port: server.port,
        username: server.username,
        keyId: imported.id,
      },
    })
    await call('session:open', { profileId: profile.id })
    await call('remote:list', { profileId: profile.id, path: '' })
    await call('session:close', { profileId: profile.id })
    // A failed login logs and reports an error: that must not carry the key either.
    await call('profiles:save', {
      id: profile.id,
      profile: { ...(profile as object), keyId: generated.id },
    }).catch(() => undefined)
    toRenderer.push(
      JSON.stringify(
        await app.dispatch('session:open', { profileId: profile.id, passphrase: 'wrong' }),
      ),
    )

    const files = readdirSync(dataDir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'latin1'))
    const haystacks = {
      settings: settings.asJson(),
      dataFolder: files.join('\n'),
      log: logLines.join('\n'),
      renderer: toRenderer.join('\n'),
    }
    const needles = [
      passphrase,
      material.seed.toString('base64'),
      material.seed.toString('hex'),
      material.seed.toString('base64url'),
      'PRIVATE KEY',
      ...readFileSync(keyPath, 'utf8').split('\n').slice(1, -2),
    ]
    for (const [where, text] of Object.entries(haystacks)) {
      for (const needle of needles)
        expect(text.includes(needle), `${where} contains ${needle.slice(0, 12)}…`).toBe(false)
    }
    expect(toRenderer.join('\n')).toContain(imported.publicKey as string)
    expect(logLines.length).toBeGreaterThan(0)
  })
})

/**
 * Passwords too, with the real keychain: typed for a connect, remembered, answering the
 * server's question, and wrong; afterwards none appears in the settings file, the data folder,
 * the log, or anything that went to the renderer.
 */
const passwordsOr = canTestPasswords ? describe : describe.skip
if (!canTestPasswords)
  console.warn("Skipping the password secrets: setting the test user's password needs root.")
passwordsOr('passwords stay out of files, logs and the renderer', () => {
  let server: TestSshd
  let dataDir: string
  let app: Mailroom
  const settings = new MemorySettings()
  const logLines: string[] = []
  const toRenderer: string[] = []

  beforeAll(async () => {
    server = await startSshd({ passwords: true })
    dataDir = mkdtempSync(join(tmpdir(), 'mailroom-secret-passwords-'))
    app = trustingMailroom(dataDir, {
      settings,
      secrets: new KeychainSecretStore(`Mailroom-test-${randomUUID()}`),
      logger: createLineLogger((line) => logLines.push(line)),
    })
    app.subscribe((event) => {
      toRenderer.push(JSON.stringify(event))
      if (event.name === 'login:prompt')
        void app.dispatch('login:answer', {
          promptId: event.payload.promptId,
          answers: [server.password as string],
        })
    })
  })
  afterAll(async () => {
    await app?.shutdown()
    await server?.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('after remembering, typing, answering and failing with a password', async () => {
    const password = server.password as string
    const call = async (name: string, input: unknown) => {
      const result: Result<unknown> = await app.dispatch(name, input)
      toRenderer.push(JSON.stringify(result))
      return result
    }
    const profileOf = async (auth: Record<string, unknown>, name: string) => {
      const result = await call('profiles:save', {
        profile: {
          name,
          preset: 'generic',
          group: '',
          host: server.host,
          port: server.port,
          username: server.username,
          keyId: null,
          auth,
        },
      })
      if (!result.ok) throw new Error(result.error.message)
      return (result.value as { id: string }).id
    }
    const remembered = await profileOf({ method: 'password', remember: true }, 'Remembered')
    expect(await call('session:open', { profileId: remembered, password })).toMatchObject({
      ok: true,
    })
    await call('session:close', { profileId: remembered })
    expect(await call('session:open', { profileId: remembered })).toMatchObject({ ok: true })
    await call('session:close', { profileId: remembered })
    const questions = await profileOf({ method: 'keyboard-interactive', remember: false }, 'Asked')
    expect(await call('session:open', { profileId: questions })).toMatchObject({ ok: true })
    await call('session:close', { profileId: questions })
    await call('profiles:remember-password', { id: remembered, password: `${password} old` })
    expect(await call('session:open', { profileId: remembered })).toMatchObject({ ok: false })

    const files = readdirSync(dataDir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'latin1'))
    const haystacks = {
      settings: settings.asJson(),
      dataFolder: files.join('\n'),
      log: logLines.join('\n'),
      renderer: toRenderer.join('\n'),
    }
    for (const [where, text] of Object.entries(haystacks))
      expect(text.includes(password), `${where} holds the password`).toBe(false)
    expect(toRenderer.join('\n')).toContain('"login:prompt"')
    expect(logLines.length).toBeGreaterThan(0)
  })
})

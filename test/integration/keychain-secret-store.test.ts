import { execFileSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { KeychainSecretStore } from '../../src/main/core/secrets/keychain-secret-store'

/**
 * The OS keychain itself: gnome-keyring's Secret Service under dbus-run-session on Linux
 * (scripts/with-keychain.sh), the login keychain or Credential Manager elsewhere. Each run uses
 * a service name of its own and deletes what it stored.
 */
describe('KeychainSecretStore with the real keychain', () => {
  const service = `Mailroom-test-${randomUUID()}`
  const secrets = new KeychainSecretStore(service)
  const other = new KeychainSecretStore(`${service}-other`)
  afterAll(async () => {
    for (const store of [secrets, other])
      for (const account of ['kek:key-1', 'passphrase:key-1']) await store.delete(account)
  })

  it('stores, replaces and deletes a secret, per service and account', async () => {
    expect(await secrets.get('kek:key-1')).toBeNull()
    await secrets.set('kek:key-1', 'first secret')
    await secrets.set('passphrase:key-1', 'correct horse battery')
    await secrets.set('kek:key-1', 'second secret')
    await other.set('kek:key-1', 'another service')
    expect(await secrets.get('kek:key-1')).toBe('second secret')
    expect(await secrets.get('passphrase:key-1')).toBe('correct horse battery')
    expect(await other.get('kek:key-1')).toBe('another service')
    expect(await secrets.delete('kek:key-1')).toBe(true)
    expect(await secrets.delete('kek:key-1')).toBe(false)
    expect(await secrets.get('kek:key-1')).toBeNull()
    expect(await other.get('kek:key-1')).toBe('another service')
  })

  it('keeps a secret of any characters as it was given', async () => {
    const secret = 'pässphrase with spaces, "quotes" and \u{1F511}'
    await secrets.set('passphrase:key-1', secret)
    expect(await new KeychainSecretStore(service).get('passphrase:key-1')).toBe(secret)
  })
})

describe('the keychain, when it is missing', () => {
  it('says what happened and how to fix it on this OS', () => {
    const script =
      "import { KeychainSecretStore } from './src/main/core/secrets/keychain-secret-store.ts'\nnew KeychainSecretStore('Mailroom-test').set('x', 'y').then(() => console.log('no error'), (e) => console.log(e.kind + ': ' + e.message))"
    const { DBUS_SESSION_BUS_ADDRESS: _bus, ...env } = process.env
    const output = execFileSync(
      process.execPath,
      ['node_modules/tsx/dist/cli.mjs', '--eval', script],
      { env, cwd: join(import.meta.dirname, '../..') },
    ).toString()
    expect(output).toMatch(/^keychain-unavailable: The system keychain is locked or missing/)
    expect(output).toContain('gnome-keyring-daemon --unlock')
  })
})

import { afterEach, describe, expect, it, vi } from 'vitest'
import { MailroomError } from '../../../../src/main/core/errors'
import { KeychainSecretStore } from '../../../../src/main/core/secrets/keychain-secret-store'

// The OS keychain itself is tested in test/integration/keychain-secret-store.test.ts (the real
// Secret Service under scripts/with-keychain.sh); here a stand-in takes its place, to see what
// the store asks of it and how it explains a failure.
const keychain = vi.hoisted(() => ({
  getPassword: vi.fn<(service: string, account: string) => Promise<string | null>>(),
  setPassword: vi.fn<(service: string, account: string, secret: string) => Promise<void>>(),
  deletePassword: vi.fn<(service: string, account: string) => Promise<boolean>>(),
}))
vi.mock('@napi-rs/keyring/keytar.js', () => ({ default: keychain }))

/** What the store advises on this OS when the keychain fails. */
const ADVICE: Partial<Record<NodeJS.Platform, string>> = {
  darwin: 'Open Keychain Access and make sure the "login" keychain is unlocked, then try again.',
  win32:
    'Windows Credential Manager did not answer: sign in to Windows normally (not as a temporary profile) and try again.',
}
const advice =
  ADVICE[process.platform] ??
  'Mailroom keeps keys in the Secret Service (GNOME Keyring or KWallet). Start and unlock your keyring (log in to the desktop session, or run gnome-keyring-daemon --unlock), then try again.'

describe('KeychainSecretStore', () => {
  afterEach(() => {
    vi.resetAllMocks()
  })

  it("keeps secrets under Mailroom's service name, or the one given", async () => {
    keychain.getPassword.mockResolvedValue('secret')
    keychain.setPassword.mockResolvedValue(undefined)
    keychain.deletePassword.mockResolvedValue(true)
    const store = new KeychainSecretStore()
    expect(await store.get('key-1')).toBe('secret')
    await store.set('key-1', 'new secret')
    expect(await store.delete('key-1')).toBe(true)
    expect(keychain.getPassword).toHaveBeenCalledWith('Mailroom', 'key-1')
    expect(keychain.setPassword).toHaveBeenCalledWith('Mailroom', 'key-1', 'new secret')
    expect(keychain.deletePassword).toHaveBeenCalledWith('Mailroom', 'key-1')

    await new KeychainSecretStore('Mailroom-test').get('key-2')
    expect(keychain.getPassword).toHaveBeenLastCalledWith('Mailroom-test', 'key-2')
  })

  it('passes on what the keychain answers: no secret, or nothing to delete', async () => {
    keychain.getPassword.mockResolvedValue(null)
    keychain.deletePassword.mockResolvedValue(false)
    const store = new KeychainSecretStore()
    expect(await store.get('unknown')).toBeNull()
    expect(await store.delete('unknown')).toBe(false)
  })

  it('says the keychain is locked or missing, and how to fix it on this OS, whichever call failed', async () => {
    const cause = new Error('Platform secure storage failure: no keyring')
    keychain.getPassword.mockRejectedValue(cause)
    keychain.setPassword.mockRejectedValue(cause)
    // A binding may throw before it returns a promise.
    keychain.deletePassword.mockImplementation(() => {
      throw cause
    })
    const store = new KeychainSecretStore()
    for (const call of [() => store.get('a'), () => store.set('a', 'b'), () => store.delete('a')]) {
      const error = await call().then(
        () => undefined,
        (failure: unknown) => failure,
      )
      expect(error).toBeInstanceOf(MailroomError)
      expect(error).toMatchObject({
        kind: 'keychain-unavailable',
        message: `The system keychain is locked or missing (Platform secure storage failure: no keyring). ${advice}`,
        cause,
      })
    }
  })

  it('names a failure that is not an Error too', async () => {
    keychain.getPassword.mockRejectedValue('org.freedesktop.DBus.Error.ServiceUnknown')
    await expect(new KeychainSecretStore().get('a')).rejects.toMatchObject({
      kind: 'keychain-unavailable',
      message: expect.stringContaining('(org.freedesktop.DBus.Error.ServiceUnknown)'),
    })
  })
})

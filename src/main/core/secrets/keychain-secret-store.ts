import keytar from '@napi-rs/keyring/keytar.js'
import { MailroomError } from '../errors'
import type { SecretStore } from './secret-store'

const SERVICE = 'Mailroom'

/**
 * The OS keychain (macOS Keychain, Windows Credential Manager, Secret Service on Linux) through
 * @napi-rs/keyring's keytar-compatible API. Each secret here is small (a 32-byte key-encryption
 * key or a passphrase), well under Windows' 2560-byte limit; key material itself lives encrypted
 * in the data folder (see keys/key-vault.ts).
 */
export class KeychainSecretStore implements SecretStore {
  constructor(private readonly service = SERVICE) {}

  async get(account: string): Promise<string | null> {
    return this.call(() => keytar.getPassword(this.service, account))
  }

  async set(account: string, secret: string): Promise<void> {
    await this.call(() => keytar.setPassword(this.service, account, secret))
  }

  async delete(account: string): Promise<boolean> {
    return this.call(() => keytar.deletePassword(this.service, account))
  }

  private async call<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation()
    } catch (error) {
      throw keychainUnavailable(error)
    }
  }
}

/** The keychain failed: say how to fix it on this OS. */
function keychainUnavailable(
  cause: unknown,
  platform: NodeJS.Platform = process.platform,
): MailroomError {
  const advice =
    platform === 'darwin'
      ? 'Open Keychain Access and make sure the "login" keychain is unlocked, then try again.'
      : platform === 'win32'
        ? 'Windows Credential Manager did not answer: sign in to Windows normally (not as a temporary profile) and try again.'
        : 'Mailroom keeps keys in the Secret Service (GNOME Keyring or KWallet). Start and unlock your keyring (log in to the desktop session, or run gnome-keyring-daemon --unlock), then try again.'
  const reason = cause instanceof Error ? cause.message : String(cause)
  return new MailroomError(
    'keychain-unavailable',
    `The system keychain is locked or missing (${reason}). ${advice}`,
    undefined,
    { cause },
  )
}

/**
 * Where secrets live (passphrases now; private keys with the keychain). A keytar-style API so
 * the OS keychain can stand behind it; core never writes a secret anywhere else.
 */
export interface SecretStore {
  get(account: string): Promise<string | null>
  set(account: string, secret: string): Promise<void>
  delete(account: string): Promise<boolean>
}

/** Keeps secrets for the life of the process only: for tests, and until a keychain is set up. */
export class MemorySecretStore implements SecretStore {
  private readonly secrets = new Map<string, string>()

  async get(account: string): Promise<string | null> {
    return this.secrets.get(account) ?? null
  }

  async set(account: string, secret: string): Promise<void> {
    this.secrets.set(account, secret)
  }

  async delete(account: string): Promise<boolean> {
    return this.secrets.delete(account)
  }
}

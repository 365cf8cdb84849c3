import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { MailroomError, translateLocalError } from '../errors'
import type { SecretStore } from './secret-store'

const envelope = z.object({
  version: z.literal(1),
  algorithm: z.literal('aes-256-gcm'),
  iv: z.string(),
  tag: z.string(),
  ciphertext: z.string(),
})

/**
 * Private keys at rest, SSH and OpenPGP alike. Windows Credential Manager holds at most 2560
 * bytes per secret, less than an RSA-4096 key, so each key gets a random 256-bit
 * key-encryption key (KEK) in the OS keychain, and its material is kept in `folder` encrypted
 * with AES-256-GCM under that KEK (the id is the associated data, so files cannot be swapped).
 * One mechanism, so there is one thing to review and one thing to get right.
 */
export class SealedFiles {
  constructor(
    private readonly folder: string,
    private readonly secrets: SecretStore,
  ) {}

  /** Seals `plaintext` (zeroed afterwards) under a new KEK for `id`. */
  async seal(id: string, plaintext: Buffer): Promise<void> {
    const kek = randomBytes(32)
    await this.secrets.set(kekAccount(id), kek.toString('base64'))
    try {
      await this.writeEnvelope(id, kek, plaintext)
    } catch (error) {
      await this.secrets.delete(kekAccount(id))
      throw error
    } finally {
      kek.fill(0)
    }
  }

  async open(id: string): Promise<Buffer> {
    const kekText = await this.secrets.get(kekAccount(id))
    if (kekText === null) {
      throw new MailroomError(
        'bad-key',
        'The keychain no longer holds the secret that unlocks this key (was the keychain reset?). Import the key again.',
      )
    }
    let parsed: z.infer<typeof envelope>
    try {
      parsed = envelope.parse(JSON.parse(await readFile(this.path(id), 'utf8')))
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT')
        throw new MailroomError(
          'bad-key',
          'The stored key file is missing from the data folder. Import the key again.',
        )
      throw new MailroomError(
        'bad-key',
        'The stored key file is damaged. Import the key again.',
        undefined,
        { cause: error },
      )
    }
    const kek = Buffer.from(kekText, 'base64')
    try {
      // The tag's length said, so a file whose tag was cut short (4 bytes are 2^32 tries to
      // forge) is refused rather than checked against fewer bytes.
      const decipher = createDecipheriv('aes-256-gcm', kek, Buffer.from(parsed.iv, 'base64'), {
        authTagLength: 16,
      })
      decipher.setAAD(Buffer.from(id))
      decipher.setAuthTag(Buffer.from(parsed.tag, 'base64'))
      return Buffer.concat([
        decipher.update(Buffer.from(parsed.ciphertext, 'base64')),
        decipher.final(),
      ])
    } catch (error) {
      throw new MailroomError(
        'bad-key',
        'The stored key file does not match its keychain entry (it was changed or swapped). Import the key again.',
        undefined,
        { cause: error },
      )
    } finally {
      kek.fill(0)
    }
  }

  async remove(id: string): Promise<void> {
    await rm(this.path(id), { force: true })
    await this.secrets.delete(kekAccount(id))
  }

  private path(id: string): string {
    return join(this.folder, `${id}.key`)
  }

  private async writeEnvelope(id: string, kek: Buffer, plaintext: Buffer): Promise<void> {
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', kek, iv)
    cipher.setAAD(Buffer.from(id))
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()])
    plaintext.fill(0)
    const body = JSON.stringify({
      version: 1,
      algorithm: 'aes-256-gcm',
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      ciphertext: ciphertext.toString('base64'),
    } satisfies z.infer<typeof envelope>)
    await mkdir(this.folder, { recursive: true, mode: 0o700 })
    const temporary = `${this.path(id)}.tmp`
    await writeNewFile(temporary, body, 0o600)
    await rename(temporary, this.path(id))
  }
}

function kekAccount(id: string): string {
  return `key-encryption-key:${id}`
}

/** Creates `path` (failing if it exists), writes, flushes, and closes. */
export async function writeNewFile(path: string, text: string, mode: number): Promise<void> {
  let handle
  try {
    handle = await open(path, 'wx', mode)
    await handle.writeFile(text, 'utf8')
    await handle.sync()
  } catch (error) {
    throw translateLocalError(error, 'write', path)
  } finally {
    await handle?.close()
  }
}

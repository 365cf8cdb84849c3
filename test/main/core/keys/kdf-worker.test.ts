import { Worker } from 'node:worker_threads'
import bcryptPbkdf from 'bcrypt-pbkdf'
import { argon2d, argon2i, argon2id } from 'hash-wasm'
import { describe, expect, it } from 'vitest'
import type { KdfRequest } from '../../../../src/main/core/keys/kdf-worker'

const WORKER = new URL('../../../../src/main/core/keys/kdf-worker.ts', import.meta.url)

type Answer = { ok: true; derived: Uint8Array } | { ok: false; message: string }

/** The worker as key-derivation.ts starts it: its request as workerData, one message back. */
function runWorker(request: KdfRequest): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { workerData: request })
    worker.once('message', (answer: Answer) => {
      void worker.terminate()
      resolve(answer)
    })
    worker.once('error', reject)
    worker.once('exit', (code) => reject(new Error(`The worker exited (${code}) with no answer`)))
  })
}

const passphrase = () => new TextEncoder().encode('correct horse battery')
const salt = Uint8Array.from({ length: 16 }, (_, index) => index * 7)

describe('the key derivation worker', () => {
  it("answers with bcrypt-pbkdf's key, as OpenSSH key files derive theirs", async () => {
    // aes256-ctr's key and IV: 48 bytes (at fewer rounds than ssh-keygen's 16, to be quick).
    const expected = Buffer.alloc(48)
    const secret = Buffer.from(passphrase())
    expect(
      bcryptPbkdf.pbkdf(secret, secret.length, Buffer.from(salt), salt.length, expected, 48, 4),
    ).toBe(0)

    const answer = await runWorker({
      kind: 'bcrypt',
      passphrase: passphrase(),
      salt,
      rounds: 4,
      length: 48,
    })
    expect(answer.ok).toBe(true)
    if (answer.ok) expect(Buffer.from(answer.derived)).toEqual(expected)
  })

  it("answers with each Argon2 flavour's own key, as PuTTY's key files name them", async () => {
    const parameters = { memoryKiB: 64, passes: 2, parallelism: 1, length: 80 }
    const expected = async (derive: typeof argon2id) =>
      Buffer.from(
        await derive({
          password: passphrase(),
          salt,
          memorySize: parameters.memoryKiB,
          iterations: parameters.passes,
          parallelism: parameters.parallelism,
          hashLength: parameters.length,
          outputType: 'binary',
        }),
      )
    const derived: Buffer[] = []
    for (const [flavour, derive] of [
      ['argon2id', argon2id],
      ['argon2i', argon2i],
      ['argon2d', argon2d],
    ] as const) {
      const answer = await runWorker({
        kind: 'argon2',
        flavour,
        passphrase: passphrase(),
        salt,
        ...parameters,
      })
      expect(answer, flavour).toMatchObject({ ok: true })
      if (!answer.ok) continue
      expect(Buffer.from(answer.derived), flavour).toEqual(await expected(derive))
      derived.push(Buffer.from(answer.derived))
    }
    // Three different keys: a flavour answered with another's would be caught above.
    expect(new Set(derived.map((key) => key.toString('hex'))).size).toBe(3)
  })

  it('answers with the reason when a derivation fails, instead of dying', async () => {
    // bcrypt-pbkdf refuses an empty passphrase; Argon2 a salt under 8 bytes.
    expect(
      await runWorker({
        kind: 'bcrypt',
        passphrase: new Uint8Array(0),
        salt,
        rounds: 4,
        length: 48,
      }),
    ).toEqual({ ok: false, message: 'bcrypt-pbkdf failed' })
    expect(
      await runWorker({
        kind: 'argon2',
        flavour: 'argon2id',
        passphrase: passphrase(),
        salt: new Uint8Array(4),
        memoryKiB: 64,
        passes: 1,
        parallelism: 1,
        length: 32,
      }),
    ).toEqual({ ok: false, message: expect.stringMatching(/salt/i) })
  })
})

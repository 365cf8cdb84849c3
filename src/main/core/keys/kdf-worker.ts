import { parentPort, workerData } from 'node:worker_threads'
import bcryptPbkdf from 'bcrypt-pbkdf'
import { argon2d, argon2i, argon2id } from 'hash-wasm'

/**
 * The key derivations a passphrase-protected key file asks for, run in a worker thread by
 * key-derivation.ts: they take from a tenth of a second to many seconds by design, and in the
 * main thread the app would freeze while they run. This file imports nothing of Mailroom's, so
 * Node runs it as it is from the sources (stripping its types) and electron-vite bundles it on
 * its own for the app.
 */
export type KdfRequest =
  | {
      readonly kind: 'bcrypt'
      readonly passphrase: Uint8Array
      readonly salt: Uint8Array
      readonly rounds: number
      readonly length: number
    }
  | {
      readonly kind: 'argon2'
      readonly flavour: 'argon2id' | 'argon2i' | 'argon2d'
      readonly passphrase: Uint8Array
      readonly salt: Uint8Array
      readonly memoryKiB: number
      readonly passes: number
      readonly parallelism: number
      readonly length: number
    }

async function derive(request: KdfRequest): Promise<Uint8Array> {
  if (request.kind === 'bcrypt') {
    const passphrase = Buffer.from(request.passphrase)
    const salt = Buffer.from(request.salt)
    const derived = Buffer.alloc(request.length)
    const failed = bcryptPbkdf.pbkdf(
      passphrase,
      passphrase.length,
      salt,
      salt.length,
      derived,
      derived.length,
      request.rounds,
    )
    passphrase.fill(0)
    if (failed !== 0) throw new Error('bcrypt-pbkdf failed')
    return derived
  }
  const argon2 = { argon2id, argon2i, argon2d }[request.flavour]
  return argon2({
    password: request.passphrase,
    salt: request.salt,
    memorySize: request.memoryKiB,
    iterations: request.passes,
    parallelism: request.parallelism,
    hashLength: request.length,
    outputType: 'binary',
  })
}

derive(workerData as KdfRequest).then(
  (derived) => parentPort?.postMessage({ ok: true, derived }),
  (error: unknown) =>
    parentPort?.postMessage({
      ok: false,
      message: error instanceof Error ? error.message : String(error),
    }),
)

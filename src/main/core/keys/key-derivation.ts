import { Worker } from 'node:worker_threads'
import type { KdfRequest } from './kdf-worker'

/**
 * Where the worker's code is. From the sources (tests, the `mailroom` command and the web bridge
 * under tsx) it is kdf-worker.ts beside this file, which Node runs as it is; the app's main
 * process is one bundle, so src/main/index.ts names the worker electron-vite bundled beside it.
 */
let workerFile: string | URL = new URL('./kdf-worker.ts', import.meta.url)

/** For the bundled app: the worker electron-vite built (`kdf-worker?modulePath`). */
export function useKdfWorkerFile(file: string): void {
  workerFile = file
}

/**
 * Runs one key derivation (bcrypt-pbkdf for OpenSSH key files, Argon2 for PuTTY's) in a worker
 * thread of its own, so the seconds it may take never freeze the app. The caller has already
 * refused costs far above what ssh-keygen and PuTTYgen make (openssh-format.ts, ppk-format.ts):
 * a hostile file could otherwise ask for hours. The passphrase is copied into the worker, and
 * this copy is wiped once it is sent.
 */
export function deriveKey(request: KdfRequest): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerFile, { workerData: request })
    request.passphrase.fill(0)
    let settled = false
    const settle = (outcome: () => void) => {
      if (settled) return
      settled = true
      void worker.terminate()
      outcome()
    }
    worker.once(
      'message',
      (answer: { ok: true; derived: Uint8Array } | { ok: false; message: string }) =>
        settle(() =>
          answer.ok
            ? resolve(Buffer.from(answer.derived))
            : reject(new Error(`Key derivation failed: ${answer.message}`)),
        ),
    )
    worker.once('error', (error) => settle(() => reject(error)))
    worker.once('exit', (code) =>
      settle(() => reject(new Error(`The key derivation worker stopped (exit code ${code})`))),
    )
  })
}

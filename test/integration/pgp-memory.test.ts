import { randomBytes } from 'node:crypto'
import { mkdtempSync, openSync, closeSync, writeSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { decryptFile } from '../../src/main/core/pgp/decrypt-file'
import { encryptFile } from '../../src/main/core/pgp/encrypt-file'
import { PgpKeyring } from '../../src/main/core/pgp/pgp-keyring'
import { MemorySecretStore } from '../../src/main/core/secrets/secret-store'
import { SettingsFileStore } from '../../src/main/core/settings/settings-file'
import { MemorySettings } from '../fixtures/memory-settings'

const MIB = 1024 * 1024
const FILE_SIZE = 200 * MIB
/** The issue's bound for one file, encrypting or decrypting: far below the file's size. */
const GROWTH_LIMIT = 150 * MIB

/** The highest RSS and ArrayBuffer memory seen while `work` runs, sampled every 20 ms. */
async function peakDuring(work: () => Promise<void>): Promise<{ rss: number; buffers: number }> {
  const peak = { rss: 0, buffers: 0 }
  const sample = () => {
    const usage = process.memoryUsage()
    peak.rss = Math.max(peak.rss, usage.rss)
    peak.buffers = Math.max(peak.buffers, usage.arrayBuffers)
  }
  const timer = setInterval(sample, 20)
  try {
    await work()
  } finally {
    clearInterval(timer)
    sample()
  }
  return peak
}

/**
 * A 200 MiB file encrypted and signed, then decrypted and verified, with memory measured: the
 * streams run end to end (file -> Web Streams -> openpgp.js -> part file), so neither the file
 * nor its plaintext is ever held whole; `allowUnauthenticatedStream` is what keeps the
 * decryption of a SEIPDv1 message from buffering it all until the MDC.
 */
describe('OpenPGP memory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mailroom-pgp-memory-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it.each([
    { armored: false, extension: 'pgp' },
    { armored: true, extension: 'asc' },
  ])(
    'encrypts and decrypts a 200 MiB file (.$extension) growing memory by less than 150 MiB each way',
    async ({ armored }) => {
      const keyring = new PgpKeyring(
        join(dir, `pgp-keys-${armored}`),
        new MemorySecretStore(),
        new SettingsFileStore(new MemorySettings()),
      )
      const own = await keyring.generate({ name: 'Memory', email: 'memory@ours.test' })
      const source = join(dir, `big-${armored}.bin`)
      const handle = openSync(source, 'w')
      for (let written = 0; written < FILE_SIZE; written += MIB) writeSync(handle, randomBytes(MIB))
      closeSync(handle)

      const base = process.memoryUsage()
      let encryptedPath = ''
      const encrypting = await peakDuring(async () => {
        const encrypted = await encryptFile(
          {
            source,
            folder: dir,
            recipients: [own.fingerprint],
            signWith: own.fingerprint,
            armored,
          },
          keyring,
        )
        encryptedPath = encrypted.path
      })
      expect(statSync(encryptedPath).size).toBeGreaterThan(FILE_SIZE)
      expect(encryptedPath.endsWith(armored ? '.asc' : '.pgp')).toBe(true)
      rmSync(source)

      const beforeDecrypt = process.memoryUsage()
      const out = mkdtempSync(join(dir, 'out-'))
      let verdictState = ''
      const decrypting = await peakDuring(async () => {
        const result = await decryptFile(
          { source: encryptedPath, folder: out, name: 'big.bin', policy: 'require' },
          keyring,
        )
        verdictState = result.verdict.state
        expect(statSync(result.path).size).toBe(FILE_SIZE)
      })
      expect(verdictState).toBe('good')

      const growth = {
        encryptRss: encrypting.rss - base.rss,
        encryptBuffers: encrypting.buffers - base.arrayBuffers,
        decryptRss: decrypting.rss - beforeDecrypt.rss,
        decryptBuffers: decrypting.buffers - beforeDecrypt.arrayBuffers,
      }
      console.log(
        `OpenPGP 200 MiB ${armored ? 'armored' : 'binary'}, peak growth in MiB: ${Object.entries(
          growth,
        )
          .map(([name, bytes]) => `${name} ${(bytes / MIB).toFixed(1)}`)
          .join(', ')}`,
      )
      for (const bytes of Object.values(growth)) expect(bytes).toBeLessThan(GROWTH_LIMIT)
    },
    600_000,
  )
})

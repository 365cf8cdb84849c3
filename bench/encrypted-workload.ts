/**
 * The encrypted benchmark data: one large file encrypted to an own key and signed by a
 * partner's, as a partner's GnuPG 2.2 sends it (SEIPDv1 + MDC), and both keys, for the cases that
 * decrypt on pickup. Made once and kept in a cache folder (BENCH_CACHE, else the temporary
 * folder): encrypting 1 GiB takes longer than the run that decrypts it.
 */
import { createHash, randomFillSync } from 'node:crypto'
import { createWriteStream, existsSync } from 'node:fs'
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import { createMessage, encrypt, generateKey, readKey, readPrivateKey } from 'openpgp'
import { OPENPGP_WRITE_CONFIG } from '../src/main/core/pgp/openpgp-config'
import { GnuPg } from '../test/fixtures/gnupg'
import { sha256File, type FileSet } from './workload'

/** The keys Mailroom imports to decrypt the file and verify its signature. */
export interface BenchPgpKeys {
  readonly ownSecretKey: string
  readonly partnerPublicKey: string
}

/** The encrypted file on the server side; the plain name and SHA-256 what must arrive. */
export interface EncryptedFileSet {
  readonly set: FileSet
  readonly keys: BenchPgpKeys
}

interface Manifest extends BenchPgpKeys {
  readonly bytes: number
  readonly plainSha256: string
  readonly encryptedBytes: number
}

const CHUNK = 8 * 1024 * 1024

/** `bytes` random bytes as a stream of 8 MiB chunks, hashed as they go. */
function randomPlaintext(bytes: number, hash: ReturnType<typeof createHash>): Readable {
  let left = bytes
  return new Readable({
    read() {
      if (left === 0) return void this.push(null)
      const chunk = randomFillSync(Buffer.allocUnsafe(Math.min(CHUNK, left)))
      left -= chunk.length
      hash.update(chunk)
      this.push(chunk)
    },
  })
}

/**
 * `name`.pgp: `bytes` random bytes encrypted and signed, streaming (never whole in memory), in
 * the cache; made again only when the size asked for changed or the file is gone.
 */
export async function encryptedLargeFile(name: string, bytes: number): Promise<EncryptedFileSet> {
  const dir = join(process.env.BENCH_CACHE ?? join(tmpdir(), 'mailroom-bench-cache'), 'encrypted')
  await mkdir(dir, { recursive: true })
  const path = join(dir, `${name}.pgp`)
  const manifestPath = join(dir, `${name}.json`)
  let manifest: Manifest | undefined
  if (existsSync(manifestPath) && existsSync(path)) {
    const cached = JSON.parse(await readFile(manifestPath, 'utf8')) as Manifest
    if (cached.bytes === bytes && (await stat(path)).size === cached.encryptedBytes)
      manifest = cached
  }
  if (!manifest) {
    await rm(manifestPath, { force: true })
    const pair = (label: string) =>
      generateKey({
        userIDs: [{ name: label, email: `${label.toLowerCase()}@bench.invalid` }],
        type: 'ecc',
        curve: 'curve25519Legacy',
        config: OPENPGP_WRITE_CONFIG,
      })
    const own = await pair('Own')
    const partner = await pair('Partner')
    const hash = createHash('sha256')
    const encrypted = await encrypt({
      message: await createMessage({
        binary: Readable.toWeb(randomPlaintext(bytes, hash)) as ReadableStream<Uint8Array>,
      }),
      encryptionKeys: await readKey({ armoredKey: own.publicKey }),
      signingKeys: await readPrivateKey({ armoredKey: partner.privateKey }),
      format: 'binary',
      config: OPENPGP_WRITE_CONFIG,
    })
    await pipeline(
      Readable.fromWeb(encrypted as unknown as WebReadableStream<Uint8Array>),
      createWriteStream(path),
    )
    manifest = {
      bytes,
      plainSha256: hash.digest('hex'),
      encryptedBytes: (await stat(path)).size,
      ownSecretKey: own.privateKey,
      partnerPublicKey: partner.publicKey,
    }
    await writeFile(manifestPath, JSON.stringify(manifest), { mode: 0o600 })
  }
  return {
    // Placed on the server as name.pgp; what must arrive is the plain name with the plain bytes.
    set: { dir, paths: [path], hashes: new Map([[name, manifest.plainSha256]]) },
    keys: { ownSecretKey: manifest.ownSecretKey, partnerPublicKey: manifest.partnerPublicKey },
  }
}

/** The keys Mailroom imports to encrypt and sign what it sends: its own, and the partner's. */
export interface BenchSendKeys {
  readonly ownSecretKey: string
  readonly partnerPublicKey: string
}

/**
 * The partner's side of an encrypted send, in the real GnuPG (its own home folder): the key
 * Mailroom encrypts to, made by gpg, and the proof that what arrived is the file sent, encrypted
 * to that key and signed by Mailroom's own (gpg decrypts it with GOODSIG and DECRYPTION_OKAY).
 */
export class GnuPgPartner {
  private constructor(
    private readonly gpg: GnuPg,
    readonly keys: BenchSendKeys,
  ) {}

  static async make(): Promise<GnuPgPartner> {
    const gpg = new GnuPg()
    const partner = gpg.makeKey('Partner <partner@bench.invalid>', 'ed25519')
    const own = await generateKey({
      userIDs: [{ name: 'Own', email: 'own@bench.invalid' }],
      type: 'ecc',
      curve: 'curve25519Legacy',
      config: OPENPGP_WRITE_CONFIG,
    })
    gpg.ok(['--import'], { input: Buffer.from(own.publicKey) })
    return new GnuPgPartner(gpg, {
      ownSecretKey: own.privateKey,
      partnerPublicKey: gpg.exportPublic(partner).toString('utf8'),
    })
  }

  /**
   * Throws unless `folder` holds exactly `name`.pgp and gpg decrypts it, checking the MDC and
   * Mailroom's signature, to bytes whose SHA-256 is `sha256`. The plaintext goes to `scratch`.
   */
  async verifyArrived(folder: string, name: string, sha256: string, scratch: string) {
    const arrived = await readdir(folder)
    if (arrived.length !== 1 || arrived[0] !== `${name}.pgp`)
      throw new Error(`${folder} holds ${arrived.join(', ')}, expected ${name}.pgp`)
    const plain = join(scratch, `gpg-decrypted-${name}`)
    try {
      const run = this.gpg.run([
        '--status-fd',
        '1',
        '--output',
        plain,
        '--decrypt',
        join(folder, `${name}.pgp`),
      ])
      for (const status of ['DECRYPTION_OKAY', 'GOODMDC', 'GOODSIG'])
        if (run.status !== 0 || !run.stdout.includes(`[GNUPG:] ${status}`))
          throw new Error(`gpg did not say ${status} of ${name}.pgp: ${run.stderr}`)
      const actual = await sha256File(plain)
      if (actual !== sha256) throw new Error(`${name}.pgp decrypts to other bytes (${actual})`)
    } finally {
      await rm(plain, { force: true })
    }
  }

  stop(): void {
    this.gpg.stop()
  }
}

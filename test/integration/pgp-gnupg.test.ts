import { randomBytes, randomUUID } from 'node:crypto'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decryptFile } from '../../src/main/core/pgp/decrypt-file'
import { encryptFile } from '../../src/main/core/pgp/encrypt-file'
import { plainNameOf } from '../../src/main/core/pgp/openpgp-packets'
import { PgpKeyring } from '../../src/main/core/pgp/pgp-keyring'
import { verifyDetached } from '../../src/main/core/pgp/verify-detached'
import { KeychainSecretStore } from '../../src/main/core/secrets/keychain-secret-store'
import { SettingsFileStore } from '../../src/main/core/settings/settings-file'
import type { PgpFingerprint } from '../../src/shared/pgp'
import { GnuPg } from '../fixtures/gnupg'
import { MemorySettings } from '../fixtures/memory-settings'

const RSA_PASSPHRASE = 'own rsa passphrase'

/**
 * Mailroom against the real GnuPG 2.2 (Debian's gnupg), both ways: what partners' gpg encrypts
 * and signs, Mailroom decrypts and verifies; what Mailroom encrypts and signs, gpg decrypts and
 * verifies. Secret keys go through the real keychain (scripts/with-keychain.sh).
 */
describe('OpenPGP files exchanged with GnuPG', () => {
  let gpg: GnuPg
  let dir: string
  let keyring: PgpKeyring
  let own: PgpFingerprint
  let ownRsa: PgpFingerprint
  let partnerEd: string
  let partnerRsa: string
  let stranger: string
  const secrets = new KeychainSecretStore(`Mailroom-test-${randomUUID()}`)

  beforeAll(async () => {
    gpg = new GnuPg()
    dir = mkdtempSync(join(tmpdir(), 'mailroom-pgp-gnupg-'))
    keyring = new PgpKeyring(
      join(dir, 'pgp-keys'),
      secrets,
      new SettingsFileStore(new MemorySettings()),
    )
    partnerEd = gpg.makeKey('Partner Ed <ed@partner.test>', 'ed25519')
    partnerRsa = gpg.makeKey('Partner Rsa <rsa@partner.test>', 'rsa3072')
    stranger = gpg.makeKey('Stranger <s@elsewhere.test>', 'ed25519')
    const ownRsaInGpg = gpg.makeKey('Own Rsa <own-rsa@ours.test>', 'rsa3072', RSA_PASSPHRASE)

    own = (await keyring.generate({ name: 'Our Company', email: 'edi@ours.test' })).fingerprint
    const ownPublic = join(dir, 'own.asc')
    await keyring.exportPublic(own, ownPublic)
    gpg.ok(['--import', ownPublic])

    writeFileSync(join(dir, 'partner-ed.asc'), gpg.exportPublic(partnerEd))
    writeFileSync(join(dir, 'partner-rsa.gpg'), gpg.exportPublic(partnerRsa, false))
    await keyring.importFile(join(dir, 'partner-ed.asc'))
    await keyring.importFile(join(dir, 'partner-rsa.gpg'))
    writeFileSync(join(dir, 'own-rsa.asc'), gpg.exportSecret(ownRsaInGpg, RSA_PASSPHRASE))
    const [imported] = await keyring.importFile(join(dir, 'own-rsa.asc'), {
      passphrase: RSA_PASSPHRASE,
    })
    if (!imported) throw new Error('the RSA secret key was not imported')
    ownRsa = imported.key.fingerprint
  }, 120_000)

  afterAll(async () => {
    for (const key of (await keyring?.list()) ?? []) await keyring.delete(key.fingerprint)
    gpg?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  function freshFolder(name: string): string {
    const folder = join(dir, `${name}-${randomUUID()}`)
    mkdirSync(folder)
    return folder
  }

  it("reads gpg's keys and gpg reads Mailroom's", async () => {
    const keys = await keyring.list()
    expect(keys.find((key) => key.fingerprint === partnerEd)).toMatchObject({
      algorithm: 'ed25519/cv25519',
      userIds: ['Partner Ed <ed@partner.test>'],
      hasSecret: false,
      weak: false,
    })
    expect(keys.find((key) => key.fingerprint === partnerRsa)).toMatchObject({
      algorithm: 'RSA 3072',
      bits: 3072,
      hasSecret: false,
    })
    expect(keys.find((key) => key.fingerprint === ownRsa)).toMatchObject({
      hasSecret: true,
      encrypted: true,
    })
    const listing = gpg.ok(['--with-colons', '--list-keys', own])
    expect(listing).toContain(`fpr:::::::::${own}:`)
    expect(listing).toMatch(/^pub:[^:]*:255:22:/m) // EdDSA, as gpg 2.2 makes it
    expect(listing).toMatch(/^sub:[^:]*:255:18:/m) // ECDH cv25519
    expect(listing).toContain('Our Company <edi@ours.test>')
  })

  const cases = [
    { to: 'own', signer: 'ed', armor: false, compress: false },
    { to: 'own', signer: 'ed', armor: true, compress: true },
    { to: 'ownRsa', signer: 'rsa', armor: false, compress: true },
    { to: 'ownRsa', signer: 'rsa', armor: true, compress: false },
  ] as const

  it.each(cases)(
    'decrypts and verifies what gpg encrypted to $to and signed with $signer (armored $armor, compressed $compress)',
    async ({ to, signer, armor, compress }) => {
      const folder = freshFolder('from-gpg')
      const plain = randomBytes(300_000)
      const input = join(folder, 'invoice.xml')
      writeFileSync(input, plain)
      const encrypted = join(folder, armor ? 'invoice.xml.asc' : 'invoice.xml.pgp')
      const signerFingerprint = signer === 'ed' ? partnerEd : partnerRsa
      gpg.ok([
        '--encrypt',
        '--sign',
        '--local-user',
        signerFingerprint,
        '--recipient',
        to === 'own' ? own : ownRsa,
        ...(armor ? ['--armor'] : []),
        ...(compress ? ['--compress-algo', 'zlib'] : ['-z', '0']),
        '--output',
        encrypted,
        input,
      ])
      rmSync(input)
      const out = freshFolder('decrypted')
      const result = await decryptFile(
        {
          source: encrypted,
          folder: out,
          name: plainNameOf(basename(encrypted)),
          policy: 'require',
          ...(to === 'ownRsa' ? { passphrase: RSA_PASSPHRASE } : {}),
        },
        keyring,
      )
      expect(result.path).toBe(join(out, 'invoice.xml'))
      expect(readFileSync(result.path).equals(plain)).toBe(true)
      expect(result.verdict).toEqual({
        state: 'good',
        fingerprint: signerFingerprint,
        name: signer === 'ed' ? 'Partner Ed <ed@partner.test>' : 'Partner Rsa <rsa@partner.test>',
        weakKey: false,
      })
      expect(readdirSync(out)).toEqual(['invoice.xml'])
      expect(readdirSync(folder)).toEqual([basename(encrypted)])
    },
  )

  it.each([
    { recipient: 'ed', armored: false },
    { recipient: 'rsa', armored: true },
  ] as const)(
    'encrypts and signs so that gpg decrypts and verifies (to $recipient, armored $armored)',
    async ({ recipient, armored }) => {
      const folder = freshFolder('to-gpg')
      const plain = randomBytes(250_000)
      const source = join(folder, 'orders.csv')
      writeFileSync(source, plain)
      const data = freshFolder('data')
      const encrypted = await encryptFile(
        {
          source,
          folder: data,
          recipients: [(recipient === 'ed' ? partnerEd : partnerRsa) as PgpFingerprint],
          signWith: own,
          armored,
        },
        keyring,
      )
      expect(encrypted.name).toBe(armored ? 'orders.csv.asc' : 'orders.csv.pgp')
      expect(readdirSync(data)).toEqual([encrypted.name])
      const head = readFileSync(encrypted.path).subarray(0, 27).toString('latin1')
      expect(head.startsWith('-----BEGIN PGP MESSAGE-----')).toBe(armored)
      const output = join(folder, 'orders.gpg-decrypted')
      const run = gpg.run(['--status-fd', '1', '--output', output, '--decrypt', encrypted.path])
      // gpg warns only that the key is not certified in its web of trust, never about integrity.
      expect(run.stderr).not.toMatch(/integrity|MDC|not protected/i)
      expect(run.status).toBe(0)
      expect(run.stdout).toContain('[GNUPG:] GOODSIG')
      expect(run.stdout).toContain(`[GNUPG:] VALIDSIG ${own}`)
      expect(run.stdout).toContain('[GNUPG:] DECRYPTION_OKAY')
      expect(run.stdout).toContain('[GNUPG:] GOODMDC')
      expect(readFileSync(output).equals(plain)).toBe(true)
    },
  )

  function encryptedByGpg(
    folder: string,
    args: readonly string[],
    plain: Buffer = randomBytes(100_000),
  ): string {
    const input = join(folder, 'statement.txt')
    writeFileSync(input, plain)
    const encrypted = join(folder, 'statement.txt.gpg')
    gpg.ok([...args, '--output', encrypted, input])
    rmSync(input)
    return encrypted
  }

  async function decryptRefused(source: string, options: { max?: number } = {}) {
    const out = freshFolder('refused')
    const error = await decryptFile(
      {
        source,
        folder: out,
        name: 'statement.txt',
        policy: 'warn',
        ...(options.max ? { maxDecompressedBytes: options.max } : {}),
      },
      keyring,
    ).then(
      () => undefined,
      (failure: unknown) => failure,
    )
    // Nothing was left beside the destination, and the encrypted file is kept as it was.
    expect(readdirSync(out)).toEqual([])
    expect(readdirSync(join(source, '..'))).toContain(basename(source))
    return error
  }

  it('refuses a message without integrity protection (gpg --rfc2440), keeping it', async () => {
    const folder = freshFolder('no-mdc')
    const source = encryptedByGpg(folder, ['--rfc2440', '--encrypt', '--recipient', own])
    // gpg cannot decrypt it (the secret key is Mailroom's) but lists its packets.
    expect(gpg.run(['--list-packets', source]).stdout).toContain(':encrypted data packet:')
    const before = readFileSync(source)
    const error = await decryptRefused(source)
    expect(error).toMatchObject({ kind: 'verify-failed', detail: { pgp: 'no-integrity' } })
    expect((error as Error).message).toMatch(/no integrity protection/)
    expect(readFileSync(source).equals(before)).toBe(true)
  })

  it('names the key a file is encrypted for when Mailroom does not have it', async () => {
    const folder = freshFolder('unknown-key')
    const source = encryptedByGpg(folder, ['--encrypt', '--recipient', stranger])
    const error = await decryptRefused(source)
    expect(error).toMatchObject({ kind: 'bad-key', detail: { pgp: 'no-key' } })
    expect((error as Error).message).toContain(
      `encrypted for key 0x${gpg.encryptionKeyIdOf(stranger)}, which Mailroom does not have`,
    )
  })

  it('refuses a damaged file, leaving no part of it decrypted', async () => {
    const folder = freshFolder('damaged')
    const source = encryptedByGpg(folder, ['--encrypt', '-z', '0', '--recipient', own])
    const bytes = readFileSync(source)
    const middle = Math.floor(bytes.length / 2)
    bytes[middle] = (bytes[middle] ?? 0) ^ 0x55
    writeFileSync(source, bytes)
    const error = await decryptRefused(source)
    expect(error).toMatchObject({ kind: 'verify-failed', detail: { pgp: 'damaged' } })
    expect((error as Error).message).toMatch(/damaged or was changed/)
  })

  it('stops a compression bomb at the limit with a clear message', async () => {
    const folder = freshFolder('bomb')
    const zeros = Buffer.alloc(64 * 1024 * 1024)
    const source = encryptedByGpg(
      folder,
      ['--encrypt', '--compress-algo', 'zlib', '--compress-level', '9', '--recipient', own],
      zeros,
    )
    expect(readFileSync(source).length).toBeLessThan(1024 * 1024)
    const error = await decryptRefused(source, { max: 8 * 1024 * 1024 })
    expect(error).toMatchObject({ kind: 'disk-full', detail: { pgp: 'too-large' } })
    expect((error as Error).message).toMatch(/compression bomb/)
  })

  it('keeps encrypted a file from an unknown signer when a signature is required', async () => {
    const folder = freshFolder('unknown-signer')
    const plain = randomBytes(50_000)
    const source = encryptedByGpg(
      folder,
      ['--encrypt', '--sign', '--local-user', stranger, '--recipient', own],
      plain,
    )
    const strangerKeyId = stranger.slice(-16)
    const out = freshFolder('required')
    await expect(
      decryptFile({ source, folder: out, name: 'statement.txt', policy: 'require' }, keyring),
    ).rejects.toMatchObject({
      kind: 'verify-failed',
      detail: { pgp: 'not-verified' },
      message: expect.stringContaining(`signed by an unknown key 0x${strangerKeyId}`),
    })
    expect(readdirSync(out)).toEqual([])
    const warned = await decryptFile(
      { source, folder: out, name: 'statement.txt', policy: 'warn' },
      keyring,
    )
    expect(warned.verdict).toEqual({ state: 'unknown-signer', keyId: strangerKeyId })
    expect(readFileSync(warned.path).equals(plain)).toBe(true)
  })

  it('says "not signed" for a file gpg only encrypted', async () => {
    const folder = freshFolder('unsigned')
    const source = encryptedByGpg(folder, ['--encrypt', '--recipient', own])
    const out = freshFolder('unsigned-out')
    const result = await decryptFile(
      { source, folder: out, name: 'statement.txt', policy: 'warn' },
      keyring,
    )
    expect(result.verdict).toEqual({ state: 'not-signed' })
  })

  it('verifies detached signatures: good, bad after a change, and SHA-1 not accepted as proof', async () => {
    const folder = freshFolder('detached')
    const file = join(folder, 'invoice.xml')
    writeFileSync(file, '<invoice total="100.00"/>\n')
    gpg.ok(['--detach-sign', '--local-user', partnerEd, '--output', `${file}.sig`, file])
    expect(await verifyDetached(file, `${file}.sig`, keyring)).toMatchObject({
      state: 'good',
      fingerprint: partnerEd,
    })
    gpg.ok([
      '--armor',
      '--detach-sign',
      '--local-user',
      partnerRsa,
      '--output',
      `${file}.asc`,
      file,
    ])
    expect(await verifyDetached(file, `${file}.asc`, keyring)).toMatchObject({
      state: 'good',
      fingerprint: partnerRsa,
    })
    writeFileSync(file, '<invoice total="900.00"/>\n')
    expect(await verifyDetached(file, `${file}.sig`, keyring)).toEqual({
      state: 'bad',
      keyId: partnerEd.slice(-16),
    })
    const sha1 = join(folder, 'sha1.xml')
    writeFileSync(sha1, '<old/>\n')
    gpg.ok([
      '--digest-algo',
      'SHA1',
      '--detach-sign',
      '--local-user',
      partnerRsa,
      '--output',
      `${sha1}.sig`,
      sha1,
    ])
    expect(await verifyDetached(sha1, `${sha1}.sig`, keyring)).toEqual({
      state: 'sha1',
      keyId: partnerRsa.slice(-16),
    })
  })

  it('still verifies old partner keys (DSA/ElGamal, RSA 1024) with a weak-key note, and never encrypts to them', async () => {
    const dsa = gpg.makeKey('Old Dsa <dsa@partner.test>', 'dsa2048')
    const rsa1024 = gpg.makeKey('Old Rsa <old-rsa@partner.test>', 'rsa1024')
    const folder = freshFolder('old-keys')
    writeFileSync(
      join(folder, 'old.asc'),
      Buffer.concat([gpg.exportPublic(dsa), gpg.exportPublic(rsa1024)]),
    )
    await keyring.importFile(join(folder, 'old.asc'))
    const keys = await keyring.list()
    expect(keys.find((key) => key.fingerprint === dsa)).toMatchObject({
      algorithm: 'DSA 2048/ElGamal 2048',
      weak: true,
    })
    expect(keys.find((key) => key.fingerprint === rsa1024)).toMatchObject({
      algorithm: 'RSA 1024',
      weak: true,
    })

    const file = join(folder, 'remittance.xml')
    writeFileSync(file, '<remittance/>\n')
    for (const signer of [dsa, rsa1024]) {
      gpg.ok(['--detach-sign', '--local-user', signer, '--output', `${file}.sig`, file])
      expect(await verifyDetached(file, `${file}.sig`, keyring)).toMatchObject({
        state: 'good',
        fingerprint: signer,
        weakKey: true,
      })
    }
    const source = encryptedByGpg(folder, [
      '--encrypt',
      '--sign',
      '--local-user',
      dsa,
      '--recipient',
      own,
    ])
    const out = freshFolder('old-keys-out')
    const result = await decryptFile(
      { source, folder: out, name: 'statement.txt', policy: 'require' },
      keyring,
    )
    expect(result.verdict).toMatchObject({ state: 'good', fingerprint: dsa, weakKey: true })

    for (const weak of [dsa, rsa1024])
      await expect(
        encryptFile(
          { source: file, folder, recipients: [weak as PgpFingerprint], armored: false },
          keyring,
        ),
      ).rejects.toMatchObject({ kind: 'bad-key', message: expect.stringContaining('too weak') })
  }, 120_000)

  it('treats a key file arriving in an inbox as a key, not a failed message', async () => {
    const folder = freshFolder('key-arrives')
    const keyFile = join(folder, 'partner-new-key.asc')
    writeFileSync(keyFile, gpg.exportPublic(partnerEd))
    const error = await decryptRefused(keyFile)
    expect(error).toMatchObject({ kind: 'invalid-input', detail: { pgp: 'not-a-message' } })
    expect((error as Error).message).toMatch(/an OpenPGP key, not a message/)
  })
})

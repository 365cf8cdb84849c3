import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { generateKey, revokeKey } from 'openpgp'
import { describe, expect, it } from 'vitest'
import { decryptFile } from '../../../../src/main/core/pgp/decrypt-file'
import { encryptFile } from '../../../../src/main/core/pgp/encrypt-file'
import type { PgpFingerprint } from '../../../../src/shared/pgp'
import { testKeyring } from './pgp-test-keyring'

const DAY = 86400

async function importArmored(
  setup: ReturnType<typeof testKeyring>,
  name: string,
  armored: string,
): Promise<PgpFingerprint> {
  const path = join(setup.folder, `${name}.asc`)
  writeFileSync(path, armored)
  const [imported] = await setup.keyring.importFile(path)
  if (!imported) throw new Error(`${name} was not imported`)
  return imported.key.fingerprint
}

describe('encryptFile', () => {
  it('makes an encrypted, signed copy in the given folder that decrypts to the same bytes', async () => {
    const setup = testKeyring()
    const own = await setup.keyring.generate({ name: 'Own', email: 'own@ours.test' })
    const source = join(setup.folder, 'orders.csv')
    writeFileSync(source, 'id;amount\n1;100\n')
    const data = join(setup.folder, 'data')
    mkdirSync(data)
    const armored = await encryptFile(
      {
        source,
        folder: data,
        recipients: [own.fingerprint],
        signWith: own.fingerprint,
        armored: true,
      },
      setup.keyring,
    )
    const binary = await encryptFile(
      { source, folder: data, recipients: [own.fingerprint], armored: false },
      setup.keyring,
    )
    expect(readdirSync(data).sort()).toEqual(['orders.csv.asc', 'orders.csv.pgp'])
    expect(readFileSync(armored.path, 'utf8')).toMatch(/^-----BEGIN PGP MESSAGE-----/)
    const out = join(setup.folder, 'out')
    mkdirSync(out)
    const signed = await decryptFile(
      { source: armored.path, folder: out, name: 'a.csv', policy: 'require' },
      setup.keyring,
    )
    expect(signed.verdict).toMatchObject({ state: 'good', fingerprint: own.fingerprint })
    const unsigned = await decryptFile(
      { source: binary.path, folder: out, name: 'b.csv', policy: 'warn' },
      setup.keyring,
    )
    expect(unsigned.verdict).toEqual({ state: 'not-signed' })
    expect(readFileSync(unsigned.path, 'utf8')).toBe('id;amount\n1;100\n')
  })

  it('refuses revoked, expired and RSA-1024 keys, naming the partner', async () => {
    const setup = testKeyring()
    const source = join(setup.folder, 'orders.csv')
    writeFileSync(source, 'x')
    const revokedPair = await generateKey({
      userIDs: [{ name: 'Revoked', email: 'r@partner.test' }],
      type: 'ecc',
      curve: 'curve25519Legacy',
      format: 'object',
    })
    const revoked = await revokeKey({
      key: revokedPair.publicKey,
      revocationCertificate: revokedPair.revocationCertificate,
      format: 'armored',
    })
    const expired = await generateKey({
      userIDs: [{ name: 'Expired', email: 'e@partner.test' }],
      type: 'ecc',
      curve: 'curve25519Legacy',
      date: new Date(Date.now() - 10 * DAY * 1000),
      keyExpirationTime: DAY,
    })
    const small = await generateKey({
      userIDs: [{ name: 'Small', email: 's@partner.test' }],
      type: 'rsa',
      rsaBits: 1024,
      config: { minRSABits: 1024 },
    })
    const cases = [
      [await importArmored(setup, 'revoked', revoked.publicKey), /is revoked/],
      [await importArmored(setup, 'expired', expired.publicKey), /has expired/],
      [await importArmored(setup, 'small', small.publicKey), /RSA 1024, too weak/],
    ] as const
    for (const [fingerprint, reason] of cases) {
      await expect(
        encryptFile(
          { source, folder: setup.folder, recipients: [fingerprint], armored: false },
          setup.keyring,
        ),
      ).rejects.toMatchObject({ kind: 'bad-key', message: expect.stringMatching(reason) })
    }
    const listed = await setup.keyring.list()
    expect(listed.find((key) => key.userIds[0]?.startsWith('Small'))?.weak).toBe(true)
    expect(listed.find((key) => key.userIds[0]?.startsWith('Expired'))?.expired).toBe(true)
    expect(listed.find((key) => key.userIds[0]?.startsWith('Revoked'))?.revoked).toBe(true)
    expect(readdirSync(setup.folder).filter((name) => name.endsWith('.part'))).toEqual([])
  }, 30_000)
})

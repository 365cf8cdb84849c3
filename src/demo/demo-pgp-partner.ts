import { existsSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createMessage, encrypt, generateKey, readKey, readPrivateKey } from 'openpgp'
import { z } from 'zod'
import { OPENPGP_WRITE_CONFIG } from '../main/core/pgp/openpgp-config'

/** The MFT Gateway partner whose files arrive encrypted and signed with OpenPGP. */
export const PGP_PARTNER = 'NordicRetail'
/** That partner's inbox, on the demo's MFT Gateway account. */
export const PGP_PARTNER_INBOX = `AS2/files/MAILROOM_DEMO/${PGP_PARTNER}/inbox`

/**
 * The two key pairs of the demo's OpenPGP partner, armored: the partner's (it signs with it;
 * Mailroom gets its public key) and the demo's own (files are encrypted to it; Mailroom gets
 * the whole pair, as a person imports their own key). Made once and kept beside the gateway's
 * files, so the keys Mailroom imported stay the ones files are made with across runs.
 */
export interface DemoPgpKeys {
  readonly partnerPublicKey: string
  readonly partnerPrivateKey: string
  readonly ownPublicKey: string
  readonly ownPrivateKey: string
}

const demoPgpKeys = z.object({
  partnerPublicKey: z.string(),
  partnerPrivateKey: z.string(),
  ownPublicKey: z.string(),
  ownPrivateKey: z.string(),
})

/** The demo's keys in `dir`, made there (v4 ed25519/cv25519, as GnuPG 2.2 makes) the first time. */
export async function demoPgpKeysIn(dir: string): Promise<DemoPgpKeys> {
  const file = join(dir, 'demo-pgp-keys.json')
  if (existsSync(file)) return demoPgpKeys.parse(JSON.parse(await readFile(file, 'utf8')))
  const pair = async (name: string, email: string) =>
    generateKey({
      userIDs: [{ name, email }],
      type: 'ecc',
      curve: 'curve25519Legacy',
      format: 'armored',
      config: OPENPGP_WRITE_CONFIG,
    })
  const partner = await pair('Nordic Retail EDI (demo)', 'edi@nordic-retail.invalid')
  const own = await pair('Mailroom Demo', 'demo@mailroom.invalid')
  const keys: DemoPgpKeys = {
    partnerPublicKey: partner.publicKey,
    partnerPrivateKey: partner.privateKey,
    ownPublicKey: own.publicKey,
    ownPrivateKey: own.privateKey,
  }
  await writeFile(file, JSON.stringify(keys, null, 2), { mode: 0o600 })
  return keys
}

/**
 * `plain` as the partner sends it: encrypted to the demo's own key and signed with the
 * partner's, binary (`.pgp`) or armored (`.asc`), as GnuPG 2.2 would make it (SEIPDv1 + MDC).
 */
export async function encryptedBySigningPartner(
  plain: string,
  keys: DemoPgpKeys,
  armored: boolean,
): Promise<string | Uint8Array> {
  const message = await createMessage({ binary: new TextEncoder().encode(plain) })
  const encryptionKeys = await readKey({ armoredKey: keys.ownPublicKey })
  const signingKeys = await readPrivateKey({ armoredKey: keys.partnerPrivateKey })
  return armored
    ? encrypt({ message, encryptionKeys, signingKeys, config: OPENPGP_WRITE_CONFIG })
    : encrypt({
        message,
        encryptionKeys,
        signingKeys,
        format: 'binary',
        config: OPENPGP_WRITE_CONFIG,
      })
}

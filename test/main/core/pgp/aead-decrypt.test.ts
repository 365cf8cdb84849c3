import { randomBytes } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  AEADEncryptedDataPacket,
  config as defaultConfig,
  createMessage,
  encrypt,
  encryptSessionKey,
  enums,
  LiteralDataPacket,
  PacketList,
  readKey,
  readMessage,
} from 'openpgp'
import { describe, expect, it } from 'vitest'
import { decryptFile } from '../../../../src/main/core/pgp/decrypt-file'
import { OPENPGP_READ_CONFIG } from '../../../../src/main/core/pgp/openpgp-config'
import { classifyFile } from '../../../../src/main/core/pgp/openpgp-packets'
import { testKeyring } from './pgp-test-keyring'

/** What openpgp.js keeps private in its types: the packet's own encryption. */
interface EncryptablePacket {
  aeadAlgorithm: enums.aead
  packets: PacketList<LiteralDataPacket>
  encrypt(algorithm: enums.symmetric, key: Uint8Array, config: typeof defaultConfig): Promise<void>
}

/** Private in openpgp.js's types too: filling a literal data packet. */
interface WritableLiteral {
  setBytes(bytes: Uint8Array, format: enums.literal): void
}

/** A packet list's bytes: openpgp.js writes them as a stream. */
async function bytesOf(written: unknown): Promise<Uint8Array> {
  if (written instanceof Uint8Array) return written
  const reader = (written as ReadableStream<Uint8Array>).getReader()
  const chunks: Uint8Array[] = []
  for (;;) {
    const { done, value } = await reader.read()
    if (done) return Buffer.concat(chunks)
    chunks.push(value)
  }
}

/**
 * `plain` as GnuPG 2.4 sends it to a key that invites OCB: a session key for `armoredKey`
 * (PKESK v3) and an OCB Encrypted Data packet (tag 20, the RFC 4880bis draft's, which RFC 9580
 * does not keep). openpgp.js 6 no longer writes one through `encrypt`; its packet classes still do.
 */
async function ocbMessage(plain: Uint8Array, armoredKey: string): Promise<Uint8Array> {
  const sessionKey = randomBytes(32)
  const literal = new LiteralDataPacket() as unknown as WritableLiteral
  literal.setBytes(plain, enums.literal.binary)
  const aead = new AEADEncryptedDataPacket() as unknown as EncryptablePacket
  aead.aeadAlgorithm = enums.aead.ocb
  aead.packets = new PacketList()
  aead.packets.push(literal as unknown as LiteralDataPacket)
  await aead.encrypt(enums.symmetric.aes256, sessionKey, defaultConfig)
  const keyPackets = await encryptSessionKey({
    data: sessionKey,
    algorithm: 'aes256',
    encryptionKeys: await readKey({ armoredKey }),
    format: 'object',
  })
  const list = new PacketList()
  for (const packet of keyPackets.packets) list.push(packet)
  list.push(aead as unknown as AEADEncryptedDataPacket)
  return bytesOf(list.write())
}

describe('AEAD-encrypted messages (what GnuPG 2.4 and RFC 9580 programs send)', () => {
  it('parses v5 entities (GnuPG 2.4 keys) when reading', () => {
    expect(OPENPGP_READ_CONFIG.enableParsingV5Entities).toBe(true)
  })

  it('decrypts an OCB Encrypted Data packet (tag 20) to the own key, streaming to the file', async () => {
    const setup = testKeyring()
    await setup.keyring.generate({ name: 'Own', email: 'own@ours.test' })
    const plain = randomBytes(300_000)
    const encrypted = await ocbMessage(plain, setup.keyring.storedKeys()[0]?.publicKey ?? '')
    // It is what it claims: a session key, then packet 20 with OCB.
    const parsed = await readMessage({ binaryMessage: encrypted, config: OPENPGP_READ_CONFIG })
    expect(
      parsed.packets.map((packet) => (packet.constructor as unknown as { tag: number }).tag),
    ).toEqual([enums.packet.publicKeyEncryptedSessionKey, enums.packet.aeadEncryptedData])
    const source = join(setup.folder, 'invoice.xml.gpg')
    writeFileSync(source, encrypted)
    expect(await classifyFile(source)).toBe('message')
    const result = await decryptFile(
      { source, folder: setup.folder, name: 'invoice.xml', policy: 'warn' },
      setup.keyring,
    )
    expect(readFileSync(result.path).equals(plain)).toBe(true)
    expect(result.verdict).toEqual({ state: 'not-signed' })
  })

  it('keeps a damaged OCB message encrypted: its tag does not check', async () => {
    const setup = testKeyring()
    await setup.keyring.generate({ name: 'Own', email: 'own@ours.test' })
    const encrypted = Buffer.from(
      await ocbMessage(randomBytes(50_000), setup.keyring.storedKeys()[0]?.publicKey ?? ''),
    )
    const at = encrypted.length - 1000
    encrypted[at] = (encrypted[at] ?? 0) ^ 0x01
    const source = join(setup.folder, 'damaged.gpg')
    writeFileSync(source, encrypted)
    await expect(
      decryptFile({ source, folder: setup.folder, name: 'damaged', policy: 'warn' }, setup.keyring),
    ).rejects.toMatchObject({ detail: { pgp: 'damaged' } })
  })

  it('decrypts SEIPDv2 (RFC 9580 AEAD, OCB) sent to a modern own key that announces it', async () => {
    const setup = testKeyring()
    await setup.keyring.generate({ name: 'Own', email: 'own@ours.test', modern: true })
    const plain = randomBytes(100_000)
    const encrypted = (await encrypt({
      message: await createMessage({ binary: plain }),
      encryptionKeys: await readKey({ armoredKey: setup.keyring.storedKeys()[0]?.publicKey ?? '' }),
      format: 'binary',
      config: { aeadProtect: true, preferredAEADAlgorithm: enums.aead.ocb },
    })) as Uint8Array
    const parsed = await readMessage({ binaryMessage: encrypted })
    const data = parsed.packets.at(-1) as unknown as { version: number; aeadAlgorithm: number }
    expect([data.version, data.aeadAlgorithm]).toEqual([2, enums.aead.ocb])
    const source = join(setup.folder, 'v2.pgp')
    writeFileSync(source, encrypted)
    const result = await decryptFile(
      { source, folder: setup.folder, name: 'v2', policy: 'warn' },
      setup.keyring,
    )
    expect(readFileSync(result.path).equals(plain)).toBe(true)
  })
})

import { open } from 'node:fs/promises'
import { translateLocalError } from '../errors'

/** What an OpenPGP file holds, told from its first packet or its armor header. */
export type OpenPgpContent =
  'message' | 'public-key' | 'secret-key' | 'signature' | 'cleartext-signed' | 'not-openpgp'

/** The bytes read to tell: an armor header may follow a few lines of text. */
const HEAD_BYTES = 4096

const ARMOR_HEADERS: ReadonlyArray<readonly [string, OpenPgpContent]> = [
  ['-----BEGIN PGP MESSAGE', 'message'],
  ['-----BEGIN PGP PUBLIC KEY BLOCK', 'public-key'],
  ['-----BEGIN PGP PRIVATE KEY BLOCK', 'secret-key'],
  ['-----BEGIN PGP SECRET KEY BLOCK', 'secret-key'],
  ['-----BEGIN PGP SIGNATURE', 'signature'],
  ['-----BEGIN PGP SIGNED MESSAGE', 'cleartext-signed'],
]

// RFC 9580, section 5: the packet tags a file can start with, and what such a file is.
const FIRST_PACKET: Record<number, OpenPgpContent> = {
  1: 'message', // public-key encrypted session key
  3: 'message', // symmetric-key encrypted session key
  4: 'message', // one-pass signature: a signed, unencrypted message
  8: 'message', // compressed data
  9: 'message', // symmetrically encrypted data without integrity protection (refused later)
  11: 'message', // literal data
  18: 'message', // integrity-protected encrypted data
  20: 'message', // GnuPG's OCB encrypted data
  2: 'signature',
  5: 'secret-key',
  6: 'public-key',
}

/** Whether `head`, the first bytes of a file, is armored OpenPGP (text), and its tag. */
export function isArmored(head: Uint8Array): boolean {
  return armorContent(head) !== null
}

function armorContent(head: Uint8Array): OpenPgpContent | null {
  const text = Buffer.from(head).toString('latin1')
  // Armor may follow text before it (RFC 9580, 6.2), but only whole lines.
  for (const [header, content] of ARMOR_HEADERS) {
    const at = text.indexOf(header)
    if (at === 0 || (at > 0 && text[at - 1] === '\n')) return content
  }
  return null
}

/**
 * What `head` holds, by its packets and not its name: a partner may send `invoice.xml` that is
 * in fact encrypted, or `key.asc` that is a key, not a message. A binary packet header has its
 * top bit set; the old format keeps the tag in bits 5-2, the new one (bit 6 set) in bits 5-0.
 */
export function classifyHead(head: Uint8Array): OpenPgpContent {
  const armored = armorContent(head)
  if (armored) return armored
  const first = head[0]
  if (first === undefined || (first & 0x80) === 0) return 'not-openpgp'
  const tag = first & 0x40 ? first & 0x3f : (first >> 2) & 0x0f
  const content = FIRST_PACKET[tag]
  if (!content) return 'not-openpgp'
  // A literal data packet as the first byte is common in other files too: only take it with
  // a format byte OpenPGP defines right after a plausible length.
  if (tag === 11 && !plausibleLiteral(head)) return 'not-openpgp'
  return content
}

function plausibleLiteral(head: Uint8Array): boolean {
  const first = head[0] ?? 0
  const lengthBytes = first & 0x40 ? 1 : ([1, 2, 4, 0][first & 0x03] ?? 0)
  const format = head[1 + lengthBytes]
  return format !== undefined && 'btu8lm1'.includes(String.fromCharCode(format))
}

/** Reads the start of the file at `path` and says what it holds. */
export async function classifyFile(path: string): Promise<OpenPgpContent> {
  let handle
  try {
    handle = await open(path, 'r')
    const buffer = Buffer.alloc(HEAD_BYTES)
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0)
    return classifyHead(buffer.subarray(0, bytesRead))
  } catch (error) {
    throw translateLocalError(error, 'read', path)
  } finally {
    await handle?.close()
  }
}

/** The decrypted file's name: the encrypted one without `.pgp`, `.gpg` or `.asc`. */
export function plainNameOf(name: string): string {
  const stripped = name.replace(/\.(pgp|gpg|asc)$/i, '')
  return stripped === '' || stripped === name ? `${name}.decrypted` : stripped
}

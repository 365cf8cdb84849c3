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

// RFC 9580, section 5: the packet tags a file can start with, and what such a file is. A
// message encrypted to a key or a password starts with its session key packet; one that starts
// with encrypted data (tags 9, 18, 20) has no key to open it, so those are not counted.
const FIRST_PACKET: Record<number, OpenPgpContent> = {
  1: 'message', // public-key encrypted session key
  3: 'message', // symmetric-key encrypted session key
  4: 'message', // one-pass signature: a signed, unencrypted message
  8: 'message', // compressed data
  10: 'message', // marker ("PGP"), which old PGP put first
  11: 'message', // literal data
  2: 'signature',
  5: 'secret-key',
  6: 'public-key',
}

// The packets that may have a partial or indeterminate length (RFC 9580, 4.2.1.4).
const DATA_PACKETS = new Set([8, 11])

// Numbers RFC 9580 (and RFC 4880 before it) define, to check a first packet's body against.
const PUBLIC_KEY_ALGORITHMS = new Set([1, 2, 3, 16, 17, 18, 19, 22, 25, 26, 27, 28])
const SESSION_KEY_ALGORITHMS = new Set([1, 2, 16, 18, 25, 26])
const HASH_ALGORITHMS = new Set([1, 2, 3, 8, 9, 10, 11, 12, 14])
const SYMMETRIC_ALGORITHMS = new Set([1, 2, 3, 4, 7, 8, 9, 10, 11, 12, 13])
const SIGNATURE_TYPES = new Set([
  0x00, 0x01, 0x02, 0x10, 0x11, 0x12, 0x13, 0x18, 0x19, 0x1f, 0x20, 0x28, 0x30, 0x40, 0x50,
])

/** A packet header: its tag, where its body starts, and whether its length is known. */
interface PacketHeader {
  readonly tag: number
  readonly bodyAt: number
  readonly open: boolean
}

/**
 * Reads the first packet's header. A binary packet header has its top bit set; the old format
 * keeps the tag in bits 5-2 and the length's size in bits 1-0, the new one (bit 6 set) the tag
 * in bits 5-0 and the length after it.
 */
function readHeader(head: Uint8Array): PacketHeader | null {
  const first = head[0]
  if (first === undefined || (first & 0x80) === 0) return null
  if ((first & 0x40) === 0) {
    const lengthType = first & 0x03
    const tag = (first >> 2) & 0x0f
    if (lengthType === 3) return { tag, bodyAt: 1, open: true }
    return { tag, bodyAt: 1 + (lengthType === 2 ? 4 : lengthType + 1), open: false }
  }
  const length = head[1]
  if (length === undefined) return null
  const tag = first & 0x3f
  if (length < 192) return { tag, bodyAt: 2, open: false }
  if (length < 224) return { tag, bodyAt: 3, open: false }
  if (length === 255) return { tag, bodyAt: 6, open: false }
  // A partial length: the first part is at least 512 bytes (RFC 9580, 4.2.1.4).
  return 1 << (length & 0x1f) >= 512 ? { tag, bodyAt: 2, open: true } : null
}

/** Whether the first packet's body starts as RFC 9580 says a packet of its tag does. */
function plausibleBody(tag: number, body: Uint8Array): boolean {
  const [version, a, b, c] = body
  switch (tag) {
    case 1: // version 3: key id (8 bytes), then the algorithm; version 6: its own layout
      return version === 6 || (version === 3 && SESSION_KEY_ALGORITHMS.has(body[9] ?? -1))
    case 3: // version 4: cipher, then the S2K specifier's type
      return version === 5 || version === 6 || (version === 4 && SYMMETRIC_ALGORITHMS.has(a ?? -1))
    case 4: // one-pass signature: version, signature type, hash, public-key algorithm
      return (
        (version === 3 || version === 6) &&
        SIGNATURE_TYPES.has(a ?? -1) &&
        HASH_ALGORITHMS.has(b ?? -1) &&
        PUBLIC_KEY_ALGORITHMS.has(c ?? -1)
      )
    case 8: // the compression algorithm, and the start of what it compressed
      return plausibleCompressed(version, body.subarray(1))
    case 10:
      return version === 0x50 && a === 0x47 && b === 0x50 // "PGP"
    case 11: // the literal data's format, then its file name (length, then no control bytes)
      return (
        version !== undefined &&
        'btu8lm1'.includes(String.fromCharCode(version)) &&
        body.subarray(2, 2 + (a ?? 0)).every((byte) => byte >= 0x20 && byte !== 0x7f)
      )
    case 2: // version 3: the hashed length 5; later: signature type, public-key algorithm, hash
      return version === 3
        ? a === 5
        : (version === 4 || version === 5 || version === 6) &&
            SIGNATURE_TYPES.has(a ?? -1) &&
            PUBLIC_KEY_ALGORITHMS.has(b ?? -1) &&
            HASH_ALGORITHMS.has(c ?? -1)
    case 5:
    case 6: // versions 4 to 6: the creation time (4 bytes), then the algorithm
      return (
        (version === 4 || version === 5 || version === 6) &&
        PUBLIC_KEY_ALGORITHMS.has(body[5] ?? -1)
      )
    default:
      return false
  }
}

/** Compressed data's start for its algorithm: packets, raw deflate, a zlib header, or bzip2's. */
function plausibleCompressed(algorithm: number | undefined, data: Uint8Array): boolean {
  const [first, second, third] = data
  if (first === undefined) return false
  switch (algorithm) {
    case 0: // uncompressed: the packets themselves
      return (first & 0x80) !== 0
    case 1: // raw deflate: block type 3 is reserved
      return ((first >> 1) & 0x03) !== 3
    case 2: // zlib: deflate, and the header's check (RFC 1950)
      return (first & 0x0f) === 8 && second !== undefined && (first * 256 + second) % 31 === 0
    case 3:
      return first === 0x42 && second === 0x5a && third === 0x68 // "BZh"
    default:
      return false
  }
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
 * in fact encrypted, or `key.asc` that is a key, not a message. A first byte alone reads as a
 * packet tag in about one random file in six; a file counts as OpenPGP only when its first
 * packet's header and the start of its body are what RFC 9580 defines for that packet.
 */
export function classifyHead(head: Uint8Array): OpenPgpContent {
  const armored = armorContent(head)
  if (armored) return armored
  const header = readHeader(head)
  const content = header ? FIRST_PACKET[header.tag] : undefined
  if (!header || !content) return 'not-openpgp'
  if (header.open && !DATA_PACKETS.has(header.tag)) return 'not-openpgp'
  return plausibleBody(header.tag, head.subarray(header.bodyAt)) ? content : 'not-openpgp'
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

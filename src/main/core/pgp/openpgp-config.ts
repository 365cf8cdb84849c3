import { enums, type PartialConfig } from 'openpgp'

/** RSA keys below this are broken outright: not even a partner's old signature is read. */
const SMALLEST_READABLE_RSA_BITS = 1024

/**
 * openpgp.js settings for reading what others made. GnuPG 2.4 makes keys that invite OCB
 * encrypted data (packet 20, from the abandoned RFC 4880bis draft); an own key of that kind must
 * still decrypt what partners send to it, so those entities are parsed. Partners' old keys (DSA,
 * ElGamal, RSA under 2048 bits), which openpgp.js refuses by default, still verify and decrypt:
 * the key list and the verdict call them weak, and encryptFile never encrypts to them.
 */
export const OPENPGP_READ_CONFIG: PartialConfig = {
  enableParsingV5Entities: true,
  rejectPublicKeyAlgorithms: new Set(),
  minRSABits: SMALLEST_READABLE_RSA_BITS,
}

/**
 * openpgp.js settings for what Mailroom writes, interoperable with GnuPG 2.2, which many
 * partners run: v4 keys, no AEAD (SEIPDv2 or OCB), no compression (what is sent is often
 * compressed already, and compression is what makes bombs).
 */
export const OPENPGP_WRITE_CONFIG: PartialConfig = {
  v6Keys: false,
  aeadProtect: false,
  preferredCompressionAlgorithm: enums.compression.uncompressed,
}

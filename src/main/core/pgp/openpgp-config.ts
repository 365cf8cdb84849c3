import { enums, type PartialConfig } from 'openpgp'

/**
 * openpgp.js settings for reading what others made. GnuPG 2.4 makes keys that invite OCB
 * encrypted data (packet 20, from the abandoned RFC 4880bis draft); an own key of that kind must
 * still decrypt what partners send to it, so those entities are parsed.
 */
export const OPENPGP_READ_CONFIG: PartialConfig = { enableParsingV5Entities: true }

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

import { timingSafeEqual } from 'node:crypto'
import { poly1305 } from '@noble/ciphers/_poly1305.js'
import { chacha20orig } from '@noble/ciphers/chacha.js'

/** What `ssh-keygen -Z chacha20-poly1305@openssh.com` names the cipher in the key file. */
export const CHACHA20_POLY1305 = 'chacha20-poly1305@openssh.com'

/** bcrypt-pbkdf derives two 256-bit keys (OpenSSH's cipher table: key length 64, no IV). */
export const CHACHA20_POLY1305_KEY_LENGTH = 64

/** The Poly1305 tag, written after the encrypted private section, outside its length. */
export const CHACHA20_POLY1305_TAG_LENGTH = 16

/**
 * Decrypts an OpenSSH key file's private section as OpenSSH's `chachapoly_crypt` does it
 * (cipher-chachapoly.c), for a key file rather than a packet: the sequence number, which is the
 * 8-byte nonce of DJB's original ChaCha20, is always 0, and there is no encrypted length
 * (no additional data), so only the first 32 bytes of `key` are used; the second half is the
 * transport's header key. The Poly1305 key is the first keystream block (counter 0), the
 * payload is encrypted from counter 1, and the tag covers the ciphertext. Returns undefined when
 * the tag does not match, which OpenSSH reports as a wrong passphrase; it is checked, in
 * constant time, before anything is decrypted.
 */
export function openKeyFileChaCha20Poly1305(
  key: Uint8Array,
  sealed: Uint8Array,
  tag: Uint8Array,
): Buffer | undefined {
  if (key.length !== CHACHA20_POLY1305_KEY_LENGTH)
    throw new Error(`chacha20-poly1305 needs a ${CHACHA20_POLY1305_KEY_LENGTH}-byte key`)
  const mainKey = key.subarray(0, 32)
  const nonce = new Uint8Array(8)
  const polyKey = chacha20orig(mainKey, nonce, new Uint8Array(32), undefined, 0)
  try {
    const expected = poly1305(sealed, polyKey)
    if (tag.length !== expected.length || !timingSafeEqual(expected, tag)) return undefined
    return Buffer.from(chacha20orig(mainKey, nonce, sealed, undefined, 1))
  } finally {
    polyKey.fill(0)
  }
}

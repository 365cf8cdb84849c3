import type { KeyObject } from 'node:crypto'
import { sha256Fingerprint } from '../sftp/host-key'
import { mpint, sshString } from './ssh-wire'

/**
 * A private key as numbers, whatever file it came from. Every format Mailroom reads ends here,
 * and every format it writes starts here, so a key is converted once and checked once.
 */
export type KeyMaterial =
  | {
      readonly type: 'ssh-ed25519'
      readonly publicKey: Buffer
      readonly seed: Buffer
      readonly comment: string
    }
  | {
      readonly type: EcdsaType
      readonly curve: EcdsaCurve
      /** The public point, uncompressed: 0x04 || x || y. */
      readonly point: Buffer
      readonly d: Buffer
      readonly comment: string
    }
  | {
      readonly type: 'ssh-rsa'
      readonly n: Buffer
      readonly e: Buffer
      readonly d: Buffer
      readonly p: Buffer
      readonly q: Buffer
      /** q^-1 mod p, as OpenSSH and PuTTY both store it. */
      readonly iqmp: Buffer
      readonly comment: string
    }

export type EcdsaType = 'ecdsa-sha2-nistp256' | 'ecdsa-sha2-nistp384' | 'ecdsa-sha2-nistp521'
export type EcdsaCurve = 'nistp256' | 'nistp384' | 'nistp521'

const JWK_CURVE: Record<EcdsaCurve, { jwk: string; bytes: number }> = {
  nistp256: { jwk: 'P-256', bytes: 32 },
  nistp384: { jwk: 'P-384', bytes: 48 },
  nistp521: { jwk: 'P-521', bytes: 66 },
}

export function isEcdsaType(type: string): type is EcdsaType {
  return (
    type === 'ecdsa-sha2-nistp256' ||
    type === 'ecdsa-sha2-nistp384' ||
    type === 'ecdsa-sha2-nistp521'
  )
}

/** The public key blob (RFC 4253 section 6.6), what servers store and fingerprints hash. */
export function publicBlob(key: KeyMaterial): Buffer {
  switch (key.type) {
    case 'ssh-ed25519':
      return Buffer.concat([sshString(key.type), sshString(key.publicKey)])
    case 'ssh-rsa':
      return Buffer.concat([sshString(key.type), mpint(key.e), mpint(key.n)])
    default:
      return Buffer.concat([sshString(key.type), sshString(key.curve), sshString(key.point)])
  }
}

/** `ssh-ed25519 AAAA… comment`: the line a provider asks for (authorized_keys format). */
export function publicKeyLine(key: KeyMaterial): string {
  const line = `${key.type} ${publicBlob(key).toString('base64')}`
  return key.comment ? `${line} ${key.comment}` : line
}

/** `SHA256:…` exactly as `ssh-keygen -lf` prints it. */
export function fingerprintOf(key: KeyMaterial): string {
  return sha256Fingerprint(publicBlob(key))
}

/** Key size in bits, as `ssh-keygen -lf` shows it. */
export function keyBits(key: KeyMaterial): number {
  switch (key.type) {
    case 'ssh-ed25519':
      return 256
    case 'ssh-rsa':
      return bitLength(key.n)
    default:
      return key.curve === 'nistp521' ? 521 : JWK_CURVE[key.curve].bytes * 8
  }
}

function bitLength(value: Buffer): number {
  let start = 0
  while (start < value.length && value[start] === 0) start += 1
  const top = value[start] ?? 0
  return top === 0 ? 0 : (value.length - start - 1) * 8 + (32 - Math.clz32(top))
}

const fromB64u = (value: string | undefined): Buffer => Buffer.from(value ?? '', 'base64url')

/** Reads the numbers out of a Node KeyObject (any format Node or ssh2 parsed). */
export function fromKeyObject(keyObject: KeyObject, comment: string): KeyMaterial {
  // Node has no JWK for DSA and would throw an untyped "Unsupported JWK Key Type."
  if (keyObject.asymmetricKeyType === 'dsa') throw new UnsupportedKeyError(DSA_KEY)
  const jwk = keyObject.export({ format: 'jwk' })
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') {
    return { type: 'ssh-ed25519', publicKey: fromB64u(jwk.x), seed: fromB64u(jwk.d), comment }
  }
  if (jwk.kty === 'RSA') {
    return {
      type: 'ssh-rsa',
      n: fromB64u(jwk.n),
      e: fromB64u(jwk.e),
      d: fromB64u(jwk.d),
      p: fromB64u(jwk.p),
      q: fromB64u(jwk.q),
      iqmp: fromB64u(jwk.qi),
      comment,
    }
  }
  if (jwk.kty === 'EC') {
    const curve = (Object.keys(JWK_CURVE) as EcdsaCurve[]).find(
      (name) => JWK_CURVE[name].jwk === jwk.crv,
    )
    if (!curve)
      throw new UnsupportedKeyError(`an elliptic curve key on ${jwk.crv ?? 'an unknown curve'}`)
    const size = JWK_CURVE[curve].bytes
    const point = Buffer.concat([
      Buffer.from([4]),
      pad(fromB64u(jwk.x), size),
      pad(fromB64u(jwk.y), size),
    ])
    return { type: `ecdsa-sha2-${curve}`, curve, point, d: pad(fromB64u(jwk.d), size), comment }
  }
  throw new UnsupportedKeyError(
    jwk.kty === 'OKP' ? `an ${jwk.crv ?? 'OKP'} key` : `a ${jwk.kty ?? 'unknown'} key`,
  )
}

/** A key type Mailroom cannot use; the message names it. */
export class UnsupportedKeyError extends Error {
  constructor(readonly what: string) {
    super(`Mailroom cannot use ${what}. Use an ed25519, ECDSA or RSA key.`)
  }
}

/**
 * OpenSSH 7.0 turned DSA off by default and 10.0 removed it, so a gateway's sshd refuses such a
 * key; ssh2 still reads the file, so Mailroom refuses it by name before a server can refuse it
 * as a failed login.
 */
export const DSA_KEY = 'a DSA key (ssh-dss), which gateways no longer accept'

/** What the person reads for a key of a type Mailroom cannot use, in whatever file format. */
export function unsupportedKeyMessage(source: string, what: string): string {
  return `${source} holds ${what}. Use an ed25519 key instead (Generate key makes one; gateways ask for ed25519), or an ECDSA or RSA key.`
}

function pad(value: Buffer, size: number): Buffer {
  let start = 0
  while (value.length - start > size && value[start] === 0) start += 1
  const trimmed = value.subarray(start)
  return trimmed.length >= size
    ? trimmed
    : Buffer.concat([Buffer.alloc(size - trimmed.length), trimmed])
}

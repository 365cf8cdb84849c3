import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto'
import { deriveKey } from './key-derivation'
import { isEcdsaType, publicBlob, type EcdsaCurve, type KeyMaterial } from './key-material'
import { mpint, sshString, WireReader } from './ssh-wire'

/**
 * PuTTY's private key files (.ppk), versions 2 and 3, for RSA, ECDSA and ed25519 keys, as
 * documented in the PuTTY manual's appendix C. ssh2 reads only version 2 RSA and DSA files, so
 * Mailroom reads and writes them itself. Version 3 derives its keys with Argon2.
 */

/** Why a PPK file could not be read; the caller turns it into words. */
export class PpkError extends Error {
  constructor(
    readonly reason:
      | 'malformed'
      | 'passphrase-needed'
      | 'bad-mac'
      | 'bad-passphrase-or-mac'
      | 'unsupported'
      | 'too-costly',
    message: string,
  ) {
    super(message)
  }
}

interface PpkFile {
  readonly version: 2 | 3
  readonly algorithm: string
  readonly encryption: string
  readonly comment: string
  readonly publicBlob: Buffer
  readonly privateBlob: Buffer
  readonly mac: Buffer
  readonly headers: ReadonlyMap<string, string>
}

export function looksLikePpk(text: string): boolean {
  return /^PuTTY-User-Key-File-\d+:/.test(text.trimStart())
}

/** Reads a PPK file; `passphrase` is needed when it is encrypted. */
export async function readPpk(text: string, passphrase?: string): Promise<KeyMaterial> {
  const file = parseOuter(text)
  const encrypted = file.encryption === 'aes256-cbc'
  if (!encrypted && file.encryption !== 'none')
    throw new PpkError('unsupported', `PPK encryption "${file.encryption}" is not one PuTTY writes`)
  // Before asking for a passphrase: no passphrase will unlock a key Mailroom will not derive.
  const argon2 = file.version === 3 && encrypted ? argon2Settings(file) : undefined
  if (encrypted && !passphrase)
    throw new PpkError('passphrase-needed', 'This PuTTY key is protected by a passphrase')

  const keys =
    file.version === 2
      ? deriveV2(encrypted ? (passphrase ?? '') : '')
      : await deriveV3(argon2, encrypted ? (passphrase ?? '') : undefined)
  let privateBlob = file.privateBlob
  if (encrypted) {
    if (privateBlob.length % 16 !== 0)
      throw new PpkError('malformed', 'The encrypted part of the PPK file has a wrong length')
    const decipher = createDecipheriv('aes-256-cbc', keys.cipherKey, keys.iv).setAutoPadding(false)
    privateBlob = Buffer.concat([decipher.update(privateBlob), decipher.final()])
  }
  const macData = Buffer.concat([
    sshString(file.algorithm),
    sshString(file.encryption),
    sshString(file.comment),
    sshString(file.publicBlob),
    sshString(privateBlob),
  ])
  const expected = createHmac(file.version === 2 ? 'sha1' : 'sha256', keys.macKey)
    .update(macData)
    .digest()
  if (expected.length !== file.mac.length || !timingSafeEqual(expected, file.mac)) {
    throw encrypted
      ? new PpkError(
          'bad-passphrase-or-mac',
          'The passphrase is wrong, or the PPK file was changed',
        )
      : new PpkError('bad-mac', 'The PPK file was changed or damaged: its MAC does not match')
  }
  return toMaterial(file, privateBlob)
}

/**
 * Writes a version 3 PPK (what PuTTY 0.75 and later, WinSCP and Pageant read), encrypted with
 * Argon2id and aes256-cbc when a passphrase is given, with PuTTY's default Argon2 memory.
 */
export async function writePpkV3(key: KeyMaterial, passphrase?: string): Promise<string> {
  const encryption = passphrase ? 'aes256-cbc' : 'none'
  const publicPart = publicBlob(key)
  let privateBlob = privateBlobOf(key)
  const headers = new Map<string, string>()
  let keys: DerivedKeys = {
    cipherKey: Buffer.alloc(0),
    iv: Buffer.alloc(0),
    macKey: Buffer.alloc(0),
  }
  if (passphrase) {
    headers.set('Key-Derivation', 'Argon2id')
    headers.set('Argon2-Memory', '8192')
    headers.set('Argon2-Passes', '8')
    headers.set('Argon2-Parallelism', '1')
    headers.set('Argon2-Salt', randomBytes(16).toString('hex'))
    keys = await deriveV3(argon2Settings({ headers }), passphrase)
    privateBlob = Buffer.concat([privateBlob, randomBytes((16 - (privateBlob.length % 16)) % 16)])
  }
  const macData = Buffer.concat([
    sshString(key.type),
    sshString(encryption),
    sshString(key.comment),
    sshString(publicPart),
    sshString(privateBlob),
  ])
  const mac = createHmac('sha256', keys.macKey).update(macData).digest('hex')
  if (passphrase) {
    const cipher = createCipheriv('aes-256-cbc', keys.cipherKey, keys.iv).setAutoPadding(false)
    privateBlob = Buffer.concat([cipher.update(privateBlob), cipher.final()])
  }
  const lines = (blob: Buffer) => blob.toString('base64').match(/.{1,64}/g) ?? []
  const publicLines = lines(publicPart)
  const privateLines = lines(privateBlob)
  return [
    `PuTTY-User-Key-File-3: ${key.type}`,
    `Encryption: ${encryption}`,
    `Comment: ${key.comment}`,
    `Public-Lines: ${publicLines.length}`,
    ...publicLines,
    ...[...headers].map(([name, value]) => `${name}: ${value}`),
    `Private-Lines: ${privateLines.length}`,
    ...privateLines,
    `Private-MAC: ${mac}`,
    '',
  ].join('\n')
}

function parseOuter(text: string): PpkFile {
  const lines = text.replace(/\r\n?/g, '\n').split('\n')
  let index = 0
  const header = (name: string): string => {
    const line = lines[index] ?? ''
    const prefix = `${name}: `
    if (!line.startsWith(prefix))
      throw new PpkError('malformed', `The PPK file is cut short or damaged (expected "${name}")`)
    index += 1
    return line.slice(prefix.length)
  }
  const first = lines[index] ?? ''
  const match = /^PuTTY-User-Key-File-(\d+): (.+)$/.exec(first)
  if (!match) throw new PpkError('malformed', 'Not a PuTTY key file')
  const version = Number(match[1])
  if (version !== 2 && version !== 3)
    throw new PpkError(
      'unsupported',
      `PuTTY key file version ${version} (Mailroom reads versions 2 and 3)`,
    )
  index += 1
  const algorithm = match[2] ?? ''
  const encryption = header('Encryption')
  const comment = header('Comment')
  const base64Lines = (name: string): Buffer => {
    const count = Number(header(name))
    if (!Number.isInteger(count) || count < 0 || count > 1000)
      throw new PpkError('malformed', `The PPK file's ${name} is damaged`)
    const chunk = lines.slice(index, index + count)
    if (chunk.length !== count) throw new PpkError('malformed', 'The PPK file is cut short')
    index += count
    return Buffer.from(chunk.join(''), 'base64')
  }
  const publicBlob = base64Lines('Public-Lines')
  const headers = new Map<string, string>()
  while (index < lines.length && !(lines[index] ?? '').startsWith('Private-Lines: ')) {
    const line = lines[index] ?? ''
    const colon = line.indexOf(': ')
    if (colon < 0) throw new PpkError('malformed', 'The PPK file is cut short or damaged')
    headers.set(line.slice(0, colon), line.slice(colon + 2))
    index += 1
  }
  const privateBlob = base64Lines('Private-Lines')
  const mac = Buffer.from(header('Private-MAC'), 'hex')
  return { version, algorithm, encryption, comment, publicBlob, privateBlob, mac, headers }
}

interface DerivedKeys {
  readonly cipherKey: Buffer
  readonly iv: Buffer
  readonly macKey: Buffer
}

function deriveV2(passphrase: string): DerivedKeys {
  const hash = (counter: number) =>
    createHash('sha1')
      .update(Buffer.from([0, 0, 0, counter]))
      .update(passphrase, 'utf8')
      .digest()
  return {
    cipherKey: Buffer.concat([hash(0), hash(1)]).subarray(0, 32),
    iv: Buffer.alloc(16),
    macKey: createHash('sha1')
      .update('putty-private-key-file-mac-key')
      .update(passphrase, 'utf8')
      .digest(),
  }
}

/**
 * The most Argon2 memory, and memory times passes, Mailroom derives a PuTTY key's key with.
 * PuTTYgen makes 8 MiB and as many passes as take a tenth of a second on the computer that made
 * it (a few dozen); in hash-wasm a pass over 8 MiB takes about 12 ms here, so the work limit is
 * some 12 seconds. A file asking for gigabytes or millions of passes was made to keep the
 * computer busy.
 */
export const MAX_ARGON2_MEMORY_KIB = 256 * 1024
export const MAX_ARGON2_WORK_KIB = 8192 * 1024

interface Argon2Settings {
  readonly flavour: 'argon2id' | 'argon2i' | 'argon2d'
  readonly salt: Buffer
  readonly memoryKiB: number
  readonly passes: number
  readonly parallelism: number
}

const FLAVOURS = { Argon2id: 'argon2id', Argon2i: 'argon2i', Argon2d: 'argon2d' } as const

/** A version 3 file's Argon2 settings, refused when malformed or far costlier than PuTTYgen makes. */
function argon2Settings(file: Pick<PpkFile, 'headers'>): Argon2Settings {
  const get = (name: string) => {
    const value = file.headers.get(name)
    if (value === undefined) throw new PpkError('malformed', `The PPK file has no ${name} line`)
    return value
  }
  const number = (name: string, max: number) => {
    const value = Number(get(name))
    if (!Number.isInteger(value) || value < 1 || value > max)
      throw new PpkError('malformed', `The PPK file's ${name} is out of range`)
    return value
  }
  const flavour = FLAVOURS[get('Key-Derivation') as keyof typeof FLAVOURS] as
    Argon2Settings['flavour'] | undefined
  if (!flavour) throw new PpkError('unsupported', `PPK key derivation "${get('Key-Derivation')}"`)
  const memoryKiB = number('Argon2-Memory', 2 ** 32 - 1)
  const passes = number('Argon2-Passes', 2 ** 32 - 1)
  const parallelism = number('Argon2-Parallelism', 64)
  if (memoryKiB > MAX_ARGON2_MEMORY_KIB || memoryKiB * passes > MAX_ARGON2_WORK_KIB) {
    const mib = (kib: number) =>
      `${(kib / 1024).toLocaleString('en', { maximumFractionDigits: 1 })} MiB`
    throw new PpkError(
      'too-costly',
      `it asks Argon2 for ${mib(memoryKiB)} and ${passes.toLocaleString('en')} passes to unlock it with its passphrase, where PuTTYgen makes 8 MiB and a few dozen passes. Mailroom unlocks PuTTY keys of up to ${mib(MAX_ARGON2_MEMORY_KIB)}, and ${mib(MAX_ARGON2_WORK_KIB)} in all (memory times passes), and did not try this one, which would keep the computer busy for a very long time. If you made this key yourself, save it again with PuTTYgen's usual settings and import it again.`,
    )
  }
  return { flavour, salt: Buffer.from(get('Argon2-Salt'), 'hex'), memoryKiB, passes, parallelism }
}

/** Argon2 in a worker (key-derivation.ts): the key, IV and MAC key of a version 3 file. */
async function deriveV3(
  settings: Argon2Settings | undefined,
  passphrase: string | undefined,
): Promise<DerivedKeys> {
  if (passphrase === undefined || settings === undefined)
    return { cipherKey: Buffer.alloc(0), iv: Buffer.alloc(0), macKey: Buffer.alloc(0) }
  const bytes = await deriveKey({
    kind: 'argon2',
    passphrase: Buffer.from(passphrase, 'utf8'),
    length: 80,
    ...settings,
  })
  return {
    cipherKey: bytes.subarray(0, 32),
    iv: bytes.subarray(32, 48),
    macKey: bytes.subarray(48, 80),
  }
}

function toMaterial(file: PpkFile, privateBlob: Buffer): KeyMaterial {
  try {
    const pub = new WireReader(file.publicBlob)
    const priv = new WireReader(privateBlob)
    const type = pub.text()
    if (type !== file.algorithm)
      throw new PpkError('malformed', 'The PPK file names one key type and holds another')
    if (type === 'ssh-ed25519') {
      const publicKey = pub.string()
      const seed = priv.string()
      if (publicKey.length !== 32 || seed.length !== 32)
        throw new PpkError('malformed', 'The ed25519 key in the PPK file has a wrong length')
      return { type, publicKey, seed, comment: file.comment }
    }
    if (type === 'ssh-rsa') {
      const e = pub.mpint()
      const n = pub.mpint()
      return {
        type,
        n,
        e,
        d: priv.mpint(),
        p: priv.mpint(),
        q: priv.mpint(),
        iqmp: priv.mpint(),
        comment: file.comment,
      }
    }
    if (isEcdsaType(type)) {
      const curve = pub.text() as EcdsaCurve
      return { type, curve, point: pub.string(), d: priv.mpint(), comment: file.comment }
    }
    throw new PpkError(
      'unsupported',
      type === 'ssh-dss' ? 'a DSA key (ssh-dss), which gateways no longer accept' : `a ${type} key`,
    )
  } catch (error) {
    if (error instanceof PpkError) throw error
    throw new PpkError('malformed', 'The key inside the PPK file is cut short or damaged')
  }
}

function privateBlobOf(key: KeyMaterial): Buffer {
  switch (key.type) {
    case 'ssh-ed25519':
      return sshString(key.seed)
    case 'ssh-rsa':
      return Buffer.concat([mpint(key.d), mpint(key.p), mpint(key.q), mpint(key.iqmp)])
    default:
      return mpint(key.d)
  }
}

import { execFileSync } from 'node:child_process'
import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ssh2 from 'ssh2'
import { afterAll, describe, expect, it } from 'vitest'
import {
  DSA_KEY,
  fingerprintOf,
  fromKeyObject,
  isEcdsaType,
  keyBits,
  publicBlob,
  publicKeyLine,
  unsupportedKeyMessage,
  UnsupportedKeyError,
} from '../../../../src/main/core/keys/key-material'

const dir = mkdtempSync(join(tmpdir(), 'mailroom-key-material-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** What ssh-keygen says of a private key file: its public line, and its -lf line. */
function sshKeygenView(path: string) {
  const publicLine = execFileSync('ssh-keygen', ['-y', '-f', path]).toString().trim()
  writeFileSync(`${path}.pub`, `${publicLine}\n`)
  const [bits, fingerprint] = execFileSync('ssh-keygen', ['-lf', `${path}.pub`])
    .toString()
    .split(' ')
  return { publicLine, bits: Number(bits), fingerprint }
}

/** A key Node made, as a PEM file ssh-keygen reads, and its KeyObject. */
function nodeKey(name: string, keyObject: KeyObject) {
  const path = join(dir, name)
  writeFileSync(path, keyObject.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 })
  return { path, keyObject }
}

/** An ed25519 key ssh-keygen made (it reads no PKCS#8 ed25519), through ssh2 into Node. */
function sshKeygenEd25519(name: string, comment: string) {
  const path = join(dir, name)
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', path])
  const parsed = ssh2.utils.parseKey(readFileSync(path))
  if (parsed instanceof Error || Array.isArray(parsed)) throw new Error('ssh2 could not read it')
  return { path, keyObject: createPrivateKey(parsed.getPrivatePEM()) }
}

describe('key material from Node key objects, as ssh-keygen sees the same key', () => {
  const cases = [
    ['ed25519', () => sshKeygenEd25519('ed25519', 'me@host'), 'ssh-ed25519', 256],
    [
      'ECDSA P-256',
      () => nodeKey('p256', generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey),
      'ecdsa-sha2-nistp256',
      256,
    ],
    [
      'ECDSA P-384',
      () => nodeKey('p384', generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey),
      'ecdsa-sha2-nistp384',
      384,
    ],
    [
      'ECDSA P-521',
      () => nodeKey('p521', generateKeyPairSync('ec', { namedCurve: 'P-521' }).privateKey),
      'ecdsa-sha2-nistp521',
      521,
    ],
    [
      'RSA 2048',
      () => nodeKey('rsa2048', generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey),
      'ssh-rsa',
      2048,
    ],
    [
      'RSA of an odd size (1025 bits)',
      () => nodeKey('rsa1025', generateKeyPairSync('rsa', { modulusLength: 1025 }).privateKey),
      'ssh-rsa',
      1025,
    ],
  ] as const

  it.each(cases)(
    '%s: the public line, fingerprint and size ssh-keygen prints',
    (_label, make, type, bits) => {
      const { path, keyObject } = make()
      const material = fromKeyObject(keyObject, 'me@host')
      const view = sshKeygenView(path)
      expect(material.type).toBe(type)
      expect(isEcdsaType(material.type)).toBe(type.startsWith('ecdsa-'))
      expect(publicKeyLine(material)).toBe(
        `${view.publicLine.split(' ').slice(0, 2).join(' ')} me@host`,
      )
      expect(publicBlob(material).toString('base64')).toBe(view.publicLine.split(' ')[1])
      expect(fingerprintOf(material)).toBe(view.fingerprint)
      expect(keyBits(material)).toBe(bits)
      expect(view.bits).toBe(bits)
    },
  )

  it('keeps the numbers of each type at their full width', () => {
    const ed = fromKeyObject(generateKeyPairSync('ed25519').privateKey, '')
    if (ed.type !== 'ssh-ed25519') throw new Error(ed.type)
    expect([ed.publicKey.length, ed.seed.length]).toEqual([32, 32])
    const ec = fromKeyObject(generateKeyPairSync('ec', { namedCurve: 'P-521' }).privateKey, '')
    if (ec.type !== 'ecdsa-sha2-nistp521') throw new Error(ec.type)
    expect(ec.curve).toBe('nistp521')
    expect([ec.point.length, ec.point[0], ec.d.length]).toEqual([133, 4, 66])
  })

  it('writes a line without a comment when there is none', () => {
    const key = fromKeyObject(generateKeyPairSync('ed25519').privateKey, '')
    expect(publicKeyLine(key)).toMatch(/^ssh-ed25519 [A-Za-z0-9+/]+=*$/)
  })
})

describe('keys Mailroom cannot use', () => {
  it.each([
    [
      'DSA',
      () => generateKeyPairSync('dsa', { modulusLength: 1024, divisorLength: 160 }).privateKey,
      DSA_KEY,
    ],
    ['X25519', () => generateKeyPairSync('x25519').privateKey, 'an X25519 key'],
    ['Ed448', () => generateKeyPairSync('ed448').privateKey, 'an Ed448 key'],
    [
      'ECDSA on secp256k1',
      () => generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey,
      'an elliptic curve key on secp256k1',
    ],
  ] as const)('a %s key is refused by name', (_label, make, what) => {
    const refusal = (() => {
      try {
        fromKeyObject(make(), '')
      } catch (error) {
        return error
      }
      throw new Error('it was accepted')
    })()
    expect(refusal).toBeInstanceOf(UnsupportedKeyError)
    expect(refusal).toMatchObject({
      what,
      message: `Mailroom cannot use ${what}. Use an ed25519, ECDSA or RSA key.`,
    })
  })

  it('says what to use instead, naming where the key came from', () => {
    expect(unsupportedKeyMessage('id_dsa', DSA_KEY)).toBe(
      'id_dsa holds a DSA key (ssh-dss), which gateways no longer accept. Use an ed25519 key instead (Generate key makes one; gateways ask for ed25519), or an ECDSA or RSA key.',
    )
  })
})

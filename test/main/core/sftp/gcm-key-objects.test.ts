import { randomBytes, type KeyObject } from 'node:crypto'
import { EventEmitter } from 'node:events'
import type { Client } from 'ssh2'
import { describe, expect, it } from 'vitest'
import { keepGcmKeysAsKeyObjects } from '../../../../src/main/core/sftp/gcm-key-objects'

/** A client with ssh2's private protocol object, its ciphers holding keys as ssh2 leaves them. */
function clientWith(protocol: Record<string, unknown> | undefined) {
  const client = Object.assign(new EventEmitter(), { _protocol: protocol })
  keepGcmKeysAsKeyObjects(client as unknown as Client)
  return client
}

const bytesOf = (key: unknown) => (key as KeyObject).export()

describe('keepGcmKeysAsKeyObjects', () => {
  it('turns both AES-GCM keys into KeyObjects of the same bytes after the key exchange', () => {
    const encKey = randomBytes(16)
    const decipherKey = randomBytes(16)
    const cipher = { _encKey: Buffer.from(encKey) }
    const decipher = { _decipherKey: Buffer.from(decipherKey) }
    const client = clientWith({ _cipher: cipher, _decipher: decipher })
    expect(Buffer.isBuffer(cipher._encKey)).toBe(true)
    client.emit('handshake')
    expect((cipher._encKey as unknown as KeyObject).type).toBe('secret')
    expect(bytesOf(cipher._encKey).equals(encKey)).toBe(true)
    expect(bytesOf(decipher._decipherKey).equals(decipherKey)).toBe(true)
  })

  it('does it again after a re-key, when ssh2 made new ciphers with new keys', () => {
    const protocol: Record<string, unknown> = { _cipher: { _encKey: randomBytes(16) } }
    const client = clientWith(protocol)
    client.emit('handshake')
    const fresh = randomBytes(16)
    const cipher = { _encKey: Buffer.from(fresh) }
    protocol._cipher = cipher
    client.emit('handshake')
    expect(bytesOf(cipher._encKey).equals(fresh)).toBe(true)
  })

  it('leaves alone what it does not know: other ciphers, missing fields, no protocol at all', () => {
    const chacha = { _encKeyMain: randomBytes(32) }
    const already = { _decipherKey: 'not a buffer' }
    const client = clientWith({ _cipher: chacha, _decipher: already })
    client.emit('handshake')
    expect(Buffer.isBuffer(chacha._encKeyMain)).toBe(true)
    expect(chacha).not.toHaveProperty('_encKey')
    expect(already._decipherKey).toBe('not a buffer')
    expect(() => clientWith(undefined).emit('handshake')).not.toThrow()
    expect(() => clientWith({ _cipher: null, _decipher: 5 }).emit('handshake')).not.toThrow()
  })
})

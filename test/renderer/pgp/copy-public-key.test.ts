import { describe, expect, it } from 'vitest'
import { ApiFailure } from '../../../src/renderer/api/client'
import { copyPublicKey } from '../../../src/renderer/pgp/copy-public-key'
import { pgpKey } from './pgp-key-fixtures'

const ARMORED =
  '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nxjMEZ…\n-----END PGP PUBLIC KEY BLOCK-----\n'

/** A clipboard that keeps what it was given, or refuses as Chromium does without focus. */
function clipboard(refuse = false) {
  const written: string[] = []
  return {
    written,
    writeText: async (text: string) => {
      if (refuse) throw new DOMException('Document is not focused.', 'NotAllowedError')
      written.push(text)
    },
  }
}

describe('Copy public key', () => {
  it("puts the key's armored public half, as the main side gives it, on the clipboard", async () => {
    const asked: unknown[] = []
    const client = {
      call: async (name: string, input: unknown) => {
        asked.push([name, input])
        return ARMORED
      },
    } as Parameters<typeof copyPublicKey>[0]
    const board = clipboard()
    const key = pgpKey()
    expect(await copyPublicKey(client, key, board)).toEqual({
      text: 'Copied the public key of Partner Ltd <files@partner.example>.',
    })
    expect(asked).toEqual([['pgp:public-key', { fingerprint: key.fingerprint }]])
    expect(board.written).toEqual([ARMORED])
  })

  it('says so when the clipboard refuses, and points to Export', async () => {
    const client = { call: async () => ARMORED } as Parameters<typeof copyPublicKey>[0]
    expect(await copyPublicKey(client, pgpKey(), clipboard(true))).toEqual({
      text: 'Could not copy the public key of Partner Ltd <files@partner.example>. Use Export public key… instead.',
      failed: true,
    })
  })

  it("gives the main side's reason when the key is gone, and copies nothing", async () => {
    const client = {
      call: async () => {
        throw new ApiFailure({
          kind: 'not-found',
          message: 'That OpenPGP key is no longer in Mailroom.',
        })
      },
    } as Parameters<typeof copyPublicKey>[0]
    const board = clipboard()
    expect(await copyPublicKey(client, pgpKey(), board)).toEqual({
      text: 'Could not copy the public key of Partner Ltd <files@partner.example>. That OpenPGP key is no longer in Mailroom. Use Export public key… instead.',
      failed: true,
    })
    expect(board.written).toEqual([])
  })
})

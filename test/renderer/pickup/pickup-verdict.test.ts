import { describe, expect, it } from 'vitest'
import type { PickupHistoryEntry } from '../../../src/shared/domain'
import type { PgpFingerprint } from '../../../src/shared/pgp'
import {
  entryForTransfer,
  pgpOutcomeWords,
  pickedUpText,
} from '../../../src/renderer/pickup/pickup-verdict'

const FPR = '0123456789ABCDEF0123456789ABCDEF01234567' as PgpFingerprint

function entry(change: Partial<PickupHistoryEntry> = {}): PickupHistoryEntry {
  return {
    profileId: 'p1',
    remotePath: '/in/invoice.xml.pgp',
    localPath: '/home/me/in/invoice.xml',
    size: 10,
    sha256: 'ab',
    savedAt: 2000,
    serverCopy: 'deleted',
    ...change,
  }
}

describe('the words for what OpenPGP did to a picked-up file', () => {
  it('says who signed a decrypted file, or that it was not signed', () => {
    expect(
      pgpOutcomeWords({
        decrypted: true,
        verdict: { state: 'good', fingerprint: FPR, name: 'Partner Ltd', weakKey: false },
      }),
    ).toBe(`decrypted, signed by Partner Ltd (${FPR})`)
    expect(pgpOutcomeWords({ decrypted: true, verdict: { state: 'not-signed' } })).toBe(
      'decrypted, not signed',
    )
  })

  it('gives the reason a file was kept encrypted, and nothing for a plain file', () => {
    expect(
      pgpOutcomeWords({
        decrypted: false,
        reason: 'encrypted for key 0x1234, which Mailroom does not have',
      }),
    ).toBe('kept encrypted: encrypted for key 0x1234, which Mailroom does not have')
    expect(pgpOutcomeWords(undefined)).toBeUndefined()
  })

  it("puts the verdict first in a finished pickup's line, and names the saved (decrypted) file", () => {
    const decrypted = entry({ pgp: { decrypted: true, verdict: { state: 'not-signed' } } })
    expect(pickedUpText({ localPath: '/home/me/in/invoice.xml.pgp' }, decrypted)).toBe(
      'Decrypted, not signed; saved as /home/me/in/invoice.xml',
    )
    expect(pickedUpText({ localPath: '/home/me/in/a.txt' }, undefined)).toBe(
      'Picked up to /home/me/in/a.txt',
    )
  })

  it("finds a transfer's entry by profile and path, saved after it started", () => {
    const older = entry({ savedAt: 500, localPath: '/old' })
    const newer = entry({ savedAt: 2000 })
    const other = entry({ profileId: 'p2', savedAt: 3000 })
    const transfer = { profileId: 'p1', remotePath: '/in/invoice.xml.pgp', startedAt: 1000 }
    expect(entryForTransfer([other, newer, older], transfer as never)).toBe(newer)
    expect(entryForTransfer([older], transfer as never)).toBeUndefined()
  })
})

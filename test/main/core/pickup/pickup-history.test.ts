import { describe, expect, it } from 'vitest'
import { pickupHistory } from '../../../../src/main/core/pickup/pickup-history'
import type { PickupRecord } from '../../../../src/main/core/pickup/pickup-journal'

const record = (
  status: PickupRecord['status'],
  extra: Partial<PickupRecord> = {},
): PickupRecord => ({
  id: `id-${status}`,
  profileId: 'p1',
  remotePath: `inbox/${status}.xml`,
  size: 10,
  modifiedAt: 1_000,
  localFolder: '/in',
  at: 1,
  status,
  localPath: `/in/${status}.xml`,
  sha256: 'abc',
  savedAt: 5,
  ...extra,
})

describe('pickupHistory', () => {
  it("tells what became of each file's server copy: deleted, kept, or not yet dealt with", () => {
    expect(pickupHistory([record('deleted'), record('kept'), record('saved')])).toEqual([
      {
        profileId: 'p1',
        remotePath: 'inbox/deleted.xml',
        localPath: '/in/deleted.xml',
        size: 10,
        sha256: 'abc',
        savedAt: 5,
        serverCopy: 'deleted',
      },
      {
        profileId: 'p1',
        remotePath: 'inbox/kept.xml',
        localPath: '/in/kept.xml',
        size: 10,
        sha256: 'abc',
        savedAt: 5,
        serverCopy: 'kept',
      },
      {
        profileId: 'p1',
        remotePath: 'inbox/saved.xml',
        localPath: '/in/saved.xml',
        size: 10,
        sha256: 'abc',
        savedAt: 5,
        serverCopy: 'pending',
      },
    ])
  })

  it('fills what a record lacks with empty values the UI can show', () => {
    const {
      localPath: _localPath,
      sha256: _sha256,
      savedAt: _savedAt,
      ...bare
    } = record('verified')
    expect(pickupHistory([bare])).toEqual([
      {
        profileId: 'p1',
        remotePath: 'inbox/verified.xml',
        localPath: '',
        size: 10,
        sha256: '',
        savedAt: 0,
        serverCopy: 'pending',
      },
    ])
  })

  it('says which files were decrypted (with the verdict and the encrypted copy) and why others were kept encrypted', () => {
    const verdict = { state: 'not-signed' as const }
    const [decrypted, keptEncrypted, undone, plain] = pickupHistory([
      record('deleted', {
        sha256: 'plain',
        plainSha256: 'plain',
        verdict,
        encryptedPath: '/in/x.xml.pgp',
        note: 'decrypted, not signed',
      }),
      record('deleted', { note: '"y.pgp" was kept encrypted: it is damaged' }),
      // Decrypted, then recovery found no plaintext and saved the encrypted copy instead.
      record('deleted', { sha256: 'encrypted', plainSha256: 'plain', verdict }),
      record('deleted'),
    ])
    expect(decrypted?.pgp).toEqual({ decrypted: true, verdict, encryptedPath: '/in/x.xml.pgp' })
    expect(keptEncrypted?.pgp).toEqual({
      decrypted: false,
      reason: '"y.pgp" was kept encrypted: it is damaged',
    })
    expect(undone?.pgp).toBeUndefined()
    expect(plain).not.toHaveProperty('pgp')
  })
})

import { mkdirSync, writeFileSync } from 'node:fs'
import type * as FsPromises from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { MailroomStore } from '../../../../../src/main/core/store/mailroom-store'
import { sweepCopies } from '../../../../../src/main/core/transfer/send/encrypted-copies'
import { SendJournal } from '../../../../../src/main/core/transfer/send/send-journal'
import { testKeyring } from '../../pgp/pgp-test-keyring'

// A copy another program holds open cannot be removed on Windows (EBUSY): rm fails here as it.
vi.mock('node:fs/promises', async (original) => ({
  ...(await original<typeof FsPromises>()),
  rm: vi.fn(async () => {
    throw Object.assign(new Error('EBUSY: resource busy or locked'), { code: 'EBUSY' })
  }),
}))

describe('sweepCopies, a copy held open', () => {
  it('leaves it for the next sweep instead of failing the send that sweeps', async () => {
    const { keyring, folder } = testKeyring()
    const encryption = { keyring, folder: join(folder, 'pgp-outgoing') }
    mkdirSync(join(encryption.folder, 'old'), { recursive: true })
    writeFileSync(join(encryption.folder, 'old', 'x.pgp'), 'x')
    const journal = new SendJournal(MailroomStore.open(':memory:'))
    await expect(sweepCopies(encryption, journal, Date.now() + 3_600_000)).resolves.toBeUndefined()
  })
})

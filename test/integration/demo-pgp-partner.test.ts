import { readFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Mailroom } from '../../src/main/core/app/create-mailroom'
import { DEMO_USERS, startDemoGateway, type DemoGateway } from '../../src/demo/demo-gateway'
import { demoPgpKeysIn, PGP_PARTNER_INBOX } from '../../src/demo/demo-pgp-partner'
import { readyDemoPgp } from '../../src/demo/demo-pgp-setup'
import type { KeyInfo, PickupHistoryEntry, Profile, Transfer } from '../../src/shared/domain'
import type { PgpKeyInfo } from '../../src/shared/pgp'
import { trustingMailroom, valueOf } from '../fixtures/connected-mailroom'

/**
 * The demo gateway's OpenPGP partner, through all of core as the demo sets it up: its files
 * arrive encrypted to the demo's own key and signed by the partner's, and a pickup saves them
 * decrypted, "signed by" the partner.
 */
describe('the demo gateway partner who sends OpenPGP files', () => {
  let dir: string
  let gateway: DemoGateway
  let app: Mailroom
  let profile: Profile
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mailroom-demo-pgp-'))
    gateway = await startDemoGateway({
      dataDir: join(dir, 'gateway'),
      takeAfterMs: 50,
      arrivalEveryMs: 3_600_000,
      pgpPartner: true,
    })
    app = trustingMailroom(join(dir, 'app'))
    const key = valueOf<KeyInfo>(
      await app.dispatch('keys:generate', { comment: 'test', rememberPassphrase: false }),
    )
    gateway.authorize(DEMO_USERS.mft, key.publicKey)
    profile = valueOf<Profile>(
      await app.dispatch('profiles:save', {
        profile: {
          name: 'Demo MFT Gateway',
          preset: 'mft-gateway',
          group: 'Demo gateways',
          host: '127.0.0.1',
          port: gateway.portOf('mft'),
          username: DEMO_USERS.mft,
          keyId: key.id,
        },
      }),
    )
  }, 30_000)
  afterAll(async () => {
    await app?.shutdown()
    await gateway?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('makes its keys once, and the demo imports them and decrypts the inbox, requiring a signature', async () => {
    const keys = gateway.pgpKeys
    expect(keys).toBeDefined()
    if (!keys) return
    // The same keys next run, so what Mailroom imported stays what files are made with.
    expect(await demoPgpKeysIn(join(dir, 'gateway'))).toEqual(keys)
    await readyDemoPgp(app, keys, profile.id)
    await readyDemoPgp(app, keys, profile.id)
    const listed = valueOf<PgpKeyInfo[]>(await app.dispatch('pgp:keys', {}))
    expect(listed.map((key) => [key.userIds[0], key.hasSecret]).sort()).toEqual([
      ['Mailroom Demo <demo@mailroom.invalid>', true],
      ['Nordic Retail EDI (demo) <edi@nordic-retail.invalid>', false],
    ])
    const saved = valueOf<Profile[]>(await app.dispatch('profiles:list', {})).find(
      (candidate) => candidate.id === profile.id,
    )
    expect(saved?.pgpReceive).toEqual({
      [PGP_PARTNER_INBOX]: { decrypt: true, signature: 'require', keepEncrypted: false },
    })
  })

  it('picking up the partner inbox saves its files decrypted, signed by the partner', async () => {
    const partner = valueOf<PgpKeyInfo[]>(await app.dispatch('pgp:keys', {})).find(
      (key) => !key.hasSecret,
    )
    valueOf(await app.dispatch('session:open', { profileId: profile.id }))
    const local = join(dir, 'picked-up')
    const { transferIds } = valueOf<{ transferIds: string[] }>(
      await app.dispatch('transfer:pickup', {
        profileId: profile.id,
        mailboxPath: PGP_PARTNER_INBOX,
        localFolder: local,
      }),
    )
    expect(transferIds).toHaveLength(2)
    for (let attempt = 0; attempt < 400; attempt += 1) {
      const transfers = valueOf<Transfer[]>(await app.dispatch('transfer:list', {})).filter(
        (transfer) => transferIds.includes(transfer.id),
      )
      if (transfers.every((transfer) => transfer.finishedAt !== undefined)) {
        expect(transfers.map((transfer) => transfer.state)).toEqual(['done', 'done'])
        break
      }
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
    const names = readdirSync(local).sort()
    expect(names).toEqual([
      expect.stringMatching(/^INVOIC_\d+\.xml$/),
      expect.stringMatching(/^INVOIC_\d+\.xml$/),
    ])
    for (const name of names)
      expect(readFileSync(join(local, name), 'utf8')).toMatch(
        /^<\?xml .*<Seller>Nordic Retail<\/Seller>/,
      )
    const history = valueOf<PickupHistoryEntry[]>(await app.dispatch('pickup:history', {}))
    expect(history).toHaveLength(2)
    for (const entry of history)
      expect(entry.pgp).toEqual({
        decrypted: true,
        verdict: {
          state: 'good',
          fingerprint: partner?.fingerprint,
          name: 'Nordic Retail EDI (demo) <edi@nordic-retail.invalid>',
          weakKey: false,
        },
      })
    // One came binary (.pgp), one armored (.asc).
    expect(history.map((entry) => entry.remotePath.split('.').pop()).sort()).toEqual(['asc', 'pgp'])
  })
})

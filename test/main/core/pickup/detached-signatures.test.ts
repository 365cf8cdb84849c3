import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { createMessage, encrypt, generateKey, readKey, readPrivateKey, sign } from 'openpgp'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../../../../src/main/core/logging/logger'
import type { PgpKeyring } from '../../../../src/main/core/pgp/pgp-keyring'
import { FolderSync } from '../../../../src/main/core/pickup/folder-sync'
import { pickupHistory } from '../../../../src/main/core/pickup/pickup-history'
import { startPickup } from '../../../../src/main/core/pickup/run-pickup'
import type { PickupHistoryEntry, ProfileId } from '../../../../src/shared/domain'
import type { PgpReceiveSetting } from '../../../../src/shared/pgp'
import { at, MemorySftpServer } from '../../../fixtures/memory-sftp-session'
import { journalOnDisk } from '../../../fixtures/journal-on-disk'
import { recordedQueue } from '../../../fixtures/recorded-queue'
import { testKeyring } from '../pgp/pgp-test-keyring'

const NOW = 1_800_000_000_000
const OLD = NOW - 3_600_000
const profileId = 'profile-0001' as ProfileId
const INVOICE = Buffer.from('<invoice total="12.00"/>')

/**
 * Detached signatures picked up together with the files they sign, through a whole pickup (the
 * files run at once, so either of the two may settle last). GnuPG's signatures: the
 * integration test.
 */
describe('detached signatures on pickup', () => {
  let keyring: PgpKeyring
  let base: string
  let folder: string
  let journal: ReturnType<typeof journalOnDisk>
  let server: MemorySftpServer
  let partner: { publicKey: string; privateKey: string }
  let partnerFingerprint: string
  let stranger: { privateKey: string }

  beforeEach(async () => {
    const setup = testKeyring()
    keyring = setup.keyring
    base = setup.folder
    folder = join(base, 'in')
    mkdirSync(folder)
    journal = journalOnDisk()
    server = new MemorySftpServer()
    server.tree.addFolder('inbox')
    partner = await generateKey({
      userIDs: [{ name: 'Partner', email: 'p@partner.test' }],
      type: 'ecc',
      curve: 'curve25519Legacy',
    })
    const [imported] = await keyring.importData(Buffer.from(partner.publicKey), 'partner', {
      remember: false,
    })
    partnerFingerprint = imported?.key.fingerprint ?? ''
    stranger = await generateKey({
      userIDs: [{ name: 'Stranger', email: 's@elsewhere.test' }],
      type: 'ecc',
      curve: 'curve25519Legacy',
    })
  })
  afterEach(() => {
    journal.close()
    rmSync(base, { recursive: true, force: true })
  })

  const signatureOf = async (
    data: Uint8Array,
    armoredKey: string,
    armored: boolean,
  ): Promise<Buffer> => {
    const signingKeys = await readPrivateKey({ armoredKey })
    const message = await createMessage({ binary: data })
    return armored
      ? Buffer.from(await sign({ message, signingKeys, detached: true }))
      : Buffer.from(await sign({ message, signingKeys, detached: true, format: 'binary' }))
  }

  /** Picks up the whole inbox and gives the history by file name. */
  const pickUp = async (
    setting: Partial<PgpReceiveSetting> = {},
  ): Promise<Map<string, PickupHistoryEntry>> => {
    const recorded = recordedQueue()
    const started = await startPickup({
      queue: recorded.queue,
      sessions: server.source(),
      profileId,
      journal: journal.journal,
      logger: silentLogger,
      folders: new FolderSync(),
      origin: { host: 'sftp.example.test', port: 22, username: 'test' },
      localFolder: folder,
      keepOnServer: false,
      selection: { kind: 'mailbox', path: at('inbox') },
      minAgeMs: 60_000,
      now: NOW,
      decryption: {
        keyring,
        mailboxes: {
          inbox: { decrypt: true, signature: 'warn', keepEncrypted: false, ...setting },
        },
      },
    })
    await recorded.queue.whenFinished(started.transferIds)
    for (const id of started.transferIds) expect(recorded.transfer(id).state).toBe('done')
    const history = pickupHistory(await journal.journal.history())
    return new Map(history.map((entry) => [entry.remotePath.replace(/^inbox\//, ''), entry]))
  }

  it.each([
    ['invoice.xml.sig', false],
    ['invoice.xml.asc', true],
  ])(
    'verifies invoice.xml against %s picked up with it, and records the verdict on the file',
    async (signatureName, armored) => {
      server.tree.addFile('inbox/invoice.xml', INVOICE, OLD)
      server.tree.addFile(
        `inbox/${signatureName}`,
        await signatureOf(INVOICE, partner.privateKey, armored),
        OLD,
      )
      const saved = await pickUp({ signature: 'require' })
      expect(readdirSync(folder).sort()).toEqual(['invoice.xml', signatureName])
      expect(readFileSync(join(folder, 'invoice.xml'))).toEqual(INVOICE)
      expect(saved.get('invoice.xml')?.detachedSignature).toEqual({
        verdict: {
          state: 'good',
          fingerprint: partnerFingerprint,
          name: 'Partner <p@partner.test>',
          weakKey: false,
        },
        verified: true,
        notVerified: false,
        note: `verified against its detached signature "${signatureName}": signed by Partner <p@partner.test> (${partnerFingerprint})`,
      })
      // The signature file is saved as it came, with no verdict or reason of its own, and
      // neither file counts as decrypted or kept encrypted.
      expect(saved.get(signatureName)?.detachedSignature).toBeUndefined()
      expect(saved.get(signatureName)?.pgp).toBeUndefined()
      expect(saved.get('invoice.xml')?.pgp).toBeUndefined()
      expect(server.tree.entries('inbox')).toEqual([])
    },
  )

  it('says "not verified" under require for a changed file, and only warns otherwise', async () => {
    const signature = await signatureOf(INVOICE, partner.privateKey, false)
    const changed = Buffer.from('<invoice total="99.00"/>')
    server.tree.addFile('inbox/invoice.xml', changed, OLD)
    server.tree.addFile('inbox/invoice.xml.sig', signature, OLD)
    const required = (await pickUp({ signature: 'require' })).get('invoice.xml')
    expect(required?.detachedSignature).toMatchObject({
      verdict: { state: 'bad' },
      verified: false,
      notVerified: true,
    })
    expect(required?.detachedSignature?.note).toMatch(
      /^not verified: its detached signature "invoice\.xml\.sig": bad signature from key 0x/,
    )
    // Nothing is lost: the file is saved whatever its signature says.
    expect(readFileSync(join(folder, 'invoice.xml'))).toEqual(changed)

    server.tree.addFile('inbox/order.xml', changed, OLD)
    server.tree.addFile('inbox/order.xml.sig', signature, OLD)
    const warned = (await pickUp({ signature: 'warn' })).get('order.xml')
    expect(warned?.detachedSignature).toMatchObject({
      verdict: { state: 'bad' },
      verified: false,
      notVerified: false,
    })
    expect(warned?.detachedSignature?.note).toMatch(/^its detached signature "order\.xml\.sig"/)
  })

  it('calls an unknown signer unknown, never signed', async () => {
    server.tree.addFile('inbox/invoice.xml', INVOICE, OLD)
    server.tree.addFile(
      'inbox/invoice.xml.sig',
      await signatureOf(INVOICE, stranger.privateKey, false),
      OLD,
    )
    const entry = (await pickUp({ signature: 'require' })).get('invoice.xml')
    expect(entry?.detachedSignature).toMatchObject({
      verdict: { state: 'unknown-signer' },
      notVerified: true,
    })
    expect(entry?.detachedSignature?.note).toContain('signed by an unknown key 0x')
    expect(entry?.detachedSignature?.note).not.toMatch(/: signed by Partner/)
  })

  it('under require, a plain file without a signature is not verified; a key arriving is just a file', async () => {
    server.tree.addFile('inbox/invoice.xml', INVOICE, OLD)
    server.tree.addFile('inbox/partner-key.asc', partner.publicKey, OLD)
    // A file named like a signature that is not one does not count as one.
    server.tree.addFile('inbox/report.csv', 'a,b\n', OLD)
    server.tree.addFile('inbox/report.csv.sig', 'not a signature', OLD)
    const saved = await pickUp({ signature: 'require' })
    expect(readdirSync(folder).sort()).toEqual([
      'invoice.xml',
      'partner-key.asc',
      'report.csv',
      'report.csv.sig',
    ])
    expect(saved.get('invoice.xml')?.detachedSignature).toEqual({
      verdict: { state: 'not-signed' },
      verified: false,
      notVerified: true,
      note: 'not verified: no detached signature was picked up with it',
    })
    expect(saved.get('report.csv')?.detachedSignature?.notVerified).toBe(true)
    // The key is saved as it came: no failure, no reason, no verdict.
    const key = saved.get('partner-key.asc')
    expect(readFileSync(join(folder, 'partner-key.asc'), 'utf8')).toBe(partner.publicKey)
    expect(key?.pgp).toBeUndefined()
    expect(key?.detachedSignature).toBeUndefined()
    expect(key?.serverCopy).toBe('deleted')
  })

  it('takes an encrypted message named like a signature for a message, not a signature', async () => {
    const own = await keyring.generate({ name: 'Own', email: 'own@ours.test' })
    const ownKey = keyring.storedKeys().find((key) => key.fingerprint === own.fingerprint)
    const encrypted = await encrypt({
      message: await createMessage({ binary: INVOICE }),
      encryptionKeys: await readKey({ armoredKey: ownKey?.publicKey ?? '' }),
      signingKeys: await readPrivateKey({ armoredKey: partner.privateKey }),
    })
    server.tree.addFile('inbox/orders.csv', 'a,b\n', OLD)
    server.tree.addFile('inbox/orders.csv.asc', encrypted, OLD)
    const saved = await pickUp({ signature: 'require' })
    expect(saved.get('orders.csv.asc')?.pgp).toMatchObject({ decrypted: true })
    expect(saved.get('orders.csv')?.detachedSignature?.note).toBe(
      'not verified: no detached signature was picked up with it',
    )
  })

  it('records nothing where the mailbox ignores signatures or does not decrypt', async () => {
    const signature = await signatureOf(Buffer.from('other'), partner.privateKey, false)
    server.tree.addFile('inbox/invoice.xml', INVOICE, OLD)
    server.tree.addFile('inbox/invoice.xml.sig', signature, OLD)
    expect((await pickUp({ signature: 'ignore' })).get('invoice.xml')?.detachedSignature).toBe(
      undefined,
    )
    server.tree.addFile('inbox/order.xml', INVOICE, OLD)
    server.tree.addFile('inbox/order.xml.sig', signature, OLD)
    expect((await pickUp({ decrypt: false })).get('order.xml')?.detachedSignature).toBe(undefined)
  })
})

import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../../../../src/main/core/logging/logger'
import { FolderSync } from '../../../../src/main/core/pickup/folder-sync'
import { pickUpForProfile } from '../../../../src/main/core/pickup/pickup-for-profile'
import { ProfileLocks } from '../../../../src/main/core/locks/profile-locks'
import { ProfileRuns } from '../../../../src/main/core/locks/profile-runs'
import { createMessage, encrypt, readKey } from 'openpgp'
import type { PgpKeyring } from '../../../../src/main/core/pgp/pgp-keyring'
import type { ProfileInput } from '../../../../src/shared/domain'
import { testKeyring } from '../pgp/pgp-test-keyring'
import { at, MemorySftpServer } from '../../../fixtures/memory-sftp-session'
import { journalOnDisk } from '../../../fixtures/journal-on-disk'
import { memorySessions } from '../../../fixtures/memory-sessions'
import { recordedQueue } from '../../../fixtures/recorded-queue'

const OLD = Date.now() - 3_600_000

describe('pickUpForProfile', () => {
  let base: string
  let journal: ReturnType<typeof journalOnDisk>
  let server: MemorySftpServer
  const cleanups: Array<() => void> = []
  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'mailroom-pickup-for-profile-'))
    journal = journalOnDisk()
    server = new MemorySftpServer()
    server.tree.addFile('inbox/a.xml', 'a', OLD)
    server.tree.addFile('inbox/b.xml', 'b', OLD)
    server.tree.addFile('inbox/young.xml', 'y', Date.now())
  })
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup()
    journal.close()
    rmSync(base, { recursive: true, force: true })
  })

  /** A connected profile and everything a pickup with its settings needs. */
  const setup = async (profile: Partial<ProfileInput>, pgpKeys?: PgpKeyring) => {
    const sessions = await memorySessions(server, { profile })
    cleanups.push(sessions.cleanup)
    await sessions.manager.open(sessions.profile.id)
    const recorded = recordedQueue()
    const locks = new ProfileLocks(join(base, 'locks'), 'pickup')
    const deps = {
      queue: recorded.queue,
      sessions: sessions.manager,
      journal: journal.journal,
      logger: silentLogger,
      runs: new ProfileRuns(locks),
      folders: new FolderSync(),
      ...(pgpKeys ? { pgpKeys } : {}),
    }
    const localFolder = join(base, 'Pickup')
    const pickUp = async (keepOnServer?: boolean) => {
      const started = await pickUpForProfile(
        deps,
        sessions.profile,
        { kind: 'mailbox', path: at('inbox') },
        localFolder,
        keepOnServer,
      )
      const heldWhileRunning = locks.owner(sessions.profile.id)
      await recorded.queue.whenFinished(started.transferIds)
      await new Promise((resolve) => setImmediate(resolve))
      return { started, heldWhileRunning, heldAfter: locks.owner(sessions.profile.id) }
    }
    return { pickUp, localFolder, transfer: recorded.transfer }
  }
  const onServer = () => server.tree.entries('inbox').map(([name]) => name)

  it("empties a receive mailbox where the gateway asks for the delete, with the profile's age threshold", async () => {
    const { pickUp, localFolder } = await setup({
      preset: 'amili',
      username: '12345',
      minFileAgeSeconds: 60,
    })
    const { started } = await pickUp()
    expect(started).toMatchObject({ tooYoung: 1, alreadyPickedUp: 0, recovered: 0 })
    expect(readdirSync(localFolder).sort()).toEqual(['a.xml', 'b.xml'])
    expect(onServer()).toEqual(['young.xml'])
  })

  it('takes even the youngest files with a threshold of 0', async () => {
    const { pickUp } = await setup({ preset: 'amili', username: '12345', minFileAgeSeconds: 0 })
    const { started } = await pickUp()
    expect(started.transferIds).toHaveLength(3)
  })

  it('keeps the files on the server where the gateway expires them itself (MFT Gateway)', async () => {
    const { pickUp, localFolder } = await setup({ preset: 'mft-gateway' })
    await pickUp()
    expect(readdirSync(localFolder).sort()).toEqual(['a.xml', 'b.xml'])
    expect(onServer()).toEqual(['a.xml', 'b.xml', 'young.xml'])
    // Picked up once: not again.
    const again = await pickUp()
    expect(again.started).toMatchObject({ transferIds: [], alreadyPickedUp: 2 })
  })

  it("follows the person's choice over the gateway's default", async () => {
    const { pickUp } = await setup({ preset: 'mft-gateway' })
    await pickUp(false)
    expect(onServer()).toEqual(['young.xml'])
  })

  it("holds the profile's pickup lock while its transfers run, and releases it once they are done", async () => {
    const { pickUp } = await setup({ preset: 'amili', username: '12345' })
    const { heldWhileRunning, heldAfter } = await pickUp()
    expect(heldWhileRunning).toMatchObject({ by: 'the Mailroom app', pid: process.pid })
    expect(heldAfter).toBeUndefined()
  })

  it('picks up one file at a time in conservative mode', async () => {
    const { pickUp } = await setup({ preset: 'amili', username: '12345', conservative: true })
    await pickUp()
    let open = 0
    let most = 0
    for (const request of server.requests) {
      if (request.op === 'open') open += 1
      if (request.op === 'close') open -= 1
      most = Math.max(most, open)
    }
    expect(most).toBe(1)
    expect(server.sessions[0]?.mostInFlight).toBe(1)
  })

  it("decrypts with the app's keyring in the receive mailboxes the profile's pgpReceive names, and only there", async () => {
    const keys = testKeyring()
    cleanups.push(() => rmSync(keys.folder, { recursive: true, force: true }))
    await keys.keyring.generate({ name: 'Own', email: 'own@ours.test' })
    const encrypted = (await encrypt({
      message: await createMessage({ binary: new TextEncoder().encode('secret a') }),
      encryptionKeys: await readKey({ armoredKey: keys.keyring.storedKeys()[0]?.publicKey ?? '' }),
      format: 'binary',
    })) as Uint8Array
    server.tree.addFile('inbox/c.xml.pgp', Buffer.from(encrypted), OLD)
    const decrypting = await setup(
      {
        preset: 'amili',
        username: '12345',
        pgpReceive: { inbox: { decrypt: true, signature: 'ignore', keepEncrypted: false } },
      },
      keys.keyring,
    )
    await decrypting.pickUp()
    expect(readdirSync(decrypting.localFolder).sort()).toEqual(['a.xml', 'b.xml', 'c.xml'])
    expect(readFileSync(join(decrypting.localFolder, 'c.xml'), 'utf8')).toBe('secret a')
  })

  it("asks once for a key whose passphrase is not remembered for all the batch's files, and asks again in the next batch", async () => {
    const keys = testKeyring()
    cleanups.push(() => rmSync(keys.folder, { recursive: true, force: true }))
    await keys.keyring.generate({ name: 'Own', email: 'own@ours.test', passphrase: 'typed' })
    let asked = 0
    keys.keyring.setPassphraseAsker(async () => {
      asked += 1
      return { passphrase: 'typed', remember: false }
    })
    const ownKey = await readKey({ armoredKey: keys.keyring.storedKeys()[0]?.publicKey ?? '' })
    const encryptedText = async (text: string) =>
      Buffer.from(
        (await encrypt({
          message: await createMessage({ binary: new TextEncoder().encode(text) }),
          encryptionKeys: ownKey,
          format: 'binary',
        })) as Uint8Array,
      )
    for (const name of ['c', 'd', 'e'])
      server.tree.addFile(`inbox/${name}.xml.pgp`, await encryptedText(name), OLD)
    const decrypting = await setup(
      {
        preset: 'amili',
        username: '12345',
        pgpReceive: { inbox: { decrypt: true, signature: 'ignore', keepEncrypted: false } },
      },
      keys.keyring,
    )
    await decrypting.pickUp()
    expect(readdirSync(decrypting.localFolder).sort()).toEqual([
      'a.xml',
      'b.xml',
      'c.xml',
      'd.xml',
      'e.xml',
    ])
    expect(asked).toBe(1)
    // The batch is over: the key was forgotten, and the next batch's file asks again.
    server.tree.addFile('inbox/f.xml.pgp', await encryptedText('f'), OLD)
    await decrypting.pickUp()
    expect(readFileSync(join(decrypting.localFolder, 'f.xml'), 'utf8')).toBe('f')
    expect(asked).toBe(2)
  })

  it('saves OpenPGP files as they are for a profile whose mailboxes do not decrypt', async () => {
    const keys = testKeyring()
    cleanups.push(() => rmSync(keys.folder, { recursive: true, force: true }))
    server.tree.addFile('inbox/c.xml.pgp', Buffer.from([0x85, 0x01, 0x0c]), OLD)
    const plain = await setup({ preset: 'amili', username: '12345' }, keys.keyring)
    await plain.pickUp()
    expect(readdirSync(plain.localFolder).sort()).toEqual(['a.xml', 'b.xml', 'c.xml.pgp'])
  })
})

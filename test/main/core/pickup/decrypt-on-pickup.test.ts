import { createHash, randomBytes } from 'node:crypto'
import {
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { createMessage, encrypt, enums, generateKey, readKey, readPrivateKey } from 'openpgp'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MailroomError } from '../../../../src/main/core/errors'
import { silentLogger } from '../../../../src/main/core/logging/logger'
import type { PgpKeyring } from '../../../../src/main/core/pgp/pgp-keyring'
import { plainPartPath } from '../../../../src/main/core/pickup/decrypt-on-pickup'
import { FolderSync } from '../../../../src/main/core/pickup/folder-sync'
import {
  pickUpOne,
  type PickupContext,
  type PickupStep,
} from '../../../../src/main/core/pickup/pickup-steps'
import { recoverPickups } from '../../../../src/main/core/pickup/recover-pickups'
import { partPath } from '../../../../src/main/core/pickup/save-locally'
import type { MailboxFile, ProfileId } from '../../../../src/shared/domain'
import type { PgpReceiveSetting } from '../../../../src/shared/pgp'
import { at, MemorySftpServer } from '../../../fixtures/memory-sftp-session'
import { journalOnDisk } from '../../../fixtures/journal-on-disk'
import { recordedQueue } from '../../../fixtures/recorded-queue'
import { testKeyring } from '../pgp/pgp-test-keyring'

const MODIFIED = 1_700_000_000_000
const profileId = 'p1' as ProfileId
const sha = (data: Uint8Array) => createHash('sha256').update(data).digest('hex')

/**
 * The pickup's decrypt step and its recovery cases, against Mailroom's own keyring and
 * messages made by openpgp.js as a partner's program would (GnuPG's: the integration tests).
 */
describe('decrypting on pickup', () => {
  let keyring: PgpKeyring
  let folder: string
  let journal: ReturnType<typeof journalOnDisk>
  let server: MemorySftpServer
  let ownPublic: Awaited<ReturnType<typeof readKey>>
  /** A partner's key pair, armored, as a partner's program exports it. */
  let partner: { publicKey: string; privateKey: string }
  let partnerFingerprint: string
  let stranger: { publicKey: string }

  beforeEach(async () => {
    const setup = testKeyring()
    keyring = setup.keyring
    folder = join(setup.folder, 'in')
    mkdirSync(folder)
    journal = journalOnDisk()
    server = new MemorySftpServer()
    const own = await keyring.generate({ name: 'Own', email: 'own@ours.test' })
    ownPublic = await readKey({
      armoredKey: keyring.storedKeys().find((key) => key.fingerprint === own.fingerprint)
        ?.publicKey as string,
    })
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
    rmSync(join(folder, '..'), { recursive: true, force: true })
  })

  const message = async (
    plain: Uint8Array,
    options: { to?: 'own' | 'stranger'; signed?: boolean } = {},
  ) =>
    (await encrypt({
      message: await createMessage({ binary: plain }),
      encryptionKeys:
        options.to === 'stranger' ? await readKey({ armoredKey: stranger.publicKey }) : ownPublic,
      ...(options.signed === false
        ? {}
        : { signingKeys: await readPrivateKey({ armoredKey: partner.privateKey }) }),
      format: 'binary',
    })) as Uint8Array

  const onServer = (name: string, content: Uint8Array): MailboxFile => {
    server.tree.addFile(`inbox/${name}`, Buffer.from(content), MODIFIED)
    return {
      path: at(`inbox/${name}`),
      name,
      message: null,
      size: content.length,
      modifiedAt: MODIFIED,
    }
  }

  const context = (
    setting: Partial<PgpReceiveSetting> = {},
    extra: Partial<PickupContext> = {},
  ): PickupContext => ({
    profileId,
    sessions: server.source(),
    localFolder: folder,
    folders: new FolderSync(),
    origin: { host: 'sftp.example.test', port: 22, username: 'test' },
    journal: journal.journal,
    logger: silentLogger,
    keepOnServer: false,
    decryption: {
      keyring,
      mailboxes: { inbox: { decrypt: true, signature: 'warn', keepEncrypted: false, ...setting } },
    },
    ...extra,
  })

  const pickUp = async (
    file: MailboxFile,
    setting: Partial<PgpReceiveSetting> = {},
    extra: Partial<PickupContext> = {},
  ) => {
    const recorded = recordedQueue()
    const transfer = await recorded.run(
      (control) => pickUpOne(context(setting, extra), file, control),
      { direction: 'pickup', name: file.name, remotePath: file.path, totalBytes: file.size },
    )
    return { transfer, id: journal.ids().at(-1) ?? '', recorded }
  }
  const files = () => readdirSync(folder).sort()
  const row = async (id: string) =>
    (await journal.journal.history()).find((record) => record.id === id)

  it('decrypts a signed message: the plain part named only after the decrypted record, then the server copy deleted', async () => {
    const plain = randomBytes(300_000)
    const file = onServer('invoice.xml.pgp', await message(plain))
    const seen: Array<[PickupStep, string | undefined, string[]]> = []
    let id = ''
    const { transfer } = await pickUp(
      file,
      {},
      {
        hooks: {
          atStep: async (step) => {
            id ||= journal.ids()[0] ?? ''
            seen.push([step, journal.record(id)?.status, files()])
          },
        },
      },
    )
    expect(transfer.state).toBe('done')
    const part = `.mailroom-${id}.part`
    const plainPart = `.mailroom-${id}.plain.part`
    expect(seen).toEqual([
      ['listed', 'listed', []],
      ['downloaded', 'listed', [part]],
      ['verified', 'verified', [part]],
      ['decrypting', 'verified', [part, plainPart]],
      ['decrypted', 'decrypted', [part, plainPart]],
      ['claimed', 'decrypted', [part, 'invoice.xml']],
      ['saved', 'saved', ['invoice.xml']],
      ['finished', 'deleted', ['invoice.xml']],
    ])
    expect(readFileSync(join(folder, 'invoice.xml')).equals(plain)).toBe(true)
    expect(server.tree.exists('inbox/invoice.xml.pgp')).toBe(false)
    expect(await row(id)).toMatchObject({
      status: 'deleted',
      localPath: join(folder, 'invoice.xml'),
      sha256: sha(plain),
      plainSha256: sha(plain),
      verdict: { state: 'good', fingerprint: partnerFingerprint },
      note: `decrypted, signed by Partner <p@partner.test> (${partnerFingerprint})`,
    })
  })

  it('shows the decryption as a step of its own, with how far it got, then the delete', async () => {
    const file = onServer('invoice.xml.pgp', await message(randomBytes(300_000)))
    const { transfer, recorded } = await pickUp(file)
    expect(recorded.states(transfer.id)).toEqual([
      'queued',
      'running',
      'verifying',
      'decrypting',
      'verifying',
      'done',
    ])
    expect(recorded.workIn(transfer.id, 'decrypting')).toEqual({
      first: { doneBytes: 0, totalBytes: file.size },
      last: { doneBytes: file.size, totalBytes: file.size },
    })
    expect(transfer.work).toBeUndefined()
  })

  it('keeps the encrypted original beside the decrypted file when the mailbox asks', async () => {
    const plain = randomBytes(1000)
    const encrypted = await message(plain)
    const { id } = await pickUp(onServer('a.csv.gpg', encrypted), { keepEncrypted: true })
    expect(files()).toEqual(['a.csv', 'a.csv.gpg'])
    expect(readFileSync(join(folder, 'a.csv.gpg')).equals(Buffer.from(encrypted))).toBe(true)
    expect(await row(id)).toMatchObject({
      status: 'deleted',
      localPath: join(folder, 'a.csv'),
      encryptedPath: join(folder, 'a.csv.gpg'),
    })
  })

  it('keeps a file for a key Mailroom does not have encrypted, with the reason, and deletes the server copy (nothing is lost)', async () => {
    const encrypted = await message(randomBytes(500), { to: 'stranger' })
    const { transfer, id } = await pickUp(onServer('x.pgp', encrypted))
    expect(transfer.state).toBe('done')
    expect(files()).toEqual(['x.pgp'])
    expect(readFileSync(join(folder, 'x.pgp')).equals(Buffer.from(encrypted))).toBe(true)
    expect(server.tree.exists('inbox/x.pgp')).toBe(false)
    const record = await row(id)
    expect(record).toMatchObject({ status: 'deleted', sha256: sha(encrypted) })
    // Named as on the server, not after the hidden part file it was decrypted from.
    expect(record?.note).toMatch(
      /^"x\.pgp" was kept encrypted: it is encrypted for key 0x[0-9A-F]{16}, which Mailroom does not have/,
    )
    expect(record?.verdict).toBeUndefined()
  })

  it('with "require", keeps an unsigned file encrypted, "not verified", and leaves no plain part', async () => {
    const encrypted = await message(randomBytes(500), { signed: false })
    const { id } = await pickUp(onServer('u.pgp', encrypted), { signature: 'require' })
    expect(files()).toEqual(['u.pgp'])
    expect((await row(id))?.note).toMatch(/kept encrypted, not verified: not signed/)
  })

  it('keeps a damaged message encrypted with the reason', async () => {
    const encrypted = Buffer.from(await message(randomBytes(5000)))
    encrypted[encrypted.length - 100] = (encrypted[encrypted.length - 100] ?? 0) ^ 0xff
    const { id } = await pickUp(onServer('d.pgp', encrypted))
    expect(files()).toEqual(['d.pgp'])
    expect((await row(id))?.note).toMatch(/kept encrypted/)
  })

  it('keeps a file encrypted when its secret key needs a passphrase that is not remembered (the command never asks)', async () => {
    const locked = testKeyring()
    const own = await locked.keyring.generate({
      name: 'Locked',
      email: 'locked@ours.test',
      passphrase: 'not remembered',
      remember: false,
    })
    const encrypted = (await encrypt({
      message: await createMessage({ binary: randomBytes(100) }),
      encryptionKeys: await readKey({
        armoredKey: locked.keyring.storedKeys()[0]?.publicKey ?? '',
      }),
      format: 'binary',
    })) as Uint8Array
    const { transfer, id } = await pickUp(
      onServer('locked.pgp', encrypted),
      {},
      {
        decryption: {
          keyring: locked.keyring,
          mailboxes: { inbox: { decrypt: true, signature: 'warn', keepEncrypted: false } },
        },
      },
    )
    expect(transfer.error?.message ?? transfer.state).toBe('done')
    expect(files()).toEqual(['locked.pgp'])
    expect((await row(id))?.note).toContain(
      `The passphrase of Locked <locked@ours.test> (0x${own.keyId}) is needed and not remembered`,
    )
    rmSync(locked.folder, { recursive: true, force: true })
  })

  it('keeps a file encrypted, naming it, when the person cancels the passphrase question the app asks', async () => {
    const locked = testKeyring()
    const own = await locked.keyring.generate({
      name: 'Asked',
      email: 'asked@ours.test',
      passphrase: 'not remembered',
      remember: false,
    })
    const questions: string[] = []
    locked.keyring.setPassphraseAsker(async (question) => {
      questions.push(`${question.purpose} ${question.file ?? ''}`)
      return null
    })
    const encrypted = (await encrypt({
      message: await createMessage({ binary: randomBytes(100) }),
      encryptionKeys: await readKey({
        armoredKey: locked.keyring.storedKeys()[0]?.publicKey ?? '',
      }),
      format: 'binary',
    })) as Uint8Array
    const { transfer, id } = await pickUp(
      onServer('invoice.xml.pgp', encrypted),
      {},
      {
        decryption: {
          keyring: locked.keyring,
          mailboxes: { inbox: { decrypt: true, signature: 'warn', keepEncrypted: false } },
        },
      },
    )
    expect(transfer.error?.message ?? transfer.state).toBe('done')
    // The question names the file as the server does, not the hidden part file it is read from.
    expect(questions).toEqual(['decrypt invoice.xml.pgp'])
    expect(files()).toEqual(['invoice.xml.pgp'])
    expect((await row(id))?.note).toBe(
      `"invoice.xml.pgp" was kept encrypted: The passphrase of Asked <asked@ours.test> (0x${own.keyId}) was not given: its question was cancelled.`,
    )
    rmSync(locked.folder, { recursive: true, force: true })
  })

  it('stops a compression bomb at the limit and keeps the small encrypted file', async () => {
    const bomb = (await encrypt({
      message: await createMessage({ binary: new Uint8Array(8 * 1024 * 1024) }),
      encryptionKeys: ownPublic,
      format: 'binary',
      config: { preferredCompressionAlgorithm: enums.compression.zlib },
    })) as Uint8Array
    expect(bomb.length).toBeLessThan(100_000)
    const { id } = await pickUp(
      onServer('bomb.pgp', bomb),
      {},
      {
        decryption: {
          keyring,
          mailboxes: { inbox: { decrypt: true, signature: 'warn', keepEncrypted: false } },
          maxDecompressedBytes: 1024 * 1024,
        },
      },
    )
    expect(files()).toEqual(['bomb.pgp'])
    expect((await row(id))?.note).toMatch(/compression bomb/)
  })

  it('when cancelled while decrypting: stops, removes the plain part, leaves the server copy, and a later recovery decrypts it', async () => {
    const plain = randomBytes(3 * 1024 * 1024)
    const file = onServer('big.bin.pgp', await message(plain, { signed: false }))
    const recorded = recordedQueue()
    let transferId = ''
    const transfer = await recorded.run(
      (control) => {
        transferId = control.id
        return pickUpOne(
          context(
            {},
            {
              hooks: {
                atStep: async (step) => {
                  if (step === 'decrypting') recorded.queue.cancel(transferId as never)
                },
              },
            },
          ),
          file,
          control,
        )
      },
      { direction: 'pickup', name: file.name, remotePath: file.path, totalBytes: file.size },
    )
    expect(transfer.state).toBe('cancelled')
    const id = journal.ids().at(-1) ?? ''
    expect(files()).toEqual([`.mailroom-${id}.part`])
    expect(journal.record(id)?.status).toBe('verified')
    expect(server.tree.exists('inbox/big.bin.pgp')).toBe(true)

    await recoverPickups(context(), server.connect())
    expect(files()).toEqual(['big.bin'])
    expect(readFileSync(join(folder, 'big.bin')).equals(plain)).toBe(true)
    expect(server.tree.exists('inbox/big.bin.pgp')).toBe(false)
  })

  it('saves a public key arriving in the mailbox as a file, and files of mailboxes that do not decrypt as they are', async () => {
    const { id } = await pickUp(onServer('partner.asc', Buffer.from(partner.publicKey)))
    expect(files()).toEqual(['partner.asc'])
    expect((await row(id))?.note).toBeUndefined()
    const encrypted = await message(randomBytes(100))
    await pickUp(onServer('off.pgp', encrypted), { decrypt: false })
    expect(files()).toEqual(['off.pgp', 'partner.asc'])
  })

  it.each([
    ['decrypting', 'crash'],
    ['decrypting', 'disk-full'],
    ['decrypted', 'crash'],
    ['claimed', 'crash'],
    ['claimed', 'disk-full'],
  ] as const)(
    'a fault at "%s" (%s) fails the file with its server copy kept; the next pickup saves it once',
    async (faultAt, kind) => {
      const plain = randomBytes(500_000)
      const file = onServer('f.txt.pgp', await message(plain))
      const { transfer, id } = await pickUp(
        file,
        { keepEncrypted: true },
        {
          hooks: {
            atStep: async (step) => {
              if (step !== faultAt) return
              throw kind === 'crash'
                ? new MailroomError('internal', 'simulated crash')
                : new MailroomError('disk-full', 'simulated: the disk is full')
            },
          },
        },
      )
      expect(transfer.state).toBe('failed')
      expect(server.tree.exists('inbox/f.txt.pgp')).toBe(true)
      expect(journal.record(id)?.status).toBe(faultAt === 'decrypting' ? 'verified' : 'decrypted')
      await recoverPickups(context({ keepEncrypted: true }), server.connect())
      expect(files()).toEqual(['f.txt', 'f.txt.pgp'])
      expect(readFileSync(join(folder, 'f.txt')).equals(plain)).toBe(true)
      expect(server.tree.exists('inbox/f.txt.pgp')).toBe(false)
      expect(await row(id)).toMatchObject({
        status: 'deleted',
        localPath: join(folder, 'f.txt'),
        encryptedPath: join(folder, 'f.txt.pgp'),
      })
    },
  )

  describe('recovery', () => {
    /** What a process killed at `status` left in the journal, for a file still on the server. */
    const interrupted = async (name: string, encrypted: Uint8Array, id = 'file-1') => {
      onServer(name, encrypted)
      await journal.append(
        {
          step: 'listed',
          id,
          profileId,
          remotePath: `inbox/${name}`,
          size: encrypted.length,
          modifiedAt: MODIFIED,
          localFolder: folder,
          at: 1,
        },
        { step: 'verified', id, sha256: sha(encrypted), at: 2 },
      )
      writeFileSync(partPath(folder, id), encrypted)
      return id
    }
    const decrypted = (id: string, plain: Uint8Array) =>
      journal.append({
        step: 'decrypted',
        id,
        plainSha256: sha(plain),
        verdict: { state: 'not-signed' },
        at: 3,
      })
    const recover = (setting: Partial<PgpReceiveSetting> = {}) =>
      recoverPickups(context(setting), server.connect())

    it('verified, killed inside decrypt (a half plain part): removes it, decrypts again, one file, server copy deleted', async () => {
      const plain = randomBytes(2000)
      const id = await interrupted('h.pgp', await message(plain))
      writeFileSync(plainPartPath(folder, id), plain.subarray(0, 700))
      expect(await recover()).toBe(1)
      expect(files()).toEqual(['h'])
      expect(readFileSync(join(folder, 'h')).equals(plain)).toBe(true)
      expect(server.tree.exists('inbox/h.pgp')).toBe(false)
      expect(await row(id)).toMatchObject({ status: 'deleted', sha256: sha(plain) })
    })

    it('decrypted, plain part intact: names it without decrypting again, and removes the encrypted part', async () => {
      const plain = randomBytes(2000)
      const id = await interrupted('p.pgp', await message(plain))
      await decrypted(id, plain)
      writeFileSync(plainPartPath(folder, id), plain)
      await recover()
      expect(files()).toEqual(['p'])
      expect(await row(id)).toMatchObject({
        status: 'deleted',
        localPath: join(folder, 'p'),
        note: 'decrypted, not signed',
      })
    })

    it('decrypted, plain part already linked to its name (killed inside claimFinalName): one copy, not two', async () => {
      const plain = randomBytes(2000)
      const id = await interrupted('l.pgp', await message(plain))
      await decrypted(id, plain)
      writeFileSync(plainPartPath(folder, id), plain)
      linkSync(plainPartPath(folder, id), join(folder, 'l'))
      await recover()
      expect(files()).toEqual(['l'])
      expect(server.tree.exists('inbox/l.pgp')).toBe(false)
    })

    it('decrypted, named, with the encrypted copy to keep already named too: adopts both', async () => {
      const plain = randomBytes(2000)
      const encrypted = await message(plain)
      const id = await interrupted('k.pgp', encrypted)
      await decrypted(id, plain)
      writeFileSync(join(folder, 'k'), plain)
      linkSync(partPath(folder, id), join(folder, 'k.pgp'))
      await recover({ keepEncrypted: true })
      expect(files()).toEqual(['k', 'k.pgp'])
      expect(await row(id)).toMatchObject({
        status: 'deleted',
        localPath: join(folder, 'k'),
        encryptedPath: join(folder, 'k.pgp'),
      })
    })

    it('decrypted, plain part damaged (not the journaled SHA-256): decrypts again from the encrypted part', async () => {
      const plain = randomBytes(2000)
      const id = await interrupted('g.pgp', await message(plain))
      await decrypted(id, plain)
      writeFileSync(plainPartPath(folder, id), 'not what was decrypted')
      await recover()
      expect(files()).toEqual(['g'])
      expect(readFileSync(join(folder, 'g')).equals(plain)).toBe(true)
    })

    it('decrypted, with neither plaintext nor encrypted part left: the server copy stays, to be taken again', async () => {
      const plain = randomBytes(2000)
      const id = await interrupted('n.pgp', await message(plain))
      await decrypted(id, plain)
      rmSync(partPath(folder, id))
      await recover()
      expect(files()).toEqual([])
      expect(server.tree.exists('inbox/n.pgp')).toBe(true)
      expect(journal.record(id)?.status).toBe('abandoned')
    })

    it('saved: clears a stray plain part', async () => {
      const plain = randomBytes(100)
      const id = await interrupted('s.pgp', await message(plain))
      writeFileSync(join(folder, 's'), plain)
      writeFileSync(plainPartPath(folder, id), plain)
      await journal.append({
        step: 'saved',
        id,
        localPath: join(folder, 's'),
        sha256: sha(plain),
        at: 4,
      })
      await recover()
      expect(files()).toEqual(['s'])
      expect(existsSync(join(folder, 's'))).toBe(true)
    })
  })
})

import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { decryptFile } from '../../../../../src/main/core/pgp/decrypt-file'
import { MailroomStore } from '../../../../../src/main/core/store/mailroom-store'
import {
  copyPathFor,
  encryptionOf,
  makeEncryptedCopy,
  planFilesAgain,
  sweepCopies,
  type SendEncryption,
} from '../../../../../src/main/core/transfer/send/encrypted-copies'
import { SendJournal } from '../../../../../src/main/core/transfer/send/send-journal'
import type { PgpSendSetting } from '../../../../../src/shared/pgp'
import { testKeyring } from '../../pgp/pgp-test-keyring'

type Fingerprint = PgpSendSetting['encryptTo'][number]

async function setUp(ownKeys = 1) {
  const { keyring, folder } = testKeyring()
  const own: Fingerprint[] = []
  for (let index = 0; index < ownKeys; index += 1)
    own.push(
      (await keyring.generate({ name: `Own ${index}`, email: `own${index}@ours.test` }))
        .fingerprint,
    )
  const encryption: SendEncryption = { keyring, folder: join(folder, 'pgp-outgoing') }
  return { keyring, folder, own, encryption }
}

describe('encryptionOf', () => {
  it('settles the signing key: the setting’s, or the only own key; unsigned needs none', async () => {
    const { keyring, own } = await setUp(1)
    const to = own[0] as Fingerprint
    expect(encryptionOf({ encryptTo: [to], sign: false, armored: true }, keyring)).toEqual({
      recipients: [to],
      armored: true,
    })
    expect(encryptionOf({ encryptTo: [to], sign: true, armored: false }, keyring)).toEqual({
      recipients: [to],
      signedBy: to,
      armored: false,
    })
    const chosen = 'C'.repeat(40) as Fingerprint
    expect(
      encryptionOf({ encryptTo: [to], sign: true, signWith: chosen, armored: false }, keyring),
    ).toMatchObject({ signedBy: chosen })
  })

  it('refuses to guess with no own key or with several', async () => {
    const none = await setUp(0)
    const partner = 'D'.repeat(40) as Fingerprint
    const signed = { encryptTo: [partner], sign: true, armored: false }
    expect(() => encryptionOf(signed, none.keyring)).toThrow(/has no own OpenPGP key/)
    const two = await setUp(2)
    expect(() => encryptionOf(signed, two.keyring)).toThrow(
      /has 2 own OpenPGP keys: choose the one to sign with/,
    )
  })
})

describe('makeEncryptedCopy', () => {
  it('makes the copy under the sent name from the original, signed; a copy already there is kept as it is', async () => {
    const { keyring, folder, own, encryption } = await setUp(1)
    const me = own[0] as Fingerprint
    const source = join(folder, 'orders.csv')
    writeFileSync(source, 'id;amount\n1;100\n')
    const localPath = copyPathFor(encryption, 'upload-1', 'ORDERS-1.csv.pgp')
    const read: number[] = []
    const size = await makeEncryptedCopy(
      encryption,
      {
        id: 'upload-1',
        sourcePath: source,
        localPath,
        pgp: { recipients: [me], signedBy: me, armored: false },
      },
      { onRead: (bytes) => read.push(bytes) },
    )
    expect(readdirSync(join(encryption.folder, 'upload-1'))).toEqual(['ORDERS-1.csv.pgp'])
    expect(statSync(localPath).size).toBe(size)
    expect(read.at(-1)).toBe(statSync(source).size)
    const out = join(folder, 'out')
    mkdirSync(out)
    const decrypted = await decryptFile(
      { source: localPath, folder: out, name: 'orders.csv', policy: 'require' },
      keyring,
    )
    expect(decrypted.verdict).toMatchObject({ state: 'good', fingerprint: me })
    expect(readFileSync(decrypted.path, 'utf8')).toBe('id;amount\n1;100\n')

    const before = statSync(localPath).mtimeMs
    const again = await makeEncryptedCopy(encryption, {
      id: 'upload-1',
      sourcePath: join(folder, 'gone.csv'),
      localPath,
      pgp: { recipients: [me], armored: false },
    })
    expect(again).toBe(size)
    expect(statSync(localPath).mtimeMs).toBe(before)
  })
})

describe('sweepCopies', () => {
  it('removes copies of ended uploads and old unrecorded ones; keeps unfinished, worked-on and fresh unrecorded ones', async () => {
    const { encryption } = await setUp(0)
    const journal = new SendJournal(MailroomStore.open(':memory:'))
    const now = Date.now()
    const copy = (id: string, ageMs = 0) => {
      const path = copyPathFor(encryption, id, 'x.pgp')
      mkdirSync(join(encryption.folder, id), { recursive: true })
      writeFileSync(path, 'x')
      const when = new Date(now - ageMs)
      utimesSync(path, when, when)
      utimesSync(join(encryption.folder, id), when, when)
    }
    const queued = (id: string) =>
      journal.append({
        step: 'queued',
        id,
        profileId: 'p1',
        remotePath: 'out/x.pgp',
        localPath: copyPathFor(encryption, id, 'x.pgp'),
        size: 1,
        strategy: 'direct',
        at: now,
      })
    for (const id of ['sent', 'unfinished', 'working']) {
      copy(id)
      await queued(id)
    }
    await journal.append({ step: 'sent', id: 'sent', at: now })
    journal.working(['working'])
    await journal.append({ step: 'failed', id: 'working', outcome: 'x', at: now })
    copy('unrecorded-old', 11 * 60_000)
    copy('unrecorded-fresh', 1_000)

    await sweepCopies(encryption, journal, now)
    expect(readdirSync(encryption.folder).sort()).toEqual([
      'unfinished',
      'unrecorded-fresh',
      'working',
    ])
  })

  it('does nothing when no copy was ever made', async () => {
    const { encryption } = await setUp(0)
    const journal = new SendJournal(MailroomStore.open(':memory:'))
    await sweepCopies(encryption, journal)
    expect(existsSync(encryption.folder)).toBe(false)
  })
})

describe('planFilesAgain', () => {
  it('gives a file sent encrypted a new upload id and copy path, checking its original is there', async () => {
    const { folder, encryption } = await setUp(0)
    const source = join(folder, 'a.xml')
    writeFileSync(source, 'abc')
    const pgp = { recipients: ['E'.repeat(40) as Fingerprint], armored: false }
    const [encrypted, plain] = await planFilesAgain(encryption, [
      { localPath: source, name: 'a-2.xml.pgp', encrypted: { sourcePath: source, pgp } },
      { localPath: source, name: 'a.xml' },
    ])
    expect(encrypted).toMatchObject({
      name: 'a-2.xml.pgp',
      size: 3,
      encrypted: { sourcePath: source, pgp },
    })
    expect(encrypted?.localPath).toBe(copyPathFor(encryption, encrypted?.id ?? '', 'a-2.xml.pgp'))
    expect(plain).toEqual({ localPath: source, name: 'a.xml', size: 3 })
    await expect(
      planFilesAgain(encryption, [
        {
          localPath: join(folder, 'gone.xml'),
          name: 'gone.xml.pgp',
          encrypted: { sourcePath: join(folder, 'gone.xml'), pgp },
        },
      ]),
    ).rejects.toMatchObject({ kind: 'not-found' })
  })
})

import { randomBytes } from 'node:crypto'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Mailroom } from '../../src/main/core/app/create-mailroom'
import { KeychainSecretStore } from '../../src/main/core/secrets/keychain-secret-store'
import type { SendStep } from '../../src/main/core/transfer/send/send-one'
import type { Profile, Transfer } from '../../src/shared/domain'
import type { PgpSendSetting } from '../../src/shared/pgp'
import { needsAttention } from '../../src/shared/recovered-send'
import { mailroomOnDataFolder, valueOf } from '../fixtures/connected-mailroom'
import { GnuPg } from '../fixtures/gnupg'
import { allFinished, connectAndRecover } from '../fixtures/recovering-app'
import { runSendChild } from '../fixtures/send-child-process'
import { startSshd, type TestSshd } from '../fixtures/sshd-server'

const MIB = 1024 * 1024
const MFT_MAILBOX = 'AS2/send/RJ_ONE/OtherMFT'
const OUTBOX = 'as2gateway/RJ_ONE/DemoAS2/outbox'
const LOCKED_PASSPHRASE = 'not remembered'

/**
 * Sending with OpenPGP encryption, against sshd and the real GnuPG 2.2: what Mailroom encrypts
 * and signs is decrypted and verified by gpg; the encrypted copy in the data folder is gone once
 * the upload ends, sent or failed; the gateways' rules see the encrypted names and sizes; and a
 * send killed inside or after its encrypt step is recovered with one file on the server.
 */
describe('sending encrypted, against sshd and GnuPG', () => {
  let server: TestSshd
  let gpg: GnuPg
  let scratch: string
  let dataDir: string
  let app: Mailroom
  let own: string
  let locked: string
  let partner: string
  let weak: string
  let sshKeyId: string
  const outgoing = () => join(dataDir, 'pgp-outgoing')
  const copiesLeft = () => (existsSync(outgoing()) ? readdirSync(outgoing()) : [])

  const localFile = (name: string, size: number) => {
    const folder = join(scratch, randomBytes(4).toString('hex'))
    mkdirSync(folder)
    const path = join(folder, name)
    writeFileSync(path, randomBytes(size))
    return path
  }
  const onServer = (path: string) => join(server.jail, path)
  const setting = (extra: Partial<PgpSendSetting> = {}): PgpSendSetting => ({
    encryptTo: [partner as PgpSendSetting['encryptTo'][number]],
    sign: true,
    signWith: own as PgpSendSetting['encryptTo'][number],
    armored: false,
    ...extra,
  })
  const saveProfile = async (
    name: string,
    preset: Profile['preset'],
    pgpSend: Record<string, PgpSendSetting>,
  ) => {
    // Send mailboxes of the login user's own, as the server's folders are.
    for (const folder of Object.keys(pgpSend))
      if (folder !== '') rmSync(server.writeFile(`${folder}/.made`, ''))
    const profile = valueOf<Profile>(
      await app.dispatch('profiles:save', {
        profile: {
          name,
          group: '',
          host: server.host,
          port: server.port,
          username: server.username,
          keyId: sshKeyId,
          preset,
          pgpSend,
        },
      }),
    )
    valueOf(await app.dispatch('session:open', { profileId: profile.id }))
    return profile
  }
  const send = async (
    profile: Profile,
    remoteFolder: string,
    localPaths: string[],
    extra: Record<string, unknown> = {},
  ) => {
    const ids = valueOf<string[]>(
      await app.dispatch('transfer:send', {
        profileId: profile.id,
        remoteFolder,
        localPaths,
        ...extra,
      }),
    )
    const listed = await allFinished(app)
    return ids.map((id) => listed.find((transfer) => transfer.id === id) as Transfer)
  }
  /** gpg decrypts the file on the server, checking Mailroom's signature by the own key. */
  const decryptedByGpg = (remote: string) => {
    const output = join(scratch, `gpg-${randomBytes(4).toString('hex')}`)
    const run = gpg.run(['--status-fd', '1', '--output', output, '--decrypt', onServer(remote)])
    return { ...run, plain: existsSync(output) ? readFileSync(output) : Buffer.alloc(0) }
  }

  beforeAll(async () => {
    server = await startSshd()
    gpg = new GnuPg()
    scratch = mkdtempSync(join(tmpdir(), 'mailroom-pgp-send-'))
    dataDir = join(scratch, 'data')
    mkdirSync(dataDir)
    own = gpg.makeKey('Our Company <edi@ours.test>', 'ed25519')
    locked = gpg.makeKey('Our Other Key <other@ours.test>', 'ed25519', LOCKED_PASSPHRASE)
    partner = gpg.makeKey('Partner <p@partner.test>', 'ed25519')
    weak = gpg.makeKey('Old Partner <old@partner.test>', 'rsa1024')
    const keyFile = (name: string, text: string | Buffer) => {
      const path = join(scratch, name)
      writeFileSync(path, text)
      return { kind: 'path' as const, path }
    }
    app = mailroomOnDataFolder(dataDir, { secrets: new KeychainSecretStore() })
    sshKeyId = valueOf<{ id: string }>(
      await app.dispatch('keys:import', {
        source: { kind: 'path', path: server.clientKeyPath },
        rememberPassphrase: false,
      }),
    ).id
    valueOf(
      await app.dispatch('pgp:import', {
        source: keyFile('own.asc', gpg.exportSecret(own, '')),
        rememberPassphrase: false,
      }),
    )
    valueOf(
      await app.dispatch('pgp:import', {
        source: keyFile('locked.asc', gpg.exportSecret(locked, LOCKED_PASSPHRASE)),
        passphrase: LOCKED_PASSPHRASE,
        rememberPassphrase: false,
      }),
    )
    for (const [name, fingerprint] of [
      ['partner.asc', partner],
      ['weak.asc', weak],
    ] as const)
      valueOf(
        await app.dispatch('pgp:import', {
          source: keyFile(name, gpg.exportPublic(fingerprint)),
          rememberPassphrase: false,
        }),
      )
  }, 120_000)
  afterAll(async () => {
    await app?.shutdown()
    await server?.stop()
    gpg?.stop()
    rmSync(scratch, { recursive: true, force: true })
  })

  it('gpg decrypts and verifies what Mailroom encrypted and signed (binary .pgp, armored .asc); no copy is left', async () => {
    const profile = await saveProfile('Encrypting', 'generic', {
      'pgp-bin': setting(),
      'pgp-asc': setting({ armored: true }),
    })
    const invoice = localFile('invoice.xml', 300_000)
    const orders = localFile('orders.csv', 2_000)
    const [binary] = await send(profile, 'pgp-bin', [invoice])
    const [armored] = await send(profile, 'pgp-asc', [orders])
    expect(binary?.error).toBeUndefined()
    expect(binary).toMatchObject({ state: 'done', name: 'invoice.xml.pgp', localPath: invoice })
    expect(armored).toMatchObject({ state: 'done', name: 'orders.csv.asc' })
    expect(readdirSync(onServer('pgp-bin'))).toEqual(['invoice.xml.pgp'])
    expect(readdirSync(onServer('pgp-asc'))).toEqual(['orders.csv.asc'])
    expect(readFileSync(onServer('pgp-asc/orders.csv.asc'), 'utf8')).toMatch(
      /^-----BEGIN PGP MESSAGE-----/,
    )
    for (const [remote, local] of [
      ['pgp-bin/invoice.xml.pgp', invoice],
      ['pgp-asc/orders.csv.asc', orders],
    ] as const) {
      const run = decryptedByGpg(remote)
      expect(run.status, run.stderr).toBe(0)
      expect(run.stdout).toContain('GOODSIG')
      expect(run.stdout).toContain(`VALIDSIG ${own}`)
      expect(run.stdout).toContain('GOODMDC')
      expect(run.plain.equals(readFileSync(local))).toBe(true)
    }
    expect(copiesLeft()).toEqual([])
  }, 60_000)

  it('a file that cannot be encrypted fails with the reason (passphrase not remembered, a weak key): nothing on the server, the original kept, no copy left', async () => {
    const profile = await saveProfile('Cannot encrypt', 'generic', {
      'pgp-locked': setting({ signWith: locked as PgpSendSetting['encryptTo'][number] }),
      'pgp-weak': setting({ encryptTo: [weak as PgpSendSetting['encryptTo'][number]] }),
    })
    const first = localFile('first.xml', 5_000)
    const second = localFile('second.xml', 5_000)
    const [needsPassphrase] = await send(profile, 'pgp-locked', [first])
    const [tooWeak] = await send(profile, 'pgp-weak', [second])
    expect(needsPassphrase?.state).toBe('failed')
    expect(needsPassphrase?.error?.message).toMatch(/passphrase .* is needed and not remembered/)
    expect(tooWeak?.state).toBe('failed')
    expect(tooWeak?.error?.message).toMatch(/too weak to encrypt to/)
    expect(readdirSync(onServer('pgp-locked'))).toEqual([])
    expect(readdirSync(onServer('pgp-weak'))).toEqual([])
    expect(existsSync(first) && existsSync(second)).toBe(true)
    expect(copiesLeft()).toEqual([])
  }, 60_000)

  it('an upload that fails after the copy was made (the name is taken on the server) leaves no copy', async () => {
    const profile = await saveProfile('Taken name', 'generic', { 'pgp-taken': setting() })
    server.writeFile('pgp-taken/taken.xml.pgp', 'theirs')
    const [failed] = await send(profile, 'pgp-taken', [localFile('taken.xml', 5_000)])
    expect(failed).toMatchObject({ state: 'failed', error: { kind: 'already-exists' } })
    expect(readFileSync(onServer('pgp-taken/taken.xml.pgp'), 'utf8')).toBe('theirs')
    expect(copiesLeft()).toEqual([])
  }, 60_000)

  it("MFT Gateway's duplicate rule sees the .pgp name, and the suggested name is sent encrypted", async () => {
    const profile = await saveProfile('MFT encrypting', 'mft-gateway', { '': setting() })
    const path = localFile('INVOICE.xml', 1_000)
    expect((await send(profile, MFT_MAILBOX, [path]))[0]?.state).toBe('done')
    expect(existsSync(onServer(`${MFT_MAILBOX}/INVOICE.xml.pgp`))).toBe(true)
    rmSync(onServer(`${MFT_MAILBOX}/INVOICE.xml.pgp`))
    const recent = valueOf<Array<{ name: string; suggestion: string }>>(
      await app.dispatch('transfer:check-duplicates', {
        profileId: profile.id,
        remoteFolder: MFT_MAILBOX,
        names: ['INVOICE.xml', 'OTHER.xml'],
      }),
    )
    expect(recent).toEqual([
      {
        name: 'INVOICE.xml',
        sentAt: expect.any(Number),
        suggestion: expect.stringMatching(/^INVOICE-\d{8}-\d{6}\.xml$/),
      },
    ])
    const renamed = recent[0]?.suggestion ?? ''
    const [again] = await send(profile, MFT_MAILBOX, [path], { remoteNames: [renamed] })
    expect(again?.state).toBe('done')
    expect(readdirSync(onServer(MFT_MAILBOX))).toEqual([`${renamed}.pgp`])
    rmSync(onServer(`${MFT_MAILBOX}/${renamed}.pgp`))
  }, 60_000)

  it("AS2 Gateway's 10 MB message limit counts the encrypted sizes; a message within it arrives encrypted", async () => {
    const profile = await saveProfile('AS2 encrypting', 'as2-gateway', {
      '': setting({ armored: true }),
    })
    // 8 MiB of random bytes is 8.4 MB, within the limit; armored it is a third more, beyond it.
    const large = [localFile('a.bin', 4 * MIB), localFile('b.bin', 4 * MIB)]
    expect(
      await app.dispatch('transfer:send', {
        profileId: profile.id,
        remoteFolder: OUTBOX,
        localPaths: large,
        asMessage: true,
      }),
    ).toMatchObject({ ok: false, error: { message: expect.stringMatching(/at most 10 MB/) } })
    expect(readdirSync(onServer(OUTBOX))).toEqual([])
    expect(copiesLeft()).toEqual([])
    const small = [localFile('a.xml', 1_000), localFile('b.xml', 2_000)]
    const sent = await send(profile, OUTBOX, small, { asMessage: true })
    expect(sent.map((transfer) => transfer.state)).toEqual(['done', 'done'])
    const [folder] = readdirSync(onServer(OUTBOX))
    expect(readdirSync(onServer(`${OUTBOX}/${folder}`)).sort()).toEqual(['a.xml.asc', 'b.xml.asc'])
    const run = decryptedByGpg(`${OUTBOX}/${folder}/b.xml.asc`)
    expect(run.plain.equals(readFileSync(small[1] as string))).toBe(true)
    expect(copiesLeft()).toEqual([])
    rmSync(onServer(`${OUTBOX}/${folder}`), { recursive: true })
  }, 60_000)

  describe('a send killed in its encrypt step, then the next connection', () => {
    let profile: Profile
    beforeAll(async () => {
      profile = await saveProfile('Killed encrypting', 'generic', { 'pgp-kill': setting() })
      // The child opens the data folder on its own.
      await app.shutdown()
    })

    it.each<SendStep>(['encrypting', 'encrypted', 'uploading'])(
      'killed at "%s": reported not sent, the copy removed, sent again: one file on the server that gpg decrypts',
      async (step) => {
        const local = localFile(`killed-${step}.bin`, 3 * MIB)
        const remote = `pgp-kill/killed-${step}.bin.pgp`
        const killed = await runSendChild({
          dataDir,
          profileId: profile.id,
          remoteFolder: 'pgp-kill',
          localPaths: [local],
          stopAt: { step, nth: 1 },
        })
        expect(killed.killed, killed.output).toBe(true)
        expect(existsSync(onServer(remote))).toBe(false)
        // The copy (a part of it, killed while encrypting) is left for recovery to remove.
        expect(copiesLeft()).toHaveLength(1)
        const recovered = await connectAndRecover(dataDir, profile.id)
        try {
          const told = recovered.told.find((send) => send.remotePath === remote)
          expect(told).toMatchObject({ outcome: 'not-sent', localPaths: [local] })
          expect(copiesLeft()).toEqual([])
          if (told && needsAttention(told.outcome))
            expect((await recovered.sendAgain(told)).error).toBeUndefined()
          expect(readdirSync(onServer('pgp-kill'))).toEqual([`killed-${step}.bin.pgp`])
          const run = decryptedByGpg(remote)
          expect(run.stdout).toContain(`VALIDSIG ${own}`)
          expect(run.plain.equals(readFileSync(local))).toBe(true)
          expect(copiesLeft()).toEqual([])
        } finally {
          await recovered.close()
          rmSync(onServer(remote), { force: true })
        }
      },
      60_000,
    )
  })
})

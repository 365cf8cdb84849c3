import { spawn } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PgpKeyring } from '../../src/main/core/pgp/pgp-keyring'
import type { PgpReceiveSetting } from '../../src/shared/pgp'
import { remotePath } from '../../src/shared/remote-path'
import { GnuPg } from '../fixtures/gnupg'
import { keyringWith } from '../fixtures/pgp-pickup-keyring'
import { PickupHarness } from '../fixtures/pickup-harness'
import { startSshd, type TestSshd } from '../fixtures/sshd-server'

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex')

/**
 * Pickup with decryption on, from the real sshd, of files the real GnuPG 2.2 encrypted: a
 * partner's signed files decrypted under their plain names, the ones that cannot be (an unknown
 * key, a damaged file, no MDC, unsigned under "require") kept encrypted with the reason, and a
 * pickup process killed inside the decrypt step recovered with one file, not none or two.
 */
describe('pickup with OpenPGP decryption, against sshd and GnuPG', () => {
  let server: TestSshd
  let harness: PickupHarness
  let gpg: GnuPg
  let keyring: PgpKeyring
  let dir: string
  let own: string
  let partner: string
  let stranger: string
  let keyFiles: string[]
  const locals: string[] = []
  const local = () => {
    const folder = mkdtempSync(join(tmpdir(), 'mailroom-pgp-pickup-local-'))
    locals.push(folder)
    return folder
  }

  beforeAll(async () => {
    server = await startSshd()
    harness = PickupHarness.forSshd(server)
    gpg = new GnuPg()
    dir = mkdtempSync(join(tmpdir(), 'mailroom-pgp-pickup-'))
    own = gpg.makeKey('Our Company <edi@ours.test>', 'ed25519')
    partner = gpg.makeKey('Partner Ed <ed@partner.test>', 'ed25519')
    stranger = gpg.makeKey('Stranger <s@elsewhere.test>', 'ed25519')
    keyFiles = [join(dir, 'own-secret.asc'), join(dir, 'partner.asc')]
    writeFileSync(keyFiles[0] as string, gpg.exportSecret(own, ''))
    writeFileSync(keyFiles[1] as string, gpg.exportPublic(partner))
    keyring = await keyringWith(keyFiles)
  }, 120_000)
  afterAll(async () => {
    await server?.stop()
    gpg?.stop()
    for (const folder of [...locals, dir, harness.dataDir])
      rmSync(folder, { recursive: true, force: true })
  })

  /** `plain` encrypted by gpg with `args`, put in the server's `folder/name`. */
  const fromGpg = (folder: string, name: string, args: readonly string[], plain: Buffer) => {
    const input = join(dir, `plain-${randomBytes(4).toString('hex')}`)
    const output = `${input}.out`
    writeFileSync(input, plain)
    gpg.ok([...args, '--output', output, input])
    const encrypted = readFileSync(output)
    server.writeFile(`${folder}/${name}`, encrypted)
    return encrypted
  }
  const signedForUs = ['--encrypt', '--sign', '--local-user', '', '--recipient', '']
  const signedArgs = () => {
    const args = [...signedForUs]
    args[3] = partner
    args[5] = own
    return args
  }
  const pickUp = (folder: string, mailbox: string, setting: Partial<PgpReceiveSetting> = {}) =>
    harness.run({
      localFolder: folder,
      selection: { kind: 'mailbox', path: remotePath.parse(mailbox) },
      decryption: {
        keyring,
        mailboxes: {
          [mailbox]: { decrypt: true, signature: 'warn', keepEncrypted: false, ...setting },
        },
      },
    })
  const record = async (localPath: string) =>
    (await harness.journal.history()).find((entry) => entry.localPath === localPath)

  it("decrypts gpg's signed files (binary and armored) under their plain names and keeps the rest encrypted with the reason; the server is emptied", async () => {
    const mailbox = 'pgp-in'
    const invoice = randomBytes(400_000)
    const orders = randomBytes(50_000)
    fromGpg(mailbox, 'invoice.xml.pgp', signedArgs(), invoice)
    fromGpg(mailbox, 'orders.csv.asc', [...signedArgs(), '--armor'], orders)
    const unknown = fromGpg(
      mailbox,
      'for-someone-else.pgp',
      ['--encrypt', '--recipient', stranger],
      randomBytes(1000),
    )
    const damaged = Buffer.from(
      fromGpg(
        mailbox,
        'damaged.pgp',
        ['--encrypt', '-z', '0', '--recipient', own],
        randomBytes(20_000),
      ),
    )
    damaged[Math.floor(damaged.length / 2)] = (damaged[Math.floor(damaged.length / 2)] ?? 0) ^ 0x55
    server.writeFile(`${mailbox}/damaged.pgp`, damaged)
    const noMdc = fromGpg(
      mailbox,
      'old.pgp',
      ['--rfc2440', '--encrypt', '--recipient', own],
      randomBytes(1000),
    )
    server.writeFile(`${mailbox}/partner-key.asc`, gpg.exportPublic(partner))

    const folder = local()
    const { transfers } = await pickUp(folder, mailbox)
    expect(
      transfers
        .map((transfer) => `${transfer.name}: ${transfer.error?.message ?? transfer.state}`)
        .sort(),
    ).toEqual([
      'damaged.pgp: done',
      'for-someone-else.pgp: done',
      'invoice.xml.pgp: done',
      'old.pgp: done',
      'orders.csv.asc: done',
      'partner-key.asc: done',
    ])
    expect(readdirSync(folder).sort()).toEqual([
      'damaged.pgp',
      'for-someone-else.pgp',
      'invoice.xml',
      'old.pgp',
      'orders.csv',
      'partner-key.asc',
    ])
    expect(readFileSync(join(folder, 'invoice.xml')).equals(invoice)).toBe(true)
    expect(readFileSync(join(folder, 'orders.csv')).equals(orders)).toBe(true)
    expect(readFileSync(join(folder, 'for-someone-else.pgp')).equals(unknown)).toBe(true)
    expect(readFileSync(join(folder, 'damaged.pgp')).equals(damaged)).toBe(true)
    expect(readFileSync(join(folder, 'old.pgp')).equals(noMdc)).toBe(true)
    expect(readdirSync(join(server.jail, mailbox))).toEqual([])

    expect(await record(join(folder, 'invoice.xml'))).toMatchObject({
      status: 'deleted',
      sha256: sha(invoice),
      verdict: { state: 'good', fingerprint: partner },
      note: `decrypted, signed by Partner Ed <ed@partner.test> (${partner})`,
    })
    expect((await record(join(folder, 'for-someone-else.pgp')))?.note).toContain(
      `encrypted for key 0x${gpg.encryptionKeyIdOf(stranger)}, which Mailroom does not have`,
    )
    expect((await record(join(folder, 'damaged.pgp')))?.note).toMatch(
      /kept encrypted: it is damaged/,
    )
    expect((await record(join(folder, 'old.pgp')))?.note).toMatch(/no integrity protection/)
    expect((await record(join(folder, 'partner-key.asc')))?.note).toBeUndefined()
  })

  it('with "require", keeps a file signed by an unknown key encrypted, "not verified"; with the encrypted copy asked for, keeps both of a good one', async () => {
    const mailbox = 'pgp-strict'
    const plain = randomBytes(10_000)
    const strangerSigned = fromGpg(
      mailbox,
      'statement.txt.gpg',
      ['--encrypt', '--sign', '--local-user', stranger, '--recipient', own],
      plain,
    )
    const good = fromGpg(mailbox, 'good.txt.gpg', signedArgs(), plain)
    const folder = local()
    await pickUp(folder, mailbox, { signature: 'require', keepEncrypted: true })
    expect(readdirSync(folder).sort()).toEqual(['good.txt', 'good.txt.gpg', 'statement.txt.gpg'])
    expect(readFileSync(join(folder, 'statement.txt.gpg')).equals(strangerSigned)).toBe(true)
    expect(readFileSync(join(folder, 'good.txt.gpg')).equals(good)).toBe(true)
    expect((await record(join(folder, 'statement.txt.gpg')))?.note).toContain(
      `kept encrypted, not verified: signed by an unknown key 0x${stranger.slice(-16)}`,
    )
    expect(await record(join(folder, 'good.txt'))).toMatchObject({
      encryptedPath: join(folder, 'good.txt.gpg'),
      verdict: { state: 'good' },
    })
  })

  it("verifies gpg's detached signatures (binary .sig, armored .asc) picked up with their files: good, changed, unknown signer, and none under require", async () => {
    const mailbox = 'pgp-detached'
    // Text: random bytes may begin like an OpenPGP packet, and would be taken for a message.
    const textFile = () => Buffer.from(`<data>${randomBytes(15_000).toString('hex')}</data>\n`)
    /** `name` with gpg's detached signature beside it, both put on the server. */
    const withSignature = (name: string, signer: string, armored: boolean, sent = textFile()) => {
      const input = join(dir, `${name}-${randomBytes(4).toString('hex')}`)
      writeFileSync(input, sent)
      const output = `${input}.sig`
      gpg.ok([
        '--detach-sign',
        '--local-user',
        signer,
        ...(armored ? ['--armor'] : []),
        '--output',
        output,
        input,
      ])
      server.writeFile(`${mailbox}/${name}`, sent)
      server.writeFile(`${mailbox}/${name}.${armored ? 'asc' : 'sig'}`, readFileSync(output))
      return sent
    }
    const invoice = withSignature('invoice.xml', partner, false)
    withSignature('orders.csv', partner, true)
    withSignature('from-stranger.txt', stranger, false)
    withSignature('changed.txt', partner, true)
    // Changed after it was signed: the signature no longer matches.
    server.writeFile(`${mailbox}/changed.txt`, textFile())
    server.writeFile(`${mailbox}/unsigned.txt`, textFile())
    server.writeFile(`${mailbox}/partner-key.asc`, gpg.exportPublic(partner))

    const folder = local()
    const { transfers } = await pickUp(folder, mailbox, { signature: 'require' })
    expect(transfers.every((transfer) => transfer.state === 'done')).toBe(true)
    expect(readdirSync(folder)).toHaveLength(10)
    expect(readFileSync(join(folder, 'invoice.xml')).equals(invoice)).toBe(true)
    expect(readdirSync(join(server.jail, mailbox))).toEqual([])
    const note = async (name: string) => (await record(join(folder, name)))?.note
    expect(await record(join(folder, 'invoice.xml'))).toMatchObject({
      verdict: { state: 'good', fingerprint: partner },
      note: `verified against its detached signature "invoice.xml.sig": signed by Partner Ed <ed@partner.test> (${partner})`,
    })
    expect(await note('orders.csv')).toBe(
      `verified against its detached signature "orders.csv.asc": signed by Partner Ed <ed@partner.test> (${partner})`,
    )
    expect(await note('from-stranger.txt')).toBe(
      `not verified: its detached signature "from-stranger.txt.sig": signed by an unknown key 0x${stranger.slice(-16)}`,
    )
    expect(await note('changed.txt')).toMatch(
      /^not verified: its detached signature "changed\.txt\.asc": bad signature from key 0x/,
    )
    expect(await note('unsigned.txt')).toBe(
      'not verified: no detached signature was picked up with it',
    )
    // The key and the signatures themselves are saved as they came, with nothing to say.
    for (const name of ['partner-key.asc', 'invoice.xml.sig', 'orders.csv.asc'])
      expect(await record(join(folder, name)), name).toMatchObject({ status: 'deleted' })
    for (const name of ['partner-key.asc', 'invoice.xml.sig', 'orders.csv.asc'])
      expect(await note(name), name).toBeUndefined()
  })

  it.each(['decrypting', 'decrypted', 'claimed'])(
    'survives the pickup process being killed (SIGKILL) at "%s": one decrypted file, none lost, server copy deleted once',
    async (killAt) => {
      const mailbox = `pgp-kill-${killAt}`
      const originals = new Map<string, Buffer>()
      for (let index = 0; index < 2; index += 1) {
        const plain = randomBytes(2 * 1024 * 1024 + index)
        originals.set(`kill-${index}.bin`, plain)
        fromGpg(mailbox, `kill-${index}.bin.pgp`, [...signedArgs(), '-z', '0'], plain)
      }
      const folder = local()
      const setting: PgpReceiveSetting = {
        decrypt: true,
        signature: 'require',
        keepEncrypted: false,
      }
      const config = {
        host: server.host,
        port: server.port,
        username: server.username,
        clientKeyPath: server.clientKeyPath,
        dataDir: harness.dataDir,
        localFolder: folder,
        pgp: { keyFiles, mailbox, setting },
      }
      // One process, not tsx's command line (see pickup.test.ts: its child outlives a SIGKILL).
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'test/fixtures/pickup-child.ts', JSON.stringify(config)],
        { cwd: join(import.meta.dirname, '../..'), stdio: ['ignore', 'pipe', 'pipe'] },
      )
      const exited = new Promise((resolve) => child.once('exit', resolve))
      let partsWhenKilled: string[] = []
      await new Promise<void>((resolve, reject) => {
        let output = ''
        const timer = setTimeout(
          () => reject(new Error(`the child never reached ${killAt}: ${output}`)),
          30_000,
        )
        child.stderr.on('data', (chunk: Buffer) => void (output += chunk.toString()))
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString()
          if (output.includes(`AT ${killAt}\n`)) {
            clearTimeout(timer)
            child.kill('SIGKILL')
            partsWhenKilled = readdirSync(folder).filter((name) => name.endsWith('.plain.part'))
            resolve()
          }
        })
      })
      await exited
      if (killAt !== 'claimed')
        expect(partsWhenKilled.length, 'killed with a plain part on disk').toBeGreaterThan(0)
      await new Promise((resolve) => setTimeout(resolve, 500))
      for (const name of originals.keys())
        expect(
          existsSync(join(server.jail, mailbox, `${name}.pgp`)),
          `${name} still on the server`,
        ).toBe(true)

      const left = await harness.journal.unfinished('profile-pickup')
      expect(left.map((entry) => entry.status)).toContain(
        killAt === 'decrypting' ? 'verified' : 'decrypted',
      )
      const { started } = await pickUp(folder, mailbox, setting)
      expect(started.recovered).toBe(left.length)
      expect(readdirSync(folder).sort()).toEqual([...originals.keys()].sort())
      for (const [name, plain] of originals)
        expect(readFileSync(join(folder, name)).equals(plain), `${name} whole`).toBe(true)
      expect(readdirSync(join(server.jail, mailbox))).toEqual([])
    },
    60_000,
  )
})

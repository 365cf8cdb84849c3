import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GnuPg } from '../fixtures/gnupg'
import { runMailroom } from '../fixtures/mailroom-command'
import { startSshd, type TestSshd } from '../fixtures/sshd-server'

const PASSPHRASE = 'own key passphrase'

/**
 * `mailroom pgp import-key` and `mailroom pgp keys` as a script runs them, on keys GnuPG made,
 * with the real keychain (scripts/with-keychain.sh).
 */
describe('mailroom pgp', () => {
  let gpg: GnuPg
  let scratch: string
  let dataDir: string
  let home: string
  let ownFingerprint: string
  let partnerFingerprint: string

  beforeAll(() => {
    gpg = new GnuPg()
    scratch = mkdtempSync(join(tmpdir(), 'mailroom-pgp-cli-'))
    dataDir = join(scratch, 'data')
    home = join(scratch, 'home')
    mkdirSync(home)
    ownFingerprint = gpg.makeKey('Our Company <edi@ours.test>', 'ed25519', PASSPHRASE)
    partnerFingerprint = gpg.makeKey('Partner <p@partner.test>', 'ed25519')
    writeFileSync(join(scratch, 'own-secret.asc'), gpg.exportSecret(ownFingerprint, PASSPHRASE))
    writeFileSync(join(scratch, 'partner.gpg'), gpg.exportPublic(partnerFingerprint, false))
  }, 60_000)

  afterAll(() => {
    gpg?.stop()
    rmSync(scratch, { recursive: true, force: true })
  })

  it('imports a secret key with its passphrase from the environment, never from the command line', async () => {
    const missing = await runMailroom(dataDir, home, [
      'pgp',
      'import-key',
      join(scratch, 'own-secret.asc'),
      '--passphrase-from-env',
      'MAILROOM_TEST_UNSET',
    ])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('The environment variable MAILROOM_TEST_UNSET is not set.')

    const without = await runMailroom(dataDir, home, [
      'pgp',
      'import-key',
      join(scratch, 'own-secret.asc'),
    ])
    expect(without.code).not.toBe(0)
    expect(without.stderr).toContain('is protected: give its passphrase to import it')

    const imported = await runMailroom(
      dataDir,
      home,
      [
        '--json',
        'pgp',
        'import-key',
        join(scratch, 'own-secret.asc'),
        '--passphrase-from-env',
        'OWN_PASS',
      ],
      { OWN_PASS: PASSPHRASE },
    )
    expect(imported.code, imported.stderr).toBe(0)
    expect(JSON.parse(imported.stdout)).toMatchObject({
      ok: true,
      keys: [
        {
          fingerprint: ownFingerprint,
          result: 'added',
          hasSecret: true,
          encrypted: true,
          passphraseRemembered: true,
        },
      ],
    })
  })

  it("imports a partner's binary key and lists both keys", async () => {
    const imported = await runMailroom(dataDir, home, [
      'pgp',
      'import-key',
      join(scratch, 'partner.gpg'),
    ])
    expect(imported.code, imported.stderr).toBe(0)
    expect(imported.stdout).toContain(`Imported: ${partnerFingerprint}\tpartner\ted25519/cv25519`)

    const listed = await runMailroom(dataDir, home, ['pgp', 'keys'])
    expect(listed.code).toBe(0)
    expect(listed.stdout).toContain(
      `${ownFingerprint}\town\ted25519/cv25519\tOur Company <edi@ours.test>\tno expiry`,
    )
    expect(listed.stdout).toContain(`${partnerFingerprint}\tpartner`)
  })

  it('says how to use mailroom pgp when the subcommand is wrong', async () => {
    const run = await runMailroom(dataDir, home, ['pgp', 'export'])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('mailroom pgp takes "import-key FILE" or "keys".')
    const noFile = await runMailroom(dataDir, home, ['pgp', 'import-key'])
    expect(noFile.code).toBe(2)
    expect(noFile.stderr).toContain('takes one key file')
  })

  describe('a profile that decrypts on pickup', () => {
    let sshd: TestSshd
    beforeAll(async () => {
      sshd = await startSshd()
    })
    afterAll(async () => {
      await sshd?.stop()
    })

    /** `plain` encrypted to the own key by gpg with `args`, an hour old on the server. */
    const fromPartner = (name: string, args: readonly string[], plain: Buffer) => {
      const input = join(scratch, `plain-${name}`)
      writeFileSync(input, plain)
      const output = join(scratch, name)
      gpg.ok([...args, '--recipient', ownFingerprint, '--output', output, input])
      const path = sshd.writeFile(`pgp-inbox/${name}`, readFileSync(output))
      const hourAgo = new Date(Date.now() - 3_600_000)
      utimesSync(path, hourAgo, hourAgo)
    }

    it('profile add --decrypt --require-signature; pickup --json says per file whether it was decrypted and by whom it was signed, exit 1 for one kept encrypted', async () => {
      const usage = await runMailroom(dataDir, home, [
        'profile',
        'add',
        '--name',
        'Nope',
        '--preset',
        'generic',
        '--host',
        '127.0.0.1',
        '--user',
        'x',
        '--key',
        sshd.clientKeyPath,
        '--require-signature',
      ])
      expect(usage.code).toBe(2)
      expect(usage.stderr).toContain('--require-signature goes with --decrypt.')

      const added = await runMailroom(dataDir, home, [
        '--json',
        'profile',
        'add',
        '--name',
        'Decrypting',
        '--preset',
        'generic',
        '--host',
        '127.0.0.1',
        '--port',
        String(sshd.port),
        '--user',
        sshd.username,
        '--key',
        sshd.clientKeyPath,
        '--receive',
        'pgp-inbox',
        '--decrypt',
        '--require-signature',
      ])
      expect(added.code, added.stderr).toBe(0)
      expect(JSON.parse(added.stdout)).toMatchObject({
        profile: {
          pgpReceive: {
            'pgp-inbox': { decrypt: true, signature: 'require', keepEncrypted: false },
          },
        },
      })
      const hostKey =
        execFileSync('ssh-keygen', ['-lf', sshd.hostKeyPublicPath], { encoding: 'utf8' }).split(
          ' ',
        )[1] ?? ''
      const trusted = await runMailroom(dataDir, home, [
        'trust',
        '--profile',
        'Decrypting',
        '--fingerprint',
        hostKey,
      ])
      expect(trusted.code, trusted.stderr).toBe(0)

      const invoice = randomBytes(100_000)
      fromPartner(
        'invoice.xml.pgp',
        ['--encrypt', '--sign', '--local-user', partnerFingerprint],
        invoice,
      )
      fromPartner('unsigned.txt.asc', ['--encrypt', '--armor'], randomBytes(1000))
      const to = join(scratch, 'decrypted')
      const run = await runMailroom(dataDir, home, [
        '--json',
        'pickup',
        '--profile',
        'Decrypting',
        '--to',
        to,
      ])
      expect(run.code, run.stderr).toBe(1)
      const document = JSON.parse(run.stdout) as {
        pickedUp: number
        mailboxes: Array<{ files: Array<Record<string, unknown>> }>
      }
      expect(document.pickedUp).toBe(2)
      const files = document.mailboxes.flatMap((mailbox) => mailbox.files)
      expect(files.find((file) => file.name === 'invoice.xml.pgp')).toMatchObject({
        state: 'done',
        localPath: join(to, 'invoice.xml'),
        pgp: {
          decrypted: true,
          verdict: 'good',
          fingerprint: partnerFingerprint,
          signature: `signed by Partner <p@partner.test> (${partnerFingerprint})`,
        },
      })
      expect(files.find((file) => file.name === 'unsigned.txt.asc')).toMatchObject({
        state: 'done',
        localPath: join(to, 'unsigned.txt.asc'),
        pgp: {
          decrypted: false,
          reason: expect.stringContaining('kept encrypted, not verified: not signed'),
        },
      })
      expect(readdirSync(to).sort()).toEqual(['invoice.xml', 'unsigned.txt.asc'])
      expect(readFileSync(join(to, 'invoice.xml')).equals(invoice)).toBe(true)
      expect(readdirSync(join(sshd.jail, 'pgp-inbox'))).toEqual([])
    }, 60_000)

    it('profile add --encrypt-to --sign; send --json says per file how it was encrypted, and gpg decrypts and verifies what arrived', async () => {
      const common = [
        '--preset',
        'generic',
        '--host',
        '127.0.0.1',
        '--port',
        String(sshd.port),
        '--user',
        sshd.username,
        '--key',
        sshd.clientKeyPath,
        '--send',
        'input',
      ]
      const notOwn = await runMailroom(dataDir, home, [
        'profile',
        'add',
        '--name',
        'Nope',
        ...common,
        '--encrypt-to',
        partnerFingerprint,
        '--sign',
        '--sign-with',
        partnerFingerprint,
      ])
      expect(notOwn.code).toBe(2)
      expect(notOwn.stderr).toContain(`--sign-with ${partnerFingerprint} is not an own OpenPGP key`)
      const added = await runMailroom(dataDir, home, [
        '--json',
        'profile',
        'add',
        '--name',
        'Encrypting',
        ...common,
        // As gpg prints it: spaced and lower case.
        '--encrypt-to',
        partnerFingerprint.toLowerCase().replace(/(.{4})/g, '$1 '),
        '--sign',
      ])
      expect(added.code, added.stderr).toBe(0)
      expect(JSON.parse(added.stdout)).toMatchObject({
        profile: {
          pgpSend: { input: { encryptTo: [partnerFingerprint], sign: true, armored: false } },
        },
      })
      const hostKey =
        execFileSync('ssh-keygen', ['-lf', sshd.hostKeyPublicPath], { encoding: 'utf8' }).split(
          ' ',
        )[1] ?? ''
      expect(
        (
          await runMailroom(dataDir, home, [
            'trust',
            '--profile',
            'Encrypting',
            '--fingerprint',
            hostKey,
          ])
        ).code,
      ).toBe(0)

      const report = join(scratch, 'report.csv')
      writeFileSync(report, randomBytes(50_000))
      const run = await runMailroom(dataDir, home, [
        '--json',
        'send',
        '--profile',
        'Encrypting',
        '--to',
        'input',
        report,
      ])
      expect(run.code, run.stderr).toBe(0)
      expect(JSON.parse(run.stdout)).toMatchObject({
        sent: 1,
        files: [
          {
            name: 'report.csv.pgp',
            localPath: report,
            remotePath: 'input/report.csv.pgp',
            state: 'done',
            pgp: {
              encrypted: true,
              recipients: [partnerFingerprint],
              signed: true,
              armored: false,
              sentName: 'report.csv.pgp',
            },
          },
        ],
      })
      const decrypted = join(scratch, 'report-by-gpg.csv')
      const verified = gpg.run([
        '--status-fd',
        '1',
        '--output',
        decrypted,
        '--decrypt',
        join(sshd.jail, 'input/report.csv.pgp'),
      ])
      expect(verified.stdout).toContain(`VALIDSIG ${ownFingerprint}`)
      expect(readFileSync(decrypted).equals(readFileSync(report))).toBe(true)
      expect(readdirSync(join(dataDir, 'pgp-outgoing'))).toEqual([])
    }, 60_000)
  })
})

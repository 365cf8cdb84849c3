import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GnuPg } from '../fixtures/gnupg'
import { runMailroom } from '../fixtures/mailroom-command'

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
})

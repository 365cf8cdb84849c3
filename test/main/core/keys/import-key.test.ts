import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { generateEd25519 } from '../../../../src/main/core/keys/generate-key'
import { importPrivateKey } from '../../../../src/main/core/keys/import-key'
import { fingerprintOf, publicKeyLine } from '../../../../src/main/core/keys/key-material'
import { writeOpenSshPrivateKey } from '../../../../src/main/core/keys/openssh-format'
import { writePpkV3 } from '../../../../src/main/core/keys/ppk-format'
import {
  ALL_RECIPES,
  makeKey,
  PASSPHRASE,
  recipeLabel,
  type KeyRecipe,
} from '../../../fixtures/key-files'

const dir = mkdtempSync(join(tmpdir(), 'mailroom-import-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const CHACHA_ED25519: KeyRecipe = {
  tool: 'ssh-keygen',
  type: 'ed25519',
  format: 'openssh',
  encrypted: true,
  cipher: 'chacha20-poly1305@openssh.com',
}

/** The OpenSSH key file at `path` with its decoded bytes changed by `change`. */
function changedKeyFile(path: string, change: (file: Buffer) => Buffer): Buffer {
  const base64 = readFileSync(path, 'latin1').split('\n').slice(1, -2).join('')
  const changed = change(Buffer.from(base64, 'base64')).toString('base64')
  return Buffer.from(
    `-----BEGIN OPENSSH PRIVATE KEY-----\n${changed}\n-----END OPENSSH PRIVATE KEY-----\n`,
  )
}

describe('importPrivateKey with keys made by ssh-keygen and puttygen', () => {
  it.each(ALL_RECIPES.map((recipe, index) => [recipeLabel(recipe), recipe, index] as const))(
    '%s imports with the fingerprint ssh-keygen -lf prints',
    async (_label, recipe, index) => {
      const key = makeKey(dir, recipe, index)
      const imported = await importPrivateKey(readFileSync(key.path), key.path, key.passphrase)
      expect(fingerprintOf(imported.material)).toBe(key.fingerprint)
      expect(imported.encrypted).toBe(recipe.encrypted)
      expect(imported.format).toBe(recipe.format)
      if (recipe.encrypted) {
        await expect(importPrivateKey(readFileSync(key.path), key.path)).rejects.toMatchObject({
          kind: 'passphrase-needed',
        })
        await expect(
          importPrivateKey(readFileSync(key.path), key.path, 'wrong passphrase'),
        ).rejects.toMatchObject({ kind: 'bad-passphrase' })
      }
    },
  )
})

describe('keys Mailroom writes are read back by the real tools', () => {
  const generated = generateEd25519('mailroom@test')

  it('a generated key matches ssh-keygen -y and -lf, plain and with a passphrase', () => {
    for (const passphrase of ['', PASSPHRASE]) {
      const path = join(dir, `generated-${passphrase ? 'enc' : 'plain'}`)
      writeFileSync(path, writeOpenSshPrivateKey(generated, passphrase || undefined), {
        mode: 0o600,
      })
      const derived = execFileSync('ssh-keygen', ['-y', '-P', passphrase, '-f', path])
        .toString()
        .trim()
      expect(derived.split(' ').slice(0, 2)).toEqual(
        publicKeyLine(generated).split(' ').slice(0, 2),
      )
      writeFileSync(`${path}.pub`, `${publicKeyLine(generated)}\n`)
      expect(execFileSync('ssh-keygen', ['-lf', `${path}.pub`]).toString()).toContain(
        fingerprintOf(generated),
      )
    }
  })

  it.each(['ed25519', 'ecdsa', 'rsa'] as const)(
    'an imported %s key exported as PPK v3 is read by puttygen, plain and encrypted',
    async (type) => {
      const key = makeKey(
        dir,
        { tool: 'ssh-keygen', type, format: 'openssh', encrypted: false },
        100,
      )
      const { material } = await importPrivateKey(readFileSync(key.path), key.path)
      for (const passphrase of ['', PASSPHRASE]) {
        const ppk = join(dir, `export-${type}-${passphrase ? 'enc' : 'plain'}.ppk`)
        const passFile = `${ppk}.pass`
        writeFileSync(ppk, await writePpkV3(material, passphrase || undefined))
        writeFileSync(passFile, passphrase)
        const fingerprint = execFileSync('puttygen', [
          ppk,
          '-l',
          '-E',
          'sha256',
          '--old-passphrase',
          passFile,
        ]).toString()
        expect(fingerprint).toContain(key.fingerprint)
        // And back: Mailroom reads its own PPK too.
        expect(
          fingerprintOf(
            (await importPrivateKey(readFileSync(ppk), ppk, passphrase || undefined)).material,
          ),
        ).toBe(key.fingerprint)
      }
    },
  )
})

describe('importPrivateKey refuses bad input with the reason', () => {
  it('a PPK whose MAC does not match', async () => {
    const key = makeKey(
      dir,
      { tool: 'puttygen', type: 'ed25519', format: 'ppk-v3', encrypted: false },
      200,
    )
    const tampered = readFileSync(key.path, 'utf8').replace(
      /Comment: .*/,
      'Comment: changed by someone',
    )
    await expect(importPrivateKey(Buffer.from(tampered), 'k.ppk')).rejects.toMatchObject({
      kind: 'bad-key',
      message: expect.stringMatching(/MAC does not match/),
    })
  })

  it('a truncated PPK', async () => {
    const key = makeKey(
      dir,
      { tool: 'puttygen', type: 'rsa', format: 'ppk-v2', encrypted: false },
      201,
    )
    const cut = readFileSync(key.path, 'utf8').split('\n').slice(0, 8).join('\n')
    await expect(importPrivateKey(Buffer.from(cut), 'k.ppk')).rejects.toMatchObject({
      kind: 'bad-key',
      message: expect.stringMatching(/damaged or cut short/),
    })
  })

  it.each([
    ['openssh', false, 300],
    ['openssh', true, 301],
    ['pem', false, 302],
    ['ppk-v2', false, 303],
    ['ppk-v3', true, 304],
  ] as const)(
    'a DSA key as %s (encrypted: %s), naming the type and what to use instead',
    async (format, encrypted, index) => {
      const tool = format.startsWith('ppk') ? 'puttygen' : 'ssh-keygen'
      const key = makeKey(dir, { tool, type: 'dsa', format, encrypted }, index)
      await expect(
        importPrivateKey(readFileSync(key.path), 'id_dsa', key.passphrase),
      ).rejects.toMatchObject({
        kind: 'bad-key',
        message:
          'id_dsa holds a DSA key (ssh-dss), which gateways no longer accept. Use an ed25519 key instead (Generate key makes one; gateways ask for ed25519), or an ECDSA or RSA key.',
      })
    },
  )

  it('a chacha20-poly1305 key file whose tag does not match: a wrong passphrase, as OpenSSH says', async () => {
    const key = makeKey(dir, CHACHA_ED25519, 310)
    const flipLastTagByte = (file: Buffer) => {
      file[file.length - 1] = (file.at(-1) ?? 0) ^ 1
      return file
    }
    await expect(
      importPrivateKey(changedKeyFile(key.path, flipLastTagByte), 'id', key.passphrase),
    ).rejects.toMatchObject({ kind: 'bad-passphrase' })
    await expect(
      importPrivateKey(
        changedKeyFile(key.path, (file) => file.subarray(0, -8)),
        'id',
        key.passphrase,
      ),
    ).rejects.toMatchObject({
      kind: 'bad-key',
      message: expect.stringMatching(/damaged or cut short/),
    })
  })

  it('a public key where the private key is needed', async () => {
    const key = makeKey(
      dir,
      { tool: 'ssh-keygen', type: 'ed25519', format: 'openssh', encrypted: false },
      202,
    )
    await expect(importPrivateKey(readFileSync(`${key.path}.pub`), 'id.pub')).rejects.toMatchObject(
      { kind: 'bad-key', message: expect.stringMatching(/public key/) },
    )
  })

  it('text that is no key', async () => {
    await expect(importPrivateKey(Buffer.from('hello'), 'notes.txt')).rejects.toMatchObject({
      kind: 'bad-key',
    })
  })
})

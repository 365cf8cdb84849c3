import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { generateEd25519 } from '../../../../src/main/core/keys/generate-key'
import { importPrivateKey } from '../../../../src/main/core/keys/import-key'
import { fingerprintOf, publicKeyLine } from '../../../../src/main/core/keys/key-material'
import {
  writeEncryptedOpenSshPrivateKey,
  writeOpenSshPrivateKey,
} from '../../../../src/main/core/keys/openssh-format'
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

  it('a generated key matches ssh-keygen -y and -lf, plain and with a passphrase', async () => {
    for (const passphrase of ['', PASSPHRASE]) {
      const path = join(dir, `generated-${passphrase ? 'enc' : 'plain'}`)
      const text = passphrase
        ? await writeEncryptedOpenSshPrivateKey(generated, passphrase)
        : writeOpenSshPrivateKey(generated)
      writeFileSync(path, text, { mode: 0o600 })
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

/** The file's bcrypt rounds (PROTOCOL.key: cipher, kdf, then kdf options: salt, rounds) set to `rounds`. */
function withRounds(path: string, rounds: number): Buffer {
  return changedKeyFile(path, (file) => {
    let at = 15 // "openssh-key-v1\0"
    for (let field = 0; field < 2; field++) at += 4 + file.readUInt32BE(at) // cipher, kdf
    at += 4 // the kdf options' own length
    at += 4 + file.readUInt32BE(at) // salt
    const changed = Buffer.from(file)
    changed.writeUInt32BE(rounds, at)
    return changed
  })
}

/** A PuTTY key made by puttygen with the given --ppk-param settings (version 3, encrypted). */
function puttyKey(name: string, params: string): string {
  const path = join(dir, `${name}.ppk`)
  const passFile = join(dir, `${name}.pass`)
  writeFileSync(passFile, PASSPHRASE)
  execFileSync('puttygen', [
    '-q',
    '-t',
    'ed25519',
    '-o',
    path,
    '--new-passphrase',
    passFile,
    '--ppk-param',
    `version=3,${params}`,
  ])
  return path
}

/** Runs `work` and measures the longest the event loop went without a turn meanwhile. */
async function longestStall(work: () => Promise<unknown>): Promise<number> {
  let last = performance.now()
  let longest = 0
  const timer = setInterval(() => {
    const now = performance.now()
    longest = Math.max(longest, now - last)
    last = now
  }, 5)
  try {
    await work()
  } finally {
    clearInterval(timer)
  }
  return Math.max(longest, performance.now() - last)
}

/**
 * Key files set their own cost: a hostile one could ask for hours of key derivation, frozen in
 * the main thread as the passphrase is typed (issue 19, item 9).
 */
describe('importPrivateKey and what a key file asks for to unlock it', () => {
  it('refuses an OpenSSH key asking for far more bcrypt rounds than ssh-keygen makes, before deriving', async () => {
    const made = makeKey(
      dir,
      { tool: 'ssh-keygen', type: 'ed25519', format: 'openssh', encrypted: true },
      400,
    )
    // 1,025 rounds: just past the limit, and some 20 seconds of deriving had it been tried.
    for (const rounds of [1025, 2 ** 32 - 1]) {
      const hostile = withRounds(made.path, rounds)
      for (const passphrase of [PASSPHRASE, undefined]) {
        const started = performance.now()
        const refusal = importPrivateKey(hostile, 'id_ed25519', passphrase)
        await expect(refusal).rejects.toMatchObject({ kind: 'bad-key' })
        await expect(refusal).rejects.toThrow(
          new RegExp(
            `^id_ed25519 was not unlocked: it asks for ${rounds.toLocaleString('en')} rounds of bcrypt .* ssh-keygen makes 16 .* up to 1024 rounds`,
          ),
        )
        expect(performance.now() - started).toBeLessThan(1000)
      }
    }
    // ssh-keygen -a 100, which guides suggest, is no problem.
    const slow = join(dir, 'rounds-100')
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-a', '100', '-N', PASSPHRASE, '-f', slow])
    expect((await importPrivateKey(readFileSync(slow), 'rounds-100', PASSPHRASE)).encrypted).toBe(
      true,
    )
  }, 60_000)

  it('refuses a PuTTY key asking Argon2 for far more memory or passes than PuTTYgen makes', async () => {
    const made = readFileSync(puttyKey('usual', 'passes=8'), 'utf8')
    for (const [header, value, words] of [
      ['Argon2-Memory', '1048576', /for 1,024 MiB and 8 passes/],
      ['Argon2-Memory', '4294967295', /for 4,194,304 MiB and 8 passes/],
      ['Argon2-Passes', '1025', /for 8 MiB and 1,025 passes/],
    ] as const) {
      const hostile = Buffer.from(
        made.replace(new RegExp(`^${header}: .*$`, 'm'), `${header}: ${value}`),
      )
      for (const passphrase of [PASSPHRASE, undefined]) {
        const started = performance.now()
        const refusal = importPrivateKey(hostile, 'partner.ppk', passphrase)
        await expect(refusal).rejects.toMatchObject({ kind: 'bad-key' })
        await expect(refusal).rejects.toThrow(words)
        await expect(refusal).rejects.toThrow(
          /^partner\.ppk was not unlocked: .* PuTTYgen makes 8 MiB/,
        )
        expect(performance.now() - started).toBeLessThan(1000)
      }
    }
  })

  it('unlocks a key in a worker: the app goes on answering while bcrypt or Argon2 runs', async () => {
    const openssh = join(dir, 'rounds-64')
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-a', '64', '-N', PASSPHRASE, '-f', openssh])
    const putty = puttyKey('passes-100', 'passes=100')
    // Each takes a second or more of deriving here; in the main thread, that long a freeze.
    for (const path of [openssh, putty]) {
      let imported: Awaited<ReturnType<typeof importPrivateKey>> | undefined
      const stall = await longestStall(async () => {
        imported = await importPrivateKey(readFileSync(path), path, PASSPHRASE)
      })
      expect(imported?.encrypted, path).toBe(true)
      expect(stall, path).toBeLessThan(400)
    }
  }, 60_000)
})

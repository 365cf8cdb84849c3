import { execFileSync } from 'node:child_process'
import { createHmac, generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  fromKeyObject,
  publicBlob,
  publicKeyLine,
  type KeyMaterial,
} from '../../../../src/main/core/keys/key-material'
import { readOpenSshOrPem } from '../../../../src/main/core/keys/openssh-format'
import {
  looksLikePpk,
  PpkError,
  readPpk,
  writePpkV3,
} from '../../../../src/main/core/keys/ppk-format'
import { mpint, sshString } from '../../../../src/main/core/keys/ssh-wire'
import { makeKey, PASSPHRASE, type KeyRecipe } from '../../../fixtures/key-files'

const dir = mkdtempSync(join(tmpdir(), 'mailroom-ppk-format-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const KEYS: ReadonlyArray<readonly [string, KeyMaterial]> = [
  ['ed25519', fromKeyObject(generateKeyPairSync('ed25519').privateKey, 'mailroom test')],
  [
    'ECDSA P-256',
    fromKeyObject(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, 'ecdsa key'),
  ],
  ['ECDSA P-521', fromKeyObject(generateKeyPairSync('ec', { namedCurve: 'P-521' }).privateKey, '')],
  [
    'RSA 2048',
    fromKeyObject(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, 'rsa key'),
  ],
]

/**
 * The key with its private number as an mpint holds it: PPK keeps ECDSA's d without leading
 * zeros, Node's JWK pads it to the curve's size; both are the same number.
 */
function sameNumbers(key: KeyMaterial): KeyMaterial {
  if (key.type === 'ssh-ed25519' || key.type === 'ssh-rsa') return key
  let start = 0
  while (start < key.d.length - 1 && key.d[start] === 0) start += 1
  return { ...key, d: key.d.subarray(start) }
}

/** A PPK's failure as its reason and message, or 'read' when it was read. */
async function refusal(text: string, passphrase?: string): Promise<string> {
  try {
    await readPpk(text, passphrase)
    return 'read'
  } catch (error) {
    if (!(error instanceof PpkError)) throw error
    return `${error.reason}: ${error.message}`
  }
}

/** An unencrypted version 3 PPK of the given parts, with the MAC PuTTY would write for them. */
function plainPpkV3(parts: {
  algorithm: string
  publicBlob: Buffer
  privateBlob: Buffer
  comment?: string
}): string {
  const comment = parts.comment ?? ''
  const mac = createHmac('sha256', Buffer.alloc(0))
    .update(
      Buffer.concat([
        sshString(parts.algorithm),
        sshString('none'),
        sshString(comment),
        sshString(parts.publicBlob),
        sshString(parts.privateBlob),
      ]),
    )
    .digest('hex')
  return [
    `PuTTY-User-Key-File-3: ${parts.algorithm}`,
    'Encryption: none',
    `Comment: ${comment}`,
    'Public-Lines: 1',
    parts.publicBlob.toString('base64'),
    'Private-Lines: 1',
    parts.privateBlob.toString('base64'),
    `Private-MAC: ${mac}`,
    '',
  ].join('\n')
}

describe('looksLikePpk', () => {
  it('knows a PuTTY key by its first line', () => {
    expect(looksLikePpk('PuTTY-User-Key-File-3: ssh-ed25519\n')).toBe(true)
    expect(looksLikePpk('\r\n  PuTTY-User-Key-File-2: ssh-rsa\r\n')).toBe(true)
    expect(looksLikePpk('-----BEGIN OPENSSH PRIVATE KEY-----\n')).toBe(false)
    expect(looksLikePpk('Comment: PuTTY-User-Key-File-3: ssh-rsa')).toBe(false)
  })
})

describe('writePpkV3 and readPpk', () => {
  it.each(KEYS)('%s: reads back what it wrote, plain and encrypted', async (_label, key) => {
    expect(sameNumbers(await readPpk(await writePpkV3(key)))).toEqual(sameNumbers(key))
    expect(sameNumbers(await readPpk(await writePpkV3(key, PASSPHRASE), PASSPHRASE))).toEqual(
      sameNumbers(key),
    )
  })

  it('writes what PuTTY writes: Argon2id with its default cost only when encrypted', async () => {
    const [, key] = KEYS[0] ?? []
    if (!key) throw new Error('no key')
    const plain = (await writePpkV3(key)).split('\n')
    expect(plain.slice(0, 4)).toEqual([
      'PuTTY-User-Key-File-3: ssh-ed25519',
      'Encryption: none',
      'Comment: mailroom test',
      'Public-Lines: 2',
    ])
    expect(plain.join('\n')).not.toContain('Argon2')
    expect(plain.at(-2)).toMatch(/^Private-MAC: [0-9a-f]{64}$/)
    const locked = await writePpkV3(key, PASSPHRASE)
    expect(locked).toContain('Encryption: aes256-cbc\n')
    expect(locked).toMatch(
      /\nKey-Derivation: Argon2id\nArgon2-Memory: 8192\nArgon2-Passes: 8\nArgon2-Parallelism: 1\nArgon2-Salt: [0-9a-f]{32}\nPrivate-Lines: /,
    )
    expect(await writePpkV3(key, PASSPHRASE)).not.toBe(locked)
  })

  it('writes a file puttygen reads, to the same public key and comment', async () => {
    const [, key] = KEYS[1] ?? []
    if (!key) throw new Error('no key')
    const path = join(dir, 'written.ppk')
    const passFile = join(dir, 'written.pass')
    writeFileSync(path, await writePpkV3(key, PASSPHRASE))
    writeFileSync(passFile, PASSPHRASE)
    const publicLine = execFileSync('puttygen', [
      path,
      '-O',
      'public-openssh',
      '--old-passphrase',
      passFile,
    ])
      .toString()
      .trim()
    expect(publicLine).toBe(publicKeyLine(key))
  })
})

describe('readPpk of files puttygen wrote', () => {
  const recipes: KeyRecipe[] = [
    { tool: 'puttygen', type: 'rsa', format: 'ppk-v2', encrypted: true },
    { tool: 'puttygen', type: 'ecdsa', format: 'ppk-v2', encrypted: false },
    { tool: 'puttygen', type: 'ed25519', format: 'ppk-v3', encrypted: true },
    { tool: 'puttygen', type: 'rsa', format: 'ppk-v3', encrypted: false },
    { tool: 'puttygen', type: 'ecdsa', format: 'ppk-v3', encrypted: true },
  ]

  it.each(
    recipes.map(
      (recipe, index) => [recipe.format, recipe.type, recipe.encrypted, recipe, index] as const,
    ),
  )(
    '%s %s (encrypted: %s): the same numbers as puttygen exports for OpenSSH',
    async (_format, _type, _encrypted, recipe, index) => {
      const key = makeKey(dir, recipe, index)
      const oldPass = join(dir, `old-${index}.pass`)
      const noPass = join(dir, `none-${index}.pass`)
      writeFileSync(oldPass, key.passphrase ?? '')
      writeFileSync(noPass, '')
      const exported = join(dir, `exported-${index}`)
      execFileSync('puttygen', [
        key.path,
        '-O',
        'private-openssh-new',
        '-o',
        exported,
        '--old-passphrase',
        oldPass,
        '--new-passphrase',
        noPass,
      ])
      const fromOpenSsh = await readOpenSshOrPem(readFileSync(exported))
      if (fromOpenSsh instanceof Error) throw fromOpenSsh
      const fromPpk = await readPpk(readFileSync(key.path, 'utf8'), key.passphrase)
      expect(sameNumbers(fromPpk)).toEqual(sameNumbers(fromOpenSsh))
      expect(fromPpk.comment).toBe(`test ${recipe.type}`)
    },
  )

  it('reads a file with Windows line ends', async () => {
    const key = makeKey(
      dir,
      { tool: 'puttygen', type: 'ed25519', format: 'ppk-v2', encrypted: false },
      10,
    )
    const text = readFileSync(key.path, 'utf8')
    expect(await readPpk(text.replace(/\n/g, '\r\n'))).toEqual(await readPpk(text))
  })
})

describe('readPpk refuses, saying why', () => {
  const [, ed25519] = KEYS[0] ?? []
  if (!ed25519 || ed25519.type !== 'ssh-ed25519') throw new Error('no key')
  const edPublic = publicBlob(ed25519)

  it('an encrypted file without its passphrase, or with a wrong one', async () => {
    const locked = await writePpkV3(ed25519, PASSPHRASE)
    expect(await refusal(locked)).toBe(
      'passphrase-needed: This PuTTY key is protected by a passphrase',
    )
    expect(await refusal(locked, 'wrong passphrase')).toBe(
      'bad-passphrase-or-mac: The passphrase is wrong, or the PPK file was changed',
    )
  })

  it('a file changed after it was written', async () => {
    const changed = (await writePpkV3(ed25519)).replace(
      'Comment: mailroom test',
      'Comment: mallory',
    )
    expect(await refusal(changed)).toBe(
      'bad-mac: The PPK file was changed or damaged: its MAC does not match',
    )
  })

  it('what is not a PuTTY key, or not a version or encryption PuTTY writes', async () => {
    const plain = await writePpkV3(ed25519)
    expect(await refusal('hello')).toBe('malformed: Not a PuTTY key file')
    expect(await refusal(plain.replace('PuTTY-User-Key-File-3', 'PuTTY-User-Key-File-4'))).toBe(
      'unsupported: PuTTY key file version 4 (Mailroom reads versions 2 and 3)',
    )
    expect(await refusal(plain.replace('Encryption: none', 'Encryption: aes128-cbc'))).toBe(
      'unsupported: PPK encryption "aes128-cbc" is not one PuTTY writes',
    )
  })

  it('a file cut short or damaged in its layout', async () => {
    const plain = await writePpkV3(ed25519)
    const lines = plain.split('\n')
    expect(await refusal(lines.slice(0, 2).join('\n'))).toBe(
      'malformed: The PPK file is cut short or damaged (expected "Comment")',
    )
    expect(await refusal(plain.replace('Public-Lines: 2', 'Public-Lines: two'))).toBe(
      "malformed: The PPK file's Public-Lines is damaged",
    )
    expect(await refusal(plain.replace('Public-Lines: 2', 'Public-Lines: 1001'))).toBe(
      "malformed: The PPK file's Public-Lines is damaged",
    )
    expect(await refusal(lines.slice(0, 5).join('\n'))).toBe('malformed: The PPK file is cut short')
    expect(await refusal(plain.replace('Private-Lines:', 'garbage\nPrivate-Lines:'))).toBe(
      'malformed: The PPK file is cut short or damaged',
    )
    expect(await refusal(plain.replace(/\nPrivate-MAC: .*/, ''))).toBe(
      'malformed: The PPK file is cut short or damaged (expected "Private-MAC")',
    )
  })

  it('an encrypted file whose Argon2 settings are missing, out of range or unknown', async () => {
    const locked = await writePpkV3(ed25519, PASSPHRASE)
    expect(await refusal(locked.replace(/Argon2-Salt: .*\n/, ''), PASSPHRASE)).toBe(
      'malformed: The PPK file has no Argon2-Salt line',
    )
    expect(
      await refusal(locked.replace('Argon2-Memory: 8192', 'Argon2-Memory: 0'), PASSPHRASE),
    ).toBe("malformed: The PPK file's Argon2-Memory is out of range")
    expect(
      await refusal(locked.replace('Argon2-Passes: 8', 'Argon2-Passes: 1.5'), PASSPHRASE),
    ).toBe("malformed: The PPK file's Argon2-Passes is out of range")
    expect(
      await refusal(
        locked.replace('Key-Derivation: Argon2id', 'Key-Derivation: scrypt'),
        PASSPHRASE,
      ),
    ).toBe('unsupported: PPK key derivation "scrypt"')
  })

  it('an encrypted part that is not whole cipher blocks', async () => {
    const locked = (await writePpkV3(ed25519, PASSPHRASE)).replace(
      /Private-Lines: 1\n.*\n/,
      `Private-Lines: 1\n${Buffer.alloc(15).toString('base64')}\n`,
    )
    expect(await refusal(locked, PASSPHRASE)).toBe(
      'malformed: The encrypted part of the PPK file has a wrong length',
    )
  })

  it('a key that does not match the type the file names, or is damaged inside', async () => {
    const seed = sshString(ed25519.seed)
    expect(
      await refusal(plainPpkV3({ algorithm: 'ssh-rsa', publicBlob: edPublic, privateBlob: seed })),
    ).toBe('malformed: The PPK file names one key type and holds another')
    expect(
      await refusal(
        plainPpkV3({
          algorithm: 'ssh-ed25519',
          publicBlob: edPublic,
          privateBlob: sshString(ed25519.seed.subarray(1)),
        }),
      ),
    ).toBe('malformed: The ed25519 key in the PPK file has a wrong length')
    const [, rsa] = KEYS[3] ?? []
    if (!rsa || rsa.type !== 'ssh-rsa') throw new Error('no key')
    expect(
      await refusal(
        plainPpkV3({
          algorithm: 'ssh-rsa',
          publicBlob: publicBlob(rsa),
          privateBlob: mpint(rsa.d),
        }),
      ),
    ).toBe('malformed: The key inside the PPK file is cut short or damaged')
    // And the same parts, whole, are read: the refusals above are for what was changed.
    expect(
      await refusal(
        plainPpkV3({ algorithm: 'ssh-ed25519', publicBlob: edPublic, privateBlob: seed }),
      ),
    ).toBe('read')
  })

  it('a key type Mailroom cannot use, by name', async () => {
    const dss = Buffer.concat([sshString('ssh-dss'), mpint(Buffer.from([1]))])
    expect(
      await refusal(
        plainPpkV3({ algorithm: 'ssh-dss', publicBlob: dss, privateBlob: mpint(Buffer.from([2])) }),
      ),
    ).toBe('unsupported: a DSA key (ssh-dss), which gateways no longer accept')
    const other = sshString('ssh-foo')
    expect(
      await refusal(
        plainPpkV3({ algorithm: 'ssh-foo', publicBlob: other, privateBlob: Buffer.alloc(0) }),
      ),
    ).toBe('unsupported: a ssh-foo key')
  })
})

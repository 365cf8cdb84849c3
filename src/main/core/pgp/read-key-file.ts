import { readFile } from 'node:fs/promises'
import { readKeys, type Key } from 'openpgp'
import { MailroomError, translateLocalError } from '../errors'
import { OPENPGP_READ_CONFIG } from './openpgp-config'
import { isArmored } from './openpgp-packets'

const ARMORED_KEY_BLOCK =
  /-----BEGIN PGP (PUBLIC|PRIVATE|SECRET) KEY BLOCK-----[\s\S]*?-----END PGP \1 KEY BLOCK-----/g

/** Larger than any key file a person would import (a key with many signatures is ~1 MB). */
const LARGEST_KEY_FILE = 16 * 1024 * 1024

/**
 * Every key in a key file: armored (`.asc`, one or several blocks, as `gpg --export -a` of
 * several keys or keys pasted one after another) or binary (`.gpg`, `.pgp`, keys back to back).
 */
export async function readKeyFile(path: string): Promise<Key[]> {
  let data: Buffer
  try {
    data = await readFile(path)
  } catch (error) {
    throw translateLocalError(error, 'read', path)
  }
  if (data.length > LARGEST_KEY_FILE)
    throw new MailroomError('invalid-input', `${path} is too large to be an OpenPGP key file.`)
  return readKeyData(data, path)
}

/** The keys in `data`, armored or binary; `source` names it in the error. */
export async function readKeyData(data: Uint8Array, source: string): Promise<Key[]> {
  try {
    if (isArmored(data.subarray(0, 4096))) {
      const blocks = Buffer.from(data).toString('utf8').match(ARMORED_KEY_BLOCK) ?? []
      if (blocks.length === 0) throw new Error('no key block')
      const keys = await Promise.all(
        blocks.map((armoredKeys) => readKeys({ armoredKeys, config: OPENPGP_READ_CONFIG })),
      )
      return keys.flat()
    }
    return await readKeys({ binaryKeys: data, config: OPENPGP_READ_CONFIG })
  } catch (error) {
    throw new MailroomError(
      'invalid-input',
      `${source} holds no OpenPGP key Mailroom can read (${error instanceof Error ? error.message : String(error)}).`,
      undefined,
      { cause: error },
    )
  }
}

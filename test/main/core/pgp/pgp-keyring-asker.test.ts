import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  PgpKeyring,
  type PassphraseAnswer,
  type PassphraseQuestion,
} from '../../../../src/main/core/pgp/pgp-keyring'
import { MemorySecretStore } from '../../../../src/main/core/secrets/secret-store'
import { SettingsFileStore } from '../../../../src/main/core/settings/settings-file'
import { MemorySettings } from '../../../fixtures/memory-settings'

const RIGHT = 'correct horse'

/** Fails instead of hanging when the promise does not settle in time. */
function withinMs<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_resolve, reject) =>
      setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms),
    ),
  ])
}

/** A keyring holding an own key protected by RIGHT, not remembered, and an asker answering from a list. */
async function setup(answers: PassphraseAnswer[]) {
  const folder = mkdtempSync(join(tmpdir(), 'pgp-asker-'))
  const secrets = new MemorySecretStore()
  const settings = new SettingsFileStore(new MemorySettings())
  const asked: PassphraseQuestion[] = []
  const keyring = new PgpKeyring(join(folder, 'pgp-keys'), secrets, settings, {
    askPassphrase: async (question) => {
      asked.push(question)
      // Answered later, as a person does: concurrent unlocks are all waiting by then.
      await new Promise((resolve) => setTimeout(resolve, 20))
      return answers.shift() ?? null
    },
  })
  const key = await keyring.generate({ name: 'Own', email: 'own@ours.test', passphrase: RIGHT })
  return { keyring, secrets, settings, folder, asked, fingerprint: key.fingerprint, key }
}

describe('PgpKeyring asking for a passphrase', () => {
  it('asks once for concurrent unlocks of the same key, saying what for', async () => {
    const { keyring, asked, fingerprint, key } = await setup([
      { passphrase: RIGHT, remember: false },
    ])
    // As a pickup does: its run holds the keyring. Without a hold nothing is kept, and a file
    // whose key was still being read when the answer came (a loaded machine) asked again.
    const hold = keyring.holdUnlocked()
    const keys = await Promise.all(
      ['invoice.xml.pgp', 'order.xml.pgp', 'remit.xml.pgp'].map((file) =>
        keyring.unlock(fingerprint, undefined, { purpose: 'decrypt', file, hold }),
      ),
    )
    hold()
    expect(keys.every((unlocked) => unlocked.isDecrypted())).toBe(true)
    expect(asked).toEqual([
      {
        fingerprint,
        keyId: key.keyId,
        name: 'Own <own@ours.test>',
        purpose: 'decrypt',
        file: 'invoice.xml.pgp',
        attempt: 1,
        wrong: false,
      },
    ])
  })

  it("does not ask again for a file that was reading the key while another file's answer came", async () => {
    const folder = mkdtempSync(join(tmpdir(), 'pgp-asker-'))
    // The keychain answers the second file late: the first has been answered meanwhile.
    let gate: Promise<void> | undefined
    class LateKeychain extends MemorySecretStore {
      override async get(account: string): Promise<string | null> {
        await gate
        return super.get(account)
      }
    }
    let asked = 0
    const keyring = new PgpKeyring(
      join(folder, 'pgp-keys'),
      new LateKeychain(),
      new SettingsFileStore(new MemorySettings()),
      {
        askPassphrase: async () => {
          asked += 1
          return { passphrase: RIGHT, remember: false }
        },
      },
    )
    const { fingerprint } = await keyring.generate({
      name: 'Own',
      email: 'own@ours.test',
      passphrase: RIGHT,
    })
    keyring.holdUnlocked()
    let open = () => {}
    gate = new Promise((resolve) => (open = resolve))
    const late = keyring.unlock(fingerprint)
    await new Promise((resolve) => setTimeout(resolve, 50))
    gate = undefined
    expect((await keyring.unlock(fingerprint)).isDecrypted()).toBe(true)
    open()
    expect((await late).isDecrypted()).toBe(true)
    expect(asked).toBe(1)
  })

  it('asks again after a wrong passphrase, saying so, and unlocks with the right one', async () => {
    const { keyring, asked, fingerprint } = await setup([
      { passphrase: 'wrong', remember: false },
      { passphrase: RIGHT, remember: false },
    ])
    expect((await keyring.unlock(fingerprint)).isDecrypted()).toBe(true)
    expect(asked.map(({ attempt, wrong }) => ({ attempt, wrong }))).toEqual([
      { attempt: 1, wrong: false },
      { attempt: 2, wrong: true },
    ])
  })

  it('stops after three wrong passphrases with bad-passphrase', async () => {
    const { keyring, asked, fingerprint } = await setup([
      { passphrase: 'one', remember: true },
      { passphrase: 'two', remember: true },
      { passphrase: 'three', remember: true },
      { passphrase: RIGHT, remember: true },
    ])
    await expect(keyring.unlock(fingerprint)).rejects.toMatchObject({
      kind: 'bad-passphrase',
      message: expect.stringContaining('3 times'),
    })
    expect(asked).toHaveLength(3)
    // A wrong passphrase is never kept, even when "remember" was ticked.
    expect((await keyring.info(fingerprint)).passphraseRemembered).toBe(false)
  })

  it('fails with cancelled when the person cancels, and does not ask again in the same run', async () => {
    const { keyring, asked, fingerprint } = await setup([
      null,
      { passphrase: RIGHT, remember: false },
    ])
    const release = keyring.holdUnlocked()
    const inRun = { purpose: 'decrypt', hold: release } as const
    await expect(keyring.unlock(fingerprint, undefined, inRun)).rejects.toMatchObject({
      kind: 'cancelled',
      message: expect.stringContaining('its question was cancelled'),
      detail: { fingerprint, asked: 'cancelled' },
    })
    await expect(keyring.unlock(fingerprint, undefined, inRun)).rejects.toMatchObject({
      kind: 'cancelled',
    })
    expect(asked).toHaveLength(1)
    release()
    // The next run asks again.
    expect((await keyring.unlock(fingerprint)).isDecrypted()).toBe(true)
    expect(asked).toHaveLength(2)
  })

  it("keeps a run's cancel to that run: a run started meanwhile asks for itself", async () => {
    const { keyring, asked, fingerprint } = await setup([
      null,
      { passphrase: RIGHT, remember: false },
    ])
    const pickup = keyring.holdUnlocked()
    await expect(
      keyring.unlock(fingerprint, undefined, { purpose: 'decrypt', hold: pickup }),
    ).rejects.toMatchObject({ kind: 'cancelled' })
    const send = keyring.holdUnlocked()
    const signing = await keyring.unlock(fingerprint, undefined, { purpose: 'sign', hold: send })
    expect(signing.isDecrypted()).toBe(true)
    expect(asked.map(({ purpose }) => purpose)).toEqual(['decrypt', 'sign'])
    // The pickup's next file keeps its run's answer without asking.
    await expect(
      keyring.unlock(fingerprint, undefined, { purpose: 'decrypt', hold: pickup }),
    ).rejects.toMatchObject({ kind: 'cancelled' })
    expect(asked).toHaveLength(2)
  })

  it('says a question nobody answered in time was not answered, not cancelled', async () => {
    const { keyring, fingerprint } = await setup(['unanswered'])
    await expect(keyring.unlock(fingerprint)).rejects.toMatchObject({
      kind: 'cancelled',
      message: expect.stringContaining('its question was not answered in time'),
      detail: { fingerprint, asked: 'unanswered' },
    })
  })

  it("stops waiting when a file's transfer is cancelled, and withdraws the question when nobody else waits", async () => {
    const folder = mkdtempSync(join(tmpdir(), 'pgp-asker-'))
    const withdrawals: AbortSignal[] = []
    // A file looks for a remembered passphrase last, then waits for the question with nothing
    // awaited between: once both have looked, both wait. (Cancelling the first before the
    // second had read the key withdrew the question, and this failed on a busy machine.)
    const secrets = new MemorySecretStore()
    let looked = 0
    const lookedFor = {
      get: async (account: string) => {
        const found = await secrets.get(account)
        if (account.startsWith('pgp-passphrase:')) looked += 1
        return found
      },
      set: (account: string, secret: string) => secrets.set(account, secret),
      delete: (account: string) => secrets.delete(account),
    }
    const keyring = new PgpKeyring(
      join(folder, 'pgp-keys'),
      lookedFor,
      new SettingsFileStore(new MemorySettings()),
      {
        // The first question stays open until it is withdrawn; the next one is answered.
        askPassphrase: async (_question, withdrawn) => {
          withdrawals.push(withdrawn)
          if (withdrawals.length > 1) return { passphrase: RIGHT, remember: false }
          return new Promise((resolve) => withdrawn.addEventListener('abort', () => resolve(null)))
        },
      },
    )
    const { fingerprint } = await keyring.generate({
      name: 'Own',
      email: 'own@ours.test',
      passphrase: RIGHT,
    })
    const first = new AbortController()
    const second = new AbortController()
    const a = keyring.unlock(fingerprint, undefined, { purpose: 'decrypt', signal: first.signal })
    const b = keyring.unlock(fingerprint, undefined, { purpose: 'decrypt', signal: second.signal })
    while (withdrawals.length === 0 || looked < 2)
      await new Promise((resolve) => setTimeout(resolve, 5))
    first.abort()
    await expect(withinMs(a, 5_000)).rejects.toMatchObject({
      kind: 'cancelled',
      message: expect.stringContaining('Cancelled while waiting'),
    })
    // The other file still waits: the question stays.
    expect(withdrawals[0]?.aborted).toBe(false)
    second.abort()
    await expect(withinMs(b, 5_000)).rejects.toMatchObject({ kind: 'cancelled' })
    expect(withdrawals[0]?.aborted).toBe(true)
    // A transfer's cancel is nobody's refusal: the next file asks anew and unlocks.
    expect((await keyring.unlock(fingerprint)).isDecrypted()).toBe(true)
    expect(withdrawals).toHaveLength(2)
  })

  it('keeps a passphrase answered with "remember" in the keychain, so the command unlocks too', async () => {
    const { keyring, secrets, settings, folder, fingerprint } = await setup([
      { passphrase: RIGHT, remember: true },
    ])
    await keyring.unlock(fingerprint)
    expect(await secrets.get(`pgp-passphrase:${fingerprint}`)).toBe(RIGHT)
    const command = new PgpKeyring(join(folder, 'pgp-keys'), secrets, settings)
    expect((await command.unlock(fingerprint)).isDecrypted()).toBe(true)
  })

  it('keeps an unlocked key while a run holds it, and forgets it when the last run ends', async () => {
    const { keyring, asked, fingerprint } = await setup([
      { passphrase: RIGHT, remember: false },
      { passphrase: RIGHT, remember: false },
      { passphrase: RIGHT, remember: false },
    ])
    const first = keyring.holdUnlocked()
    const second = keyring.holdUnlocked()
    await keyring.unlock(fingerprint)
    await keyring.unlock(fingerprint)
    expect(asked).toHaveLength(1)
    first()
    await keyring.unlock(fingerprint)
    expect(asked).toHaveLength(1)
    second()
    await keyring.unlock(fingerprint)
    expect(asked).toHaveLength(2)
    // Without a run holding it, nothing is kept: each unlock asks.
    await keyring.unlock(fingerprint)
    expect(asked).toHaveLength(3)
  })

  it('forgets a held key when it is deleted or forgotten', async () => {
    const { keyring, asked, fingerprint } = await setup([
      { passphrase: RIGHT, remember: false },
      { passphrase: RIGHT, remember: false },
    ])
    keyring.holdUnlocked()
    await keyring.unlock(fingerprint)
    keyring.forgetUnlocked()
    await keyring.unlock(fingerprint)
    expect(asked).toHaveLength(2)
    await keyring.delete(fingerprint)
    await expect(keyring.unlock(fingerprint)).rejects.toMatchObject({ kind: 'not-found' })
  })

  it('never asks when the passphrase is given or remembered, and without an asker (the command) fails with passphrase-needed', async () => {
    const { keyring, secrets, settings, folder, asked, fingerprint } = await setup([])
    expect((await keyring.unlock(fingerprint, RIGHT)).isDecrypted()).toBe(true)
    await expect(keyring.unlock(fingerprint, 'wrong')).rejects.toMatchObject({
      kind: 'bad-passphrase',
    })
    expect(asked).toHaveLength(0)
    const command = new PgpKeyring(join(folder, 'pgp-keys'), secrets, settings)
    await expect(command.unlock(fingerprint)).rejects.toMatchObject({
      kind: 'passphrase-needed',
      detail: { fingerprint },
    })
    await keyring.rememberPassphrase(fingerprint, RIGHT)
    expect((await keyring.unlock(fingerprint)).isDecrypted()).toBe(true)
    expect(asked).toHaveLength(0)
  })
})

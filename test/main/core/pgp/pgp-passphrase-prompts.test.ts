import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { EventBus } from '../../../../src/main/core/events/event-bus'
import { PgpKeyring } from '../../../../src/main/core/pgp/pgp-keyring'
import { PgpPassphrasePrompts } from '../../../../src/main/core/pgp/pgp-passphrase-prompts'
import { MemorySecretStore } from '../../../../src/main/core/secrets/secret-store'
import { SettingsFileStore } from '../../../../src/main/core/settings/settings-file'
import type { PgpFingerprint } from '../../../../src/shared/pgp'
import type { ApiEvent } from '../../../../src/shared/transport'
import { MemorySettings } from '../../../fixtures/memory-settings'

const question = (fingerprint: string, attempt = 1) => ({
  fingerprint: fingerprint as PgpFingerprint,
  keyId: fingerprint.slice(-16),
  name: 'Own <own@ours.test>',
  purpose: 'decrypt' as const,
  file: 'invoice.xml.pgp',
  attempt,
  wrong: attempt > 1,
})
const A = 'A'.repeat(40)
const B = 'B'.repeat(40)

function setup(timeoutMs?: number) {
  const events = new EventBus()
  const seen: ApiEvent[] = []
  events.subscribe((event) => seen.push(event))
  return { events, seen, prompts: new PgpPassphrasePrompts(events, timeoutMs) }
}

const promptIds = (seen: readonly ApiEvent[]) =>
  seen.flatMap((event) => (event.name === 'pgp:passphrase-prompt' ? [event.payload.promptId] : []))

describe('PgpPassphrasePrompts', () => {
  it('emits the question, key and why, and resolves with the answer', async () => {
    const { seen, prompts } = setup()
    const answer = prompts.ask(question(A))
    await Promise.resolve()
    expect(seen).toEqual([
      {
        name: 'pgp:passphrase-prompt',
        payload: { promptId: expect.any(String), ...question(A) },
      },
    ])
    prompts.answer(promptIds(seen)[0] ?? '', 'correct horse', true)
    expect(await answer).toEqual({ passphrase: 'correct horse', remember: true })
    expect(() => prompts.answer(promptIds(seen)[0] ?? '', 'again', false)).toThrow(
      /already been answered/,
    )
  })

  it('asks one question at a time: the next key waits for the first answer', async () => {
    const { seen, prompts } = setup()
    const first = prompts.ask(question(A))
    const second = prompts.ask(question(B))
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(promptIds(seen)).toHaveLength(1)
    prompts.answer(promptIds(seen)[0] ?? '', null, false)
    expect(await first).toBeNull()
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(promptIds(seen)).toHaveLength(2)
    prompts.answer(promptIds(seen)[1] ?? '', 'b', false)
    expect(await second).toEqual({ passphrase: 'b', remember: false })
  })

  it('says a question nobody answers in time is unanswered, one open at shutdown cancelled, and closes their dialogs', async () => {
    const { seen, prompts } = setup(30)
    expect(await prompts.ask(question(A))).toBe('unanswered')
    const open = prompts.ask(question(A))
    const waiting = prompts.ask(question(B))
    await new Promise((resolve) => setTimeout(resolve, 5))
    prompts.cancelAll()
    expect(await open).toBeNull()
    expect(await waiting).toBeNull()
    const [timedOut, shutDown] = promptIds(seen)
    expect(seen.filter((event) => event.name === 'pgp:passphrase-closed')).toEqual([
      { name: 'pgp:passphrase-closed', payload: { promptId: timedOut, reason: 'unanswered' } },
      { name: 'pgp:passphrase-closed', payload: { promptId: shutDown, reason: 'shutdown' } },
    ])
  })

  it('takes a question back when it is withdrawn, closing its dialog; an answer then finds nothing', async () => {
    const { seen, prompts } = setup()
    const withdraw = new AbortController()
    const asked = prompts.ask(question(A), withdraw.signal)
    await new Promise((resolve) => setTimeout(resolve, 5))
    withdraw.abort()
    expect(await asked).toBeNull()
    const promptId = promptIds(seen)[0] ?? ''
    expect(seen.at(-1)).toEqual({
      name: 'pgp:passphrase-closed',
      payload: { promptId, reason: 'withdrawn' },
    })
    expect(() => prompts.answer(promptId, 'late', false)).toThrow(/already been answered/)
    // Withdrawn while still waiting its turn: never shown.
    const gone = new AbortController()
    gone.abort()
    expect(await prompts.ask(question(B), gone.signal)).toBeNull()
    expect(promptIds(seen)).toHaveLength(1)
  })

  it('cuts a long user ID and file name to what the event carries', async () => {
    const { seen, prompts } = setup()
    const asked = prompts.ask({ ...question(A), name: 'N'.repeat(3000), file: 'f'.repeat(3000) })
    await new Promise((resolve) => setTimeout(resolve, 5))
    const [event] = seen
    expect(event?.name).toBe('pgp:passphrase-prompt')
    const payload = event?.payload as { name: string; file: string }
    expect(payload.name).toBe(`${'N'.repeat(999)}…`)
    expect(payload.file).toBe(`${'f'.repeat(999)}…`)
    prompts.answer(promptIds(seen)[0] ?? '', null, false)
    expect(await asked).toBeNull()
  })

  it('asks the next question after one that could not be shown', async () => {
    const { seen, prompts } = setup()
    // Not a fingerprint: the event's schema refuses it, so this question fails alone.
    await expect(prompts.ask(question('not a fingerprint'))).rejects.toThrow()
    const next = prompts.ask(question(A))
    await new Promise((resolve) => setTimeout(resolve, 5))
    expect(promptIds(seen)).toHaveLength(1)
    prompts.answer(promptIds(seen)[0] ?? '', 'a', false)
    expect(await next).toEqual({ passphrase: 'a', remember: false })
  })

  it('unlocks a key through the keyring; the passphrase is in no event', async () => {
    const { seen, prompts } = setup()
    const folder = mkdtempSync(join(tmpdir(), 'pgp-prompts-'))
    const keyring = new PgpKeyring(
      join(folder, 'pgp-keys'),
      new MemorySecretStore(),
      new SettingsFileStore(new MemorySettings()),
      { askPassphrase: prompts.ask },
    )
    const own = await keyring.generate({
      name: 'Own',
      email: 'own@ours.test',
      passphrase: 'right one',
    })
    const unlocked = keyring.unlock(own.fingerprint, undefined, { purpose: 'sign' })
    const answered: string[] = []
    const answerNext = async (passphrase: string) => {
      while (promptIds(seen).length <= answered.length)
        await new Promise((resolve) => setTimeout(resolve, 10))
      const promptId = promptIds(seen)[answered.length] ?? ''
      answered.push(promptId)
      prompts.answer(promptId, passphrase, false)
    }
    await answerNext('wrong one')
    await answerNext('right one')
    expect((await unlocked).isDecrypted()).toBe(true)
    expect(seen.map((event) => event.payload)).toMatchObject([
      { purpose: 'sign', attempt: 1, wrong: false },
      { purpose: 'sign', attempt: 2, wrong: true },
    ])
    expect(JSON.stringify(seen)).not.toMatch(/wrong one|right one/)
  })
})

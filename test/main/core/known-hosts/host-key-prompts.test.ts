import { afterEach, describe, expect, it, vi } from 'vitest'
import { EventBus } from '../../../../src/main/core/events/event-bus'
import { HostKeyPrompts } from '../../../../src/main/core/known-hosts/host-key-prompts'
import type { HostKeyPrompt, ProfileId } from '../../../../src/shared/domain'

const profileId = 'profile-0001' as ProfileId
const hostKey = { type: 'ssh-ed25519', fingerprint: 'SHA256:abcd' }

/** Prompts on a bus of their own, with every question they emit. */
function prompts(answerTimeoutMs?: number) {
  const events = new EventBus()
  const asked: HostKeyPrompt[] = []
  events.subscribe((event) => {
    if (event.name === 'hostkey:prompt') asked.push(event.payload)
  })
  return { prompts: new HostKeyPrompts(events, answerTimeoutMs), asked }
}

const expired = {
  kind: 'not-found',
  message: 'That host key question has already been answered or has expired.',
}

describe('HostKeyPrompts', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('asks with the host, port and key, and waits for the answer to that question', async () => {
    const { prompts: host, asked } = prompts()
    const first = host.ask(profileId, 'sftp.example.com', 9193, hostKey)
    const second = host.ask(profileId, 'other.example.com', 22, hostKey)
    expect(asked).toEqual([
      { promptId: expect.any(String), profileId, host: 'sftp.example.com', port: 9193, hostKey },
      { promptId: expect.any(String), profileId, host: 'other.example.com', port: 22, hostKey },
    ])
    expect(asked[0]?.promptId).not.toBe(asked[1]?.promptId)
    host.answer(asked[1]?.promptId ?? '', false)
    host.answer(asked[0]?.promptId ?? '', true)
    expect(await first).toBe(true)
    expect(await second).toBe(false)
  })

  it('refuses a second answer, or an answer to a question never asked', async () => {
    const { prompts: host, asked } = prompts()
    const answered = host.ask(profileId, 'h', 22, hostKey)
    const promptId = asked[0]?.promptId ?? ''
    host.answer(promptId, true)
    expect(() => host.answer(promptId, false)).toThrow(expect.objectContaining(expired))
    expect(() => host.answer('no-such-question', true)).toThrow(expect.objectContaining(expired))
    expect(await answered).toBe(true)
  })

  it('takes a question nobody answers in time as Cancel, and then refuses a late answer', async () => {
    vi.useFakeTimers()
    const { prompts: host, asked } = prompts(60_000)
    let result: boolean | undefined
    void host.ask(profileId, 'h', 22, hostKey).then((trusted) => (result = trusted))
    await vi.advanceTimersByTimeAsync(59_999)
    expect(result).toBeUndefined()
    await vi.advanceTimersByTimeAsync(1)
    expect(result).toBe(false)
    expect(() => host.answer(asked[0]?.promptId ?? '', true)).toThrow(
      expect.objectContaining(expired),
    )
  })

  it('waits ten minutes by default', async () => {
    vi.useFakeTimers()
    const { prompts: host } = prompts()
    let result: boolean | undefined
    void host.ask(profileId, 'h', 22, hostKey).then((trusted) => (result = trusted))
    await vi.advanceTimersByTimeAsync(10 * 60_000 - 1)
    expect(result).toBeUndefined()
    await vi.advanceTimersByTimeAsync(1)
    expect(result).toBe(false)
  })

  it('answers every open question with Cancel on shutdown, and stops their timers', async () => {
    vi.useFakeTimers()
    const { prompts: host } = prompts()
    const answers = Promise.all([
      host.ask(profileId, 'a', 22, hostKey),
      host.ask(profileId, 'b', 22, hostKey),
    ])
    host.cancelAll()
    expect(await answers).toEqual([false, false])
    expect(vi.getTimerCount()).toBe(0)
  })
})

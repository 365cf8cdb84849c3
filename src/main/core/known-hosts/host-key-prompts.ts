import { randomUUID } from 'node:crypto'
import type { HostKeyInfo, ProfileId } from '../../../shared/domain'
import type { EventBus } from '../events/event-bus'
import { MailroomError } from '../errors'

interface PendingPrompt {
  readonly resolve: (trusted: boolean) => void
  readonly timer: NodeJS.Timeout
}

/**
 * Asks the person whether to trust an unknown host key: emits `hostkey:prompt` and waits for
 * `hostkey:answer`. The connection waits meanwhile, before any credential is sent. A question
 * nobody answers (the window was closed) counts as "Cancel".
 */
export class HostKeyPrompts {
  private readonly pending = new Map<string, PendingPrompt>()

  constructor(
    private readonly events: EventBus,
    private readonly answerTimeoutMs = 10 * 60_000,
  ) {}

  /** `jumpHost`: the key is a jump host's on the way to the profile's server, not the server's. */
  ask(
    profileId: ProfileId,
    host: string,
    port: number,
    hostKey: HostKeyInfo,
    jumpHost = false,
  ): Promise<boolean> {
    const promptId = randomUUID()
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => this.answer(promptId, false), this.answerTimeoutMs)
      this.pending.set(promptId, { resolve, timer })
      this.events.emit('hostkey:prompt', {
        promptId,
        profileId,
        host,
        port,
        hostKey,
        ...(jumpHost ? { jumpHost } : {}),
      })
    })
  }

  answer(promptId: string, trust: boolean): void {
    const prompt = this.pending.get(promptId)
    if (!prompt)
      throw new MailroomError(
        'not-found',
        'That host key question has already been answered or has expired.',
      )
    this.pending.delete(promptId)
    clearTimeout(prompt.timer)
    prompt.resolve(trust)
  }

  /** Answers every open question with "Cancel" (on shutdown). */
  cancelAll(): void {
    for (const promptId of [...this.pending.keys()]) this.answer(promptId, false)
  }
}

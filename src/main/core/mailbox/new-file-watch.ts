import type { ProfileId } from '../../../shared/domain'
import type { RemotePath } from '../../../shared/remote-path'
import type { EventBus } from '../events/event-bus'
import { toApiError } from '../errors'
import type { Logger } from '../logging/logger'
import type { ProfileStore } from '../profiles/profile-store'
import type { SessionManager } from '../sessions/session-manager'
import { discoverMailboxes } from './discover-mailboxes'

export interface NewFileWatchDeps {
  readonly sessions: SessionManager
  readonly profiles: ProfileStore
  readonly events: EventBus
  readonly logger: Logger
  /** Picks up a mailbox into its folder (automatic pickup). */
  readonly pickUpMailbox: (
    profileId: ProfileId,
    mailboxPath: RemotePath,
    partner: string,
  ) => Promise<void>
  /** One minute; shorter in tests. */
  readonly minuteMs?: number
}

/**
 * Optional checking for new files (off unless a profile sets an interval): on the profile's open
 * connection, every N minutes, counts the files waiting in each receive mailbox and reports the
 * mailboxes where the count went up ("N new files from PARTNER"), picking them up if asked.
 */
export class NewFileWatch {
  private readonly timers = new Map<ProfileId, NodeJS.Timeout>()
  private readonly counts = new Map<ProfileId, Map<string, number>>()
  private readonly unsubscribe = new Map<ProfileId, () => void>()

  constructor(private readonly deps: NewFileWatchDeps) {}

  /**
   * Checks the profile's connection until it ends for good (closed, or reconnecting gave up);
   * checks that fall while it is reconnecting are skipped.
   */
  start(profileId: ProfileId): void {
    this.stop(profileId)
    const { checkEveryMinutes } = this.deps.profiles.get(profileId)
    if (checkEveryMinutes <= 0) return
    this.unsubscribe.set(
      profileId,
      this.deps.sessions.onEnded((ended) => {
        if (ended === profileId) this.stop(profileId)
      }),
    )
    void this.check(profileId, true)
    this.timers.set(
      profileId,
      setInterval(
        () => void this.check(profileId, false),
        checkEveryMinutes * (this.deps.minuteMs ?? 60_000),
      ),
    )
  }

  stop(profileId: ProfileId): void {
    clearInterval(this.timers.get(profileId))
    this.timers.delete(profileId)
    this.counts.delete(profileId)
    this.unsubscribe.get(profileId)?.()
    this.unsubscribe.delete(profileId)
  }

  stopAll(): void {
    for (const profileId of [...this.timers.keys()]) this.stop(profileId)
  }

  private async check(profileId: ProfileId, baseline: boolean): Promise<void> {
    const { sessions, profiles, events, logger } = this.deps
    try {
      const session = sessions.sessionIfOpen(profileId)
      if (!session) return
      const profile = profiles.get(profileId)
      const layout = await discoverMailboxes(session, profile)
      const previous = this.counts.get(profileId) ?? new Map<string, number>()
      const now = new Map<string, number>()
      for (const group of layout.groups) {
        for (const mailbox of group.mailboxes) {
          if (mailbox.role !== 'receive' || mailbox.fileCount === null) continue
          now.set(mailbox.path, mailbox.fileCount)
          const added = mailbox.fileCount - (previous.get(mailbox.path) ?? 0)
          if (baseline || added <= 0) continue
          events.emit('mailbox:new-files', {
            profileId,
            mailboxPath: mailbox.path,
            partner: group.partner,
            count: added,
            autoPickup: profile.autoPickup,
          })
          if (profile.autoPickup)
            await this.deps.pickUpMailbox(profileId, mailbox.path, group.partner)
        }
      }
      this.counts.set(profileId, now)
    } catch (error) {
      logger.warn('Checking for new files failed', { profileId, reason: toApiError(error).message })
    }
  }
}

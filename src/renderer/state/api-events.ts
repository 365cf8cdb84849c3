import type { ApiEvent } from '../../shared/transport'
import type { AppAction } from './app-state'

/** "3 new files from ACME: picking them up." as the notice banner says it. */
export function newFilesNotice(count: number, partner: string, autoPickup: boolean): string {
  return `${count} new ${count === 1 ? 'file' : 'files'} from ${partner}${autoPickup ? ': picking them up.' : '.'}`
}

/** Shown when an OpenPGP passphrase question was not answered in time. */
export const UNANSWERED_PASSPHRASE_NOTICE =
  'The OpenPGP passphrase question was not answered in time: the files waiting for it were kept encrypted (or not sent).'

/**
 * What an event from the main side changes in the window's state. Transfer updates are left
 * out: thousands arrive a second, so the caller gathers them into one action a frame. Menu
 * commands and session log entries are not state of the window and go to their own listeners.
 */
export function actionsForEvent(event: ApiEvent): readonly AppAction[] {
  switch (event.name) {
    case 'hostkey:prompt':
      return [{ type: 'host-key-asked', prompt: event.payload }]
    case 'mailbox:new-files': {
      const { count, partner, autoPickup } = event.payload
      return [{ type: 'notice-shown', notice: newFilesNotice(count, partner, autoPickup) }]
    }
    case 'listing:progress':
      return [{ type: 'listing-progress', ...event.payload }]
    case 'session:reconnecting': {
      const { profileId, reason, attempt } = event.payload
      return [{ type: 'reconnecting', profileId, reason, attempt }]
    }
    case 'session:reconnected':
      return [{ type: 'connected', info: event.payload }]
    case 'session:closed': {
      const { profileId, reason } = event.payload
      const closed: AppAction = { type: 'disconnected', profileId }
      return reason ? [{ type: 'error-shown', error: reason }, closed] : [closed]
    }
    case 'send:recovered':
      return [{ type: 'sends-recovered', sends: event.payload.sends }]
    case 'login:prompt':
      return [{ type: 'dialog-opened', dialog: { kind: 'login-prompt', prompt: event.payload } }]
    case 'pgp:passphrase-prompt':
      return [{ type: 'dialog-opened', dialog: { kind: 'pgp-passphrase', prompt: event.payload } }]
    case 'pgp:passphrase-closed': {
      const { promptId, reason } = event.payload
      const closed: AppAction = { type: 'pgp-question-closed', promptId }
      // The person may have been away: say why the dialog is gone and the files kept encrypted.
      return reason === 'unanswered'
        ? [closed, { type: 'notice-shown', notice: UNANSWERED_PASSPHRASE_NOTICE }]
        : [closed]
    }
    case 'transfer:update':
    case 'app:command':
    case 'log:entry':
      return []
  }
}

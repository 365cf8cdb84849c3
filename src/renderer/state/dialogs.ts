import type { CallOutput } from '../../shared/api-contract'
import type { Profile, ProfileId } from '../../shared/domain'
import type { ApiError } from '../../shared/errors'
import type { LoginPrompt } from '../../shared/login-prompt'
import type { PgpPassphrasePrompt } from '../../shared/pgp-passphrase-prompt'
import type { PresetId } from '../../shared/presets'
import type { RemotePath } from '../../shared/remote-path'

/** Files dropped on a mailbox whose gateway wants a choice first (one message, zip, duplicates). */
export interface PendingSend {
  readonly folder: RemotePath
  readonly mailboxName: string
  readonly files: ReadonlyArray<{ readonly name: string; readonly size: number }>
  readonly localPaths: string[]
  readonly offerMessage: boolean
  readonly offerZip: boolean
  readonly duplicates: CallOutput<'transfer:check-duplicates'>
}

/** Every dialog of the main window, with what it shows. */
export type Dialog =
  /** "Profile": a new profile (with the gateway chosen on the first screen), or one edited. */
  | { readonly kind: 'profile'; readonly profile?: Profile; readonly preset?: PresetId }
  /**
   * A key made in Mailroom goes to the gateway before a login can work: what to do with its
   * public half, in the gateway's words, then Connect; `failure` is why the last try failed.
   */
  | { readonly kind: 'key-handoff'; readonly profile: Profile; readonly failure?: ApiError }
  | { readonly kind: 'delete-profile'; readonly profile: Profile }
  | { readonly kind: 'import-sites' }
  | { readonly kind: 'send-choice'; readonly send: PendingSend }
  /** The key needs its passphrase (or the one given was wrong) to connect this profile. */
  | { readonly kind: 'passphrase'; readonly profileId: ProfileId; readonly message: string }
  /** The profile's password is asked at every connect, or none is kept yet. */
  | { readonly kind: 'password'; readonly profileId: ProfileId; readonly message: string }
  /** A round of the server's questions (keyboard-interactive); the next round is a new one. */
  | { readonly kind: 'login-prompt'; readonly prompt: LoginPrompt }
  /** An own OpenPGP key's passphrase, for a file; a wrong one asks again in a new one. */
  | { readonly kind: 'pgp-passphrase'; readonly prompt: PgpPassphrasePrompt }
  /** The connection was refused: the server's key is not the trusted one. */
  | { readonly kind: 'host-key-changed'; readonly error: ApiError }
  | { readonly kind: 'pickup-history' }
  | { readonly kind: 'session-log' }
  /** Partners' OpenPGP public keys and own key pairs. */
  | { readonly kind: 'pgp-keys' }

export type DialogKind = Dialog['kind']

/** An open dialog and its number: a dialog opened again is a new one, drawn afresh. */
export type OpenDialog = Dialog & { readonly id: number }

export interface DialogsState {
  /**
   * Oldest first; the last is in front. Usually one, but a prompt the main side raises (a
   * passphrase, a changed host key) may open over a dialog the person opened meanwhile, as modal
   * dialogs stack, and neither is lost.
   */
  readonly open: readonly OpenDialog[]
  /** How many dialogs have opened: the next one's number. */
  readonly opened: number
}

export type DialogsAction =
  /** Opens the dialog in front; one of the same kind already open is closed first. */
  | { readonly type: 'dialog-opened'; readonly dialog: Dialog }
  /** Closes the dialog of this kind; with `id`, only if it is still that one (not a newer one). */
  | { readonly type: 'dialog-closed'; readonly kind: DialogKind; readonly id?: number }
  /** The main side took back this OpenPGP passphrase question: its dialog closes, if still open. */
  | { readonly type: 'pgp-question-closed'; readonly promptId: string }

export const initialDialogs: DialogsState = { open: [], opened: 0 }

export function dialogsReducer(state: DialogsState, action: DialogsAction): DialogsState {
  switch (action.type) {
    case 'dialog-opened':
      return {
        open: [
          ...state.open.filter((dialog) => dialog.kind !== action.dialog.kind),
          { ...action.dialog, id: state.opened },
        ],
        opened: state.opened + 1,
      }
    case 'dialog-closed': {
      const open = state.open.filter(
        (dialog) =>
          dialog.kind !== action.kind || (action.id !== undefined && dialog.id !== action.id),
      )
      return open.length === state.open.length ? state : { ...state, open }
    }
    case 'pgp-question-closed': {
      const open = state.open.filter(
        (dialog) => dialog.kind !== 'pgp-passphrase' || dialog.prompt.promptId !== action.promptId,
      )
      return open.length === state.open.length ? state : { ...state, open }
    }
  }
}

/** The open dialog of this kind, if there is one. */
export function openDialog<K extends DialogKind>(
  state: DialogsState,
  kind: K,
): Extract<OpenDialog, { readonly kind: K }> | undefined {
  return state.open.find(
    (dialog): dialog is Extract<OpenDialog, { readonly kind: K }> => dialog.kind === kind,
  )
}

import { needsAttention, type RecoveredSend } from '../../shared/recovered-send'

/**
 * What the connections found of sends cut short by a crash or a kill (`send:recovered`), shown
 * in a notice until the person dismisses it.
 */
export interface RecoveredSendsState {
  readonly sends: readonly RecoveredSend[]
}

export type RecoveredSendsAction =
  | { readonly type: 'sends-recovered'; readonly sends: readonly RecoveredSend[] }
  | { readonly type: 'recovered-sends-dismissed' }

export const initialRecoveredSends: RecoveredSendsState = { sends: [] }

export function recoveredSendsReducer(
  state: RecoveredSendsState,
  action: RecoveredSendsAction,
): RecoveredSendsState {
  switch (action.type) {
    case 'sends-recovered': {
      // A recovery reports each thing once; the newest report of an id replaces the older.
      const ids = new Set(action.sends.map((send) => send.id))
      return { sends: [...state.sends.filter((send) => !ids.has(send.id)), ...action.sends] }
    }
    case 'recovered-sends-dismissed':
      return initialRecoveredSends
  }
}

/** The notice's first line: how many, and whether anything needs the person. */
export function recoveredHeadline(sends: readonly RecoveredSend[]): string {
  const attention = sends.filter((send) => needsAttention(send.outcome)).length
  const these = sends.length === 1 ? 'this send' : `these ${sends.length} sends`
  if (attention === 0)
    return `Mailroom was stopped while sending: ${these} arrived whole, or ${sends.length === 1 ? 'was' : 'were'} completed on connecting again.`
  if (attention === sends.length)
    return `Mailroom was stopped while sending: ${these} did not arrive whole.`
  return `Mailroom was stopped while sending: of ${these}, ${attention} did not arrive whole.`
}

import type { Profile } from '../../shared/domain'
import type { SessionState } from '../state/session'

interface ConnectionBarProps {
  readonly session: SessionState
  /** The profile the connection belongs to, or else the one chosen in the list. */
  readonly profile: Profile | undefined
  /** Whether a profile is chosen, so there is something to connect to. */
  readonly canConnect: boolean
  readonly onConnect: () => void
  readonly onDisconnect: () => void
  readonly onShowSessionLog: () => void
  readonly onShowPgpKeys: () => void
}

/** "The connection to x was lost. Connect again…" -> "The connection to x was lost." */
function firstSentence(message: string): string {
  const end = message.indexOf('. ')
  return end < 0 ? message : message.slice(0, end + 1)
}

/** The connection in words, as the toolbar's status says it. */
export function connectionStatus(session: SessionState): string {
  if (session.status === 'connecting') return 'Connecting…'
  if (session.status === 'disconnected') return 'Not connected'
  const { info, reconnecting } = session
  return reconnecting
    ? `Reconnecting to ${info.host}… (attempt ${reconnecting.attempt}: ${firstSentence(reconnecting.reason.message)})`
    : `Connected to ${info.host} as ${info.username}`
}

/**
 * The toolbar: the profile, Connect or Disconnect, the connection's status, the OpenPGP keys and
 * the session log.
 */
export function ConnectionBar({
  session,
  profile,
  canConnect,
  onConnect,
  onDisconnect,
  onShowSessionLog,
  onShowPgpKeys,
}: ConnectionBarProps) {
  const reconnecting = session.status === 'connected' && session.reconnecting !== undefined
  return (
    <header className="toolbar">
      <h1 className="brand">Mailroom</h1>
      <span className="current-profile">{profile ? profile.name : ''}</span>
      {session.status === 'connected' ? (
        <button type="button" onClick={onDisconnect}>
          Disconnect
        </button>
      ) : (
        <button
          type="button"
          className="primary"
          disabled={!canConnect || session.status === 'connecting'}
          onClick={onConnect}
        >
          Connect
        </button>
      )}
      <span
        className={`status status-${reconnecting ? 'reconnecting' : session.status}`}
        role="status"
      >
        {connectionStatus(session)}
      </span>
      <button type="button" onClick={onShowPgpKeys}>
        OpenPGP keys
      </button>
      <button type="button" onClick={onShowSessionLog}>
        Session log
      </button>
    </header>
  )
}

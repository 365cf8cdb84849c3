import type { ApiError } from '../../shared/errors'

const HEADLINE: Partial<Record<ApiError['kind'], string>> = {
  'auth-failed': 'Login refused',
  'connection-lost': 'Connection lost',
  'connection-failed': 'Could not connect',
  timeout: 'No answer from the server',
  'permission-denied': 'Permission denied',
  'not-found': 'Not found',
  'disk-full': 'Disk full',
  'bad-key': 'Key problem',
  'host-key-rejected': 'Not connected',
  'invalid-input': 'Please check',
  internal: 'Something went wrong',
}

/** One error at a time, said plainly, with what to do; dismissable. */
export function ErrorBanner({
  error,
  onDismiss,
}: {
  readonly error: ApiError
  readonly onDismiss: () => void
}) {
  return (
    <div role="alert" className="banner banner-error">
      <strong>{HEADLINE[error.kind] ?? 'Problem'}:</strong> <span>{error.message}</span>
      <button
        type="button"
        className="link-button"
        onClick={onDismiss}
        aria-label="Dismiss message"
      >
        Dismiss
      </button>
    </div>
  )
}

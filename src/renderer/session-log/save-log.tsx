import { useId, useState } from 'react'
import type { ProfileId } from '../../shared/domain'
import { asApiError, type MailroomClient } from '../api/client'

/**
 * "Save log…": the desktop app asks where with its native dialog; the web UI, which has none,
 * asks for the path of a new file on this computer, as it does for every other file.
 */
export function SaveLog({
  client,
  profileId,
  nativeDialogs,
}: {
  readonly client: MailroomClient
  readonly profileId: ProfileId | undefined
  readonly nativeDialogs: boolean
}) {
  const [asking, setAsking] = useState(false)
  const [path, setPath] = useState('')
  const [busy, setBusy] = useState(false)
  const [outcome, setOutcome] = useState<{ readonly ok: boolean; readonly text: string }>()
  const pathId = useId()

  const save = async (typed?: string) => {
    setBusy(true)
    setOutcome(undefined)
    try {
      const saved = await client.call('log:save', {
        ...(profileId ? { profileId } : {}),
        ...(typed ? { path: typed } : {}),
      })
      if (saved) {
        setOutcome({ ok: true, text: `Saved the log to ${saved}` })
        setAsking(false)
      }
    } catch (failure) {
      setOutcome({ ok: false, text: asApiError(failure).message })
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="session-log-save">
      {asking ? (
        <form
          className="session-log-save-form"
          onSubmit={(event) => {
            event.preventDefault()
            if (path.trim()) void save(path.trim())
          }}
        >
          <label htmlFor={pathId}>Save the log as</label>
          <input
            id={pathId}
            value={path}
            spellCheck={false}
            autoFocus
            placeholder="Full path of a new file, e.g. /home/you/mailroom-log.txt"
            onChange={(event) => setPath(event.target.value)}
          />
          <button type="submit" className="primary" disabled={busy || !path.trim()}>
            Save
          </button>
          <button type="button" onClick={() => setAsking(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <button
          type="button"
          disabled={busy}
          onClick={() => (nativeDialogs ? void save() : setAsking(true))}
        >
          Save log…
        </button>
      )}
      {outcome && (
        <p
          className={outcome.ok ? 'session-log-saved' : 'field-error'}
          role={outcome.ok ? 'status' : 'alert'}
        >
          {outcome.text}
        </p>
      )}
    </div>
  )
}

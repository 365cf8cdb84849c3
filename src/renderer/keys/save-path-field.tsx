import type { MailroomClient } from '../api/client'

/**
 * "Save as": a new file's path, typed or chosen with Browse… where the app has native dialogs.
 * Shared by the SSH and OpenPGP key exports.
 */
export function SavePathField({
  id,
  path,
  onPath,
  defaultName,
  client,
  canBrowse,
}: {
  readonly id: string
  readonly path: string
  readonly onPath: (path: string) => void
  readonly defaultName: string
  readonly client: MailroomClient
  readonly canBrowse: boolean
}) {
  return (
    <div className="field">
      <label htmlFor={id}>Save as</label>
      <div className="field-row">
        <input
          id={id}
          value={path}
          spellCheck={false}
          placeholder={`A new file, e.g. ${defaultName}`}
          onChange={(event) => onPath(event.target.value)}
        />
        {canBrowse && (
          <button
            type="button"
            onClick={() =>
              void client
                .call('dialog:save-file', { title: 'Save as', defaultName })
                .then((chosen) => chosen && onPath(chosen))
            }
          >
            Browse…
          </button>
        )}
      </div>
    </div>
  )
}

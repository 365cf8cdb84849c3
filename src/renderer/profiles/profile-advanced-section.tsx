import type { Preset } from '../../shared/presets'
import type { Draft } from './profile-draft'
import { ProfileField, type DraftForm } from './profile-field'

/**
 * The Profile dialog's "More settings", folded away: pickup age, checking for new files and
 * picking them up by itself, the upload strategy, and conservative mode.
 */
export function ProfileAdvancedSection({
  form,
  preset,
}: {
  readonly form: DraftForm
  readonly preset: Preset
}) {
  const { draft, update } = form
  return (
    <details className="advanced">
      <summary>
        More settings: pickup age, checking for new files, upload, conservative mode
      </summary>
      <ProfileField
        form={form}
        name="minFileAgeSeconds"
        label="Pick up files older than (seconds)"
        hint="Younger files may still be being written, so pickup leaves them for next time."
        inputMode="numeric"
      />
      <div className="field-grid">
        <ProfileField
          form={form}
          name="checkEveryMinutes"
          label="Check for new files every (minutes)"
          hint="0 = only when you press Refresh. AS2 Gateway asks for 5 or more."
          inputMode="numeric"
        />
        <label className="checkbox auto-pickup">
          <input
            type="checkbox"
            checked={draft.autoPickup}
            onChange={(event) => update({ autoPickup: event.target.checked })}
          />
          Pick up new files automatically into each mailbox&apos;s folder
        </label>
      </div>
      <div className="field">
        <label htmlFor="profile-upload">Upload</label>
        <select
          id="profile-upload"
          value={draft.uploadStrategy}
          onChange={(event) =>
            update({ uploadStrategy: event.target.value as Draft['uploadStrategy'] })
          }
        >
          <option value="auto">
            As {preset.label} expects (
            {preset.uploadStrategy === 'direct'
              ? 'straight to the final name'
              : 'temporary name, then rename'}
            )
          </option>
          <option value="direct">
            Straight to the final name (for S3-backed servers and watched folders)
          </option>
          <option value="temp-rename">
            Temporary name, then rename (a watcher never sees half a file)
          </option>
        </select>
      </div>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={draft.conservative}
          onChange={(event) => update({ conservative: event.target.checked })}
        />
        Conservative mode: one file and one small request at a time, for servers that drop the
        connection mid-transfer (slower on a long link)
      </label>
    </details>
  )
}

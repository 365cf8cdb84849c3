import type { ReactNode } from 'react'

interface SecretFieldProps {
  readonly id: string
  readonly label: string
  readonly value: string
  readonly onChange: (value: string) => void
  /** The line under the field, tied to it for screen readers: a hint, or what is wrong. */
  readonly note?: ReactNode
  /** Shows the note as a warning (red); with `invalid`, the field is marked invalid too. */
  readonly alert?: boolean
  readonly invalid?: boolean
  readonly autoComplete?: 'off' | 'new-password'
  readonly autoFocus?: boolean
  readonly disabled?: boolean
  readonly onBlur?: () => void
}

/**
 * A hidden field for a password or passphrase with its label and the note under it: the one
 * shape the login, key and OpenPGP dialogs share, so the note stays tied to its field
 * (aria-describedby) and the secret never leaves the field's own value.
 */
export function SecretField({
  id,
  label,
  value,
  onChange,
  note,
  alert = false,
  invalid = false,
  autoComplete = 'off',
  autoFocus = false,
  disabled = false,
  onBlur,
}: SecretFieldProps) {
  const noteId = `${id}-note`
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="password"
        autoComplete={autoComplete}
        autoFocus={autoFocus}
        disabled={disabled}
        value={value}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={note === undefined ? undefined : noteId}
        onChange={(event) => onChange(event.target.value)}
        {...(onBlur ? { onBlur } : {})}
      />
      {note !== undefined && (
        <p id={noteId} className={alert ? 'field-error' : 'field-hint'}>
          {note}
        </p>
      )}
    </div>
  )
}

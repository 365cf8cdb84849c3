import type { Draft, DraftErrors, TextField } from './profile-draft'

/** The Profile dialog's draft as its sections read and change it. */
export interface DraftForm {
  readonly draft: Draft
  readonly errors: DraftErrors
  /** Fields the person has been in: only their errors show, so a new form is not all red. */
  readonly touched: ReadonlySet<string>
  /** Types into a text field (which counts as having been in it). */
  readonly change: (key: TextField, value: string) => void
  readonly touch: (key: TextField) => void
  /** Changes a choice (a key, a checkbox, a list), which has no error to show as it is made. */
  readonly update: (change: Partial<Draft>) => void
}

/** One labelled text field of the Profile dialog, with its hint or, once touched, its error. */
export function ProfileField({
  form,
  name,
  label,
  hint,
  inputMode,
}: {
  readonly form: DraftForm
  readonly name: TextField
  readonly label: string
  readonly hint: string
  readonly inputMode?: 'numeric'
}) {
  const error = form.touched.has(name) ? form.errors[name] : undefined
  return (
    <div className="field">
      <label htmlFor={`profile-${name}`}>{label}</label>
      <input
        id={`profile-${name}`}
        value={form.draft[name]}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={error ? true : undefined}
        aria-describedby={`profile-${name}-note`}
        onChange={(event) => form.change(name, event.target.value)}
        onBlur={() => form.touch(name)}
        {...(inputMode ? { inputMode } : {})}
      />
      <p id={`profile-${name}-note`} className={error ? 'field-error' : 'field-hint'}>
        {error ?? hint}
      </p>
    </div>
  )
}

interface FormFooterProps {
  /** Why the last attempt failed, shown as an alert above the buttons. */
  readonly error?: string | undefined
  readonly submitLabel: string
  readonly submitDisabled: boolean
  /**
   * A second way to submit, before the main one ("Save" beside "Save and connect"). It comes
   * first, so Enter in a field submits with it, as it did before the main one was added.
   */
  readonly alsoSubmit?: { readonly label: string; readonly value: string }
  readonly onCancel: () => void
}

/** The end of every dialog form: the error, if any, then Cancel and the form's submit button. */
export function FormFooter({
  error,
  submitLabel,
  submitDisabled,
  alsoSubmit,
  onCancel,
}: FormFooterProps) {
  return (
    <div className="form-footer">
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
      <div className="dialog-buttons">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        {alsoSubmit && (
          <button type="submit" value={alsoSubmit.value} disabled={submitDisabled}>
            {alsoSubmit.label}
          </button>
        )}
        <button type="submit" className="primary" disabled={submitDisabled}>
          {submitLabel}
        </button>
      </div>
    </div>
  )
}

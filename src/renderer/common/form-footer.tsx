interface FormFooterProps {
  /** Why the last attempt failed, shown as an alert above the buttons. */
  readonly error?: string | undefined
  readonly submitLabel: string
  readonly submitDisabled: boolean
  readonly onCancel: () => void
}

/** The end of every dialog form: the error, if any, then Cancel and the form's submit button. */
export function FormFooter({ error, submitLabel, submitDisabled, onCancel }: FormFooterProps) {
  return (
    <>
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
      <div className="dialog-buttons">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={submitDisabled}>
          {submitLabel}
        </button>
      </div>
    </>
  )
}

import { useEffect, useId, useRef, type ReactNode } from 'react'

interface ModalDialogProps {
  /** The dialog's accessible name, shown as its heading. */
  readonly title: string
  readonly onCancel: () => void
  readonly children: ReactNode
  readonly tone?: 'normal' | 'danger'
  readonly wide?: boolean
}

/**
 * A modal built on the native <dialog>: the browser provides the focus trap, Escape, the
 * inert background and the dialog role, so nothing here reimplements them.
 */
export function ModalDialog({
  title,
  onCancel,
  children,
  tone = 'normal',
  wide = false,
}: ModalDialogProps) {
  const ref = useRef<HTMLDialogElement>(null)
  const headingId = useId()
  useEffect(() => {
    const dialog = ref.current
    if (dialog && !dialog.open) dialog.showModal()
    return () => dialog?.close()
  }, [])
  return (
    <dialog
      ref={ref}
      aria-labelledby={headingId}
      className={`modal modal-${tone}${wide ? ' history' : ''}`}
      onCancel={(event) => {
        // React passes a nested dialog's Escape up to this one too: Escape in "Generate key"
        // closed the Profile dialog under it, draft and all. Each dialog answers only its own.
        if (event.target !== event.currentTarget) return
        event.preventDefault()
        onCancel()
      }}
    >
      <h2 id={headingId}>{title}</h2>
      {children}
    </dialog>
  )
}

/** A notice that needs no action (new files, what a pickup left out); dismissable. */
export function NoticeBanner({
  notice,
  onDismiss,
}: {
  readonly notice: string
  readonly onDismiss: () => void
}) {
  return (
    <div role="status" className="banner banner-info">
      <span>{notice}</span>
      <button type="button" className="link-button" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  )
}

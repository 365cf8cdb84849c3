import { useId, useState, type ReactNode } from 'react'

interface FoldedSectionProps {
  /** The section's name: its button's accessible name. */
  readonly title: string
  /** The current choice in one line, shown beside the button folded or not. */
  readonly summary: string
  /** Something in it needs the person (an error after Save): it opens by itself. */
  readonly mustOpen?: boolean
  readonly children: ReactNode
}

/**
 * A part of a form folded away until needed, so the common case stays one screen: a button that
 * says whether it is open (aria-expanded) and a line saying what is chosen inside. A button
 * rather than <details>, so the summary line is not part of the button's name.
 */
export function FoldedSection({ title, summary, mustOpen = false, children }: FoldedSectionProps) {
  const [open, setOpen] = useState(false)
  const id = useId()
  const shown = open || mustOpen
  return (
    // Not a labelled region: its name ("Proxy and jump hosts") would answer to a search for the
    // field labelled "Host", as tests and assistive technology search by label.
    <div className={`folded-section${shown ? ' open' : ''}`}>
      <div className="folded-head">
        <button
          id={`${id}-button`}
          type="button"
          className="folded-toggle"
          aria-expanded={shown}
          aria-controls={`${id}-body`}
          aria-describedby={`${id}-summary`}
          onClick={() => setOpen(!shown)}
        >
          <span aria-hidden="true" className="folded-arrow">
            {shown ? '▾' : '▸'}
          </span>
          {title}
        </button>
        <span id={`${id}-summary`} className="folded-summary">
          {summary}
        </span>
      </div>
      <div id={`${id}-body`} className="folded-body" hidden={!shown}>
        {children}
      </div>
    </div>
  )
}

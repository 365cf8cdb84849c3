import { Fragment } from 'react'
import { hasInvisibleCharacters, nameParts, readableName } from '../../shared/invisible-characters'

/**
 * A name from the server with each invisible or text-reordering character drawn as its code,
 * so "invoice\u202Efdp.exe" reads "invoice[U+202E]fdp.exe" and not "invoiceexe.pdf": the
 * extension a person sees is the real one. The raw character never reaches the page, since
 * it would reorder whatever follows it. Screen readers get the same codes as words
 * ("invoice U+202E fdp.exe"); the drawn badges are hidden from them, as they would run the
 * code into the text around it.
 */
export function VisibleName({ name }: { readonly name: string }) {
  if (!hasInvisibleCharacters(name)) return <>{name}</>
  return (
    <span className="visible-name">
      <span aria-hidden="true">
        {nameParts(name).map((part, index) =>
          part.kind === 'text' ? (
            <Fragment key={index}>{part.text}</Fragment>
          ) : (
            <span
              key={index}
              className="invisible-character"
              title={`${part.code}: a character that is invisible or reorders text, shown as its code`}
            >
              {part.code}
            </span>
          ),
        )}
      </span>
      <span className="visually-hidden">{readableName(name)}</span>
    </span>
  )
}

/**
 * Characters that change how a name reads without showing themselves. A right-to-left override
 * makes "invoice\u202Efdp.exe" display as "invoiceexe.pdf" in Explorer, Finder and any table, so
 * a program passes for a PDF; zero-width characters and controls make two names look alike.
 * Core replaces them in the names it saves and the renderer shows them as codes, so both sides
 * read the one list here.
 *
 * - C0 and C1 controls and DEL (U+0000 to U+001F, U+007F to U+009F)
 * - bidirectional marks, embeddings, overrides and isolates (U+061C, U+200E, U+200F, U+202A to
 *   U+202E, U+2066 to U+2069), and the line and paragraph separators that end them (U+2028, U+2029)
 * - zero-width and other invisible format characters: soft hyphen (U+00AD), Mongolian vowel
 *   separator (U+180E), U+200B to U+200D, word joiner and invisible operators (U+2060 to U+2064),
 *   the deprecated format controls (U+206A to U+206F) and the byte order mark (U+FEFF)
 */
const CHARACTER_CLASS =
  // eslint-disable-next-line no-control-regex -- control characters are part of the set
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/

/** One character of the set, for testing a single character or a whole name. */
const ANY = new RegExp(CHARACTER_CLASS.source)
/** Splitting on a captured class keeps each invisible character as its own piece. */
const SPLIT = new RegExp(`(${CHARACTER_CLASS.source})`)

/** A piece of a name: text as it reads, or one invisible character shown by its code. */
export type NamePart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'code'; readonly character: string; readonly code: string }

export function hasInvisibleCharacters(name: string): boolean {
  return ANY.test(name)
}

/** The name with each invisible character replaced, e.g. by "_" for a name saved to disk. */
export function replaceInvisibleCharacters(name: string, replacement: string): string {
  return name
    .split(SPLIT)
    .map((piece, index) => (index % 2 === 1 ? replacement : piece))
    .join('')
}

/** "invoice\u202Efdp.exe" -> text "invoice", code "U+202E", text "fdp.exe". */
export function nameParts(name: string): NamePart[] {
  return name
    .split(SPLIT)
    .flatMap((piece, index): NamePart[] =>
      index % 2 === 1
        ? [{ kind: 'code', character: piece, code: codePointLabel(piece) }]
        : piece === ''
          ? []
          : [{ kind: 'text', text: piece }],
    )
}

/**
 * The name as plain text that cannot be reordered: "invoice U+202E fdp.exe", for tooltips and
 * accessible names, where no markup can set the codes apart.
 */
export function readableName(name: string): string {
  if (!hasInvisibleCharacters(name)) return name
  // Parts alternate text and codes (never two texts in a row), so a space sets each code apart.
  return nameParts(name)
    .map((part) => (part.kind === 'text' ? part.text : part.code))
    .join(' ')
}

/** "\u202E" -> "U+202E", as Unicode writes a code point. */
export function codePointLabel(character: string): string {
  const code = character.codePointAt(0) ?? 0
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`
}

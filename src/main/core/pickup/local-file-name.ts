import { replaceInvisibleCharacters } from '../../../shared/invisible-characters'

/**
 * A remote file name is data from a stranger. These turn it into a name that is safe as one
 * path segment on Windows, macOS and Linux, so it can never place a file outside the folder
 * the person chose (`..`, `/`, `\`, drive letters), hide (`NUL`), hit a reserved device name,
 * or pass for another type (a right-to-left override shows "invoice\u202Efdp.exe" as
 * "invoiceexe.pdf" in Explorer and Finder).
 */

// Control characters, which Windows forbids too, are among the invisible ones replaced below.
const FORBIDDEN_CHARACTERS = /[<>:"/\\|?*]/g
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(\..*)?$/i
const MAX_NAME_BYTES = 200

export function safeLocalName(remoteName: string): string {
  let name = replaceInvisibleCharacters(
    remoteName.normalize('NFC').replace(FORBIDDEN_CHARACTERS, '_'),
    '_',
  )
  // Windows drops trailing dots and spaces, which would make two names one; leading ones hide files.
  name = name.replace(/[. ]+$/, '').replace(/^[. ]+/, '')
  if (name === '') name = 'unnamed'
  if (WINDOWS_RESERVED.test(name)) name = `_${name}`
  return truncateUtf8(name, MAX_NAME_BYTES)
}

/** "invoice.pdf" -> "invoice (2).pdf": the next name to try when one is taken. */
export function numberedName(name: string, attempt: number): string {
  const dot = name.lastIndexOf('.')
  const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, '']
  return `${stem} (${attempt})${extension}`
}

/** Shortens to at most `limit` UTF-8 bytes, keeping the extension and whole characters. */
function truncateUtf8(name: string, limit: number): string {
  if (Buffer.byteLength(name) <= limit) return name
  const dot = name.lastIndexOf('.')
  const extension = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : ''
  let stem = name.slice(0, name.length - extension.length)
  while (Buffer.byteLength(stem + extension) > limit) stem = [...stem].slice(0, -1).join('')
  return stem + extension
}

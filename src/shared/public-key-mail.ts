/**
 * The one kind of mail Mailroom starts: a new message with a public key in its body, to send it
 * to the provider who registers it (Amili's guide: "Send the contents of … .pub to Amili"). The
 * renderer builds the link here and the Electron shell opens only links this builds (its link
 * allow-list), so a page cannot use the mail program for anything else.
 */

// The key types OpenSSH and the gateways take, as a public key line starts with them.
const KEY_TYPES = [
  'ssh-ed25519',
  'ssh-rsa',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'sk-ssh-ed25519@openssh.com',
  'sk-ecdsa-sha2-nistp256@openssh.com',
]

const MAX_SUBJECT = 200
const MAX_KEY_LINE = 16 * 1024

/** Whether the text has a control character: a line break, a tab, NUL, DEL. */
const hasControl = (text: string) =>
  [...text].some((character) => character.charCodeAt(0) < 0x20 || character === '\u007f')

/** One OpenSSH public key line: type, base64, and an optional comment on the same line. */
export function isPublicKeyLine(text: string): boolean {
  if (text.length > MAX_KEY_LINE || hasControl(text)) return false
  const [type, data] = text.split(' ')
  return KEY_TYPES.includes(type ?? '') && /^[A-Za-z0-9+/]+={0,3}$/.test(data ?? '')
}

const isSubject = (text: string) => text.length <= MAX_SUBJECT && !hasControl(text)

/**
 * `mailto:?subject=…&body=<the key>`: no recipient (the person knows their provider's address),
 * the key alone in the body so nothing else is pasted into a registration by mistake.
 */
export function publicKeyMailto(subject: string, publicKey: string): string {
  if (!isSubject(subject) || !isPublicKeyLine(publicKey))
    throw new Error('A public key mail needs a one-line subject and one public key line.')
  return `mailto:?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(publicKey)}`
}

/** True only for a link publicKeyMailto builds, exactly as it builds it. */
export function isPublicKeyMailto(url: string): boolean {
  const match = /^mailto:\?subject=([^&]*)&body=([^&]*)$/.exec(url)
  if (!match) return false
  try {
    const subject = decodeURIComponent(match[1] ?? '')
    const body = decodeURIComponent(match[2] ?? '')
    return isSubject(subject) && isPublicKeyLine(body) && publicKeyMailto(subject, body) === url
  } catch {
    return false
  }
}

import { describe, expect, it } from 'vitest'
import { appPage } from '../../../src/main/shell/app-page'
import { EXTERNAL_LINKS, isAllowedExternalLink } from '../../../src/main/shell/external-links'
import { hardenWebContents } from '../../../src/main/shell/window-security'
import { publicKeyMailto } from '../../../src/shared/public-key-mail'
import { FakeWebContents } from './electron-double'

const KEY =
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMtXpfm4W7z1ks8PV0fJqbU0wDkKB2Ug0t8cE6dXvLhG acme key'
const MAIL = publicKeyMailto('SFTP public key for acme', KEY)

describe('the link allow-list', () => {
  it('lets the key handoff open a new mail with the public key as its body', () => {
    expect(MAIL).toMatch(/^mailto:\?subject=.+&body=ssh-ed25519%20AAAA/)
    expect(isAllowedExternalLink(MAIL, EXTERNAL_LINKS)).toBe(true)
  })

  it('refuses every other mail: a recipient, more fields, another body, a changed spelling', () => {
    for (const url of [
      `mailto:someone@attacker.invalid?subject=x&body=${encodeURIComponent(KEY)}`,
      `${MAIL}&cc=someone@attacker.invalid`,
      `${MAIL}&attach=C:/Users/acme/.ssh/id_ed25519`,
      'mailto:?subject=x&body=hello',
      `mailto:?subject=x&body=${encodeURIComponent(`${KEY}\nand a second line`)}`,
      `mailto:?body=${encodeURIComponent(KEY)}&subject=x`,
      // The same key with "+" unescaped: mail programs and URL parsers read it differently.
      'mailto:?subject=x&body=ssh-ed25519%20AAAA+AAAA',
      `MAILTO:?subject=x&body=${encodeURIComponent(KEY)}`,
      `mailto:?subject=${'x'.repeat(201)}&body=${encodeURIComponent(KEY)}`,
      'mailto:?subject=%E0%A4%A&body=x',
    ])
      expect(isAllowedExternalLink(url, EXTERNAL_LINKS), url).toBe(false)
  })

  it('opens the mail from a click in the window, and still nothing else', async () => {
    const opened: string[] = []
    const contents = new FakeWebContents()
    hardenWebContents(contents as never, {
      page: appPage(undefined),
      externalLinks: EXTERNAL_LINKS,
      openExternal: async (url) => void opened.push(url),
      logger: { info: () => undefined, warn: () => undefined, error: () => undefined } as never,
    })
    expect(contents.emitPreventable('will-navigate', MAIL)).toBe(true)
    expect(contents.windowOpenHandler?.({ url: MAIL })).toEqual({ action: 'deny' })
    contents.emitPreventable('will-navigate', 'mailto:someone@attacker.invalid')
    contents.windowOpenHandler?.({ url: 'https://attacker.invalid/' })
    await Promise.resolve()
    expect(opened).toEqual([MAIL, MAIL])
  })
})

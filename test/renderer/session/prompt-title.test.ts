import { describe, expect, it } from 'vitest'
import { promptTitle } from '../../../src/renderer/session/prompt-title'

describe('promptTitle', () => {
  const asking = (prompt: string, name = '') => ({ name, prompts: [{ prompt, echo: true }] })

  it("names the dialog after the round's first question, without its colon", () => {
    expect(promptTitle(asking('Verification code: '))).toBe('Verification code')
    expect(promptTitle(asking('Password:'))).toBe('Password')
  })

  it("falls back to the server's name for the round, then to words of its own", () => {
    expect(promptTitle(asking(': ', 'Duo two-factor'))).toBe('Duo two-factor')
    expect(promptTitle(asking(''))).toBe("The server's question")
  })

  it("keeps a stranger's long or many-line text to its first line, shortened", () => {
    expect(promptTitle(asking('One-time code:\nfrom the token'))).toBe('One-time code')
    const long = promptTitle(asking('x'.repeat(500)))
    expect(long).toHaveLength(80)
    expect(long.endsWith('…')).toBe(true)
  })
})

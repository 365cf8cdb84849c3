import type { LoginPrompt } from '../../shared/login-prompt'

/**
 * "Verification code" for a round whose first question is "Verification code: ": the dialog is
 * named after what it asks, so a screen reader says it and a test finds it by that name. A
 * server's text is a stranger's: only its first line is used, and it is kept short.
 */
export function promptTitle(prompt: Pick<LoginPrompt, 'prompts' | 'name'>): string {
  const firstLine = (text: string) => text.split(/\r?\n/)[0] ?? ''
  const asked = firstLine(prompt.prompts[0]?.prompt ?? '')
    .replace(/[\s:]+$/u, '')
    .trim()
  const title = asked || firstLine(prompt.name).trim() || "The server's question"
  return title.length > 80 ? `${title.slice(0, 79)}…` : title
}

import { z } from 'zod'
import { profileId } from './domain'

/**
 * Most prompts one round of a server's questions may hold, and most characters of each text:
 * a server's questions are a stranger's data, shown to the person as they are, within these.
 */
export const MOST_PROMPTS = 16
export const MOST_PROMPT_TEXT = 1_000

/** One question of the server's round: its text, and whether what is typed may be shown. */
export const serverQuestion = z.object({
  prompt: z.string().max(MOST_PROMPT_TEXT),
  /** True for a one-time code typed in the clear; false for a password, which is not shown. */
  echo: z.boolean(),
})
export type ServerQuestion = z.infer<typeof serverQuestion>

/**
 * A round of a server's keyboard-interactive questions for the person (`login:prompt`), as
 * they come, round after round. Answered with `login:answer` (its answers in the same order,
 * or null to cancel); a round nobody answers within ten minutes counts as cancelled. A
 * question asking for the password is answered with the stored one and is not in here.
 */
export const loginPrompt = z.object({
  promptId: z.string(),
  profileId,
  host: z.string(),
  port: z.number(),
  username: z.string(),
  /** The server's name for the round (may be empty). */
  name: z.string().max(MOST_PROMPT_TEXT),
  /** The server's instruction for the round (may be empty). */
  instruction: z.string().max(MOST_PROMPT_TEXT),
  prompts: z.array(serverQuestion).min(1).max(MOST_PROMPTS),
  /** 1 for the login's first round of questions, 2 for the next, and so on. */
  round: z.number().int().positive(),
})
export type LoginPrompt = z.infer<typeof loginPrompt>

import type { HandlerDeps, HandlersFor } from '../handler-table'

/** Connecting and disconnecting a profile, and the person's answer to a host key question. */
export function sessionHandlers({
  sessions,
  newFiles,
  prompts,
}: Pick<HandlerDeps, 'sessions' | 'newFiles' | 'prompts'>): HandlersFor<
  'session:open' | 'session:close' | 'hostkey:answer'
> {
  return {
    'session:open': async ({ profileId, passphrase }) => {
      const info = await sessions.open(profileId, passphrase)
      newFiles.start(profileId)
      return info
    },
    'session:close': async ({ profileId }) => {
      // Checking for new files stops with the connection (NewFileWatch listens for its close).
      sessions.close(profileId)
      return null
    },
    'hostkey:answer': async ({ promptId, trust }) => {
      prompts.answer(promptId, trust)
      return null
    },
  }
}

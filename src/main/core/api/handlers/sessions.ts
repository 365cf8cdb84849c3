import type { HandlerDeps, HandlersFor } from '../handler-table'

/** Connecting and disconnecting a profile, and the person's answer to a host key question. */
export function sessionHandlers({
  sessions,
  newFiles,
  prompts,
  sendRecovery,
  recoverSendsOnConnect,
}: Pick<
  HandlerDeps,
  'sessions' | 'newFiles' | 'prompts' | 'sendRecovery' | 'recoverSendsOnConnect'
>): HandlersFor<'session:open' | 'session:close' | 'hostkey:answer'> {
  return {
    'session:open': async ({ profileId, passphrase }) => {
      const info = await sessions.open(profileId, passphrase)
      // What a killed send left is dealt with as soon as the profile is connected again; a send
      // started meanwhile waits for it (sendToMailbox recovers first, one recovery at a time).
      if (recoverSendsOnConnect) void sendRecovery.recoverQuietly(profileId).catch(() => {})
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

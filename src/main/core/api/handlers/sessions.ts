import type { HandlerDeps, HandlersFor } from '../handler-table'
import { remembersPassword } from './profiles'

/**
 * Connecting and disconnecting a profile, and the person's answers to a host key question and
 * to the server's login questions. A password typed for a profile that remembers its password
 * is stored once it has logged in, never before: a wrong one is not kept.
 */
export function sessionHandlers({
  sessions,
  newFiles,
  prompts,
  sendRecovery,
  recoverSendsOnConnect,
  loginPrompts,
  profiles,
  passwords,
}: Pick<
  HandlerDeps,
  | 'sessions'
  | 'newFiles'
  | 'prompts'
  | 'sendRecovery'
  | 'recoverSendsOnConnect'
  | 'loginPrompts'
  | 'profiles'
  | 'passwords'
>): HandlersFor<'session:open' | 'session:close' | 'hostkey:answer' | 'login:answer'> {
  return {
    'session:open': async ({ profileId, passphrase, password }) => {
      const info = await sessions.open(profileId, {
        ...(passphrase === undefined ? {} : { passphrase }),
        ...(password === undefined ? {} : { password }),
      })
      if (password !== undefined && remembersPassword(profiles.get(profileId).auth)) {
        try {
          await passwords.remember(profileId, password)
        } catch (error) {
          // Connected, but not stored as the profile says: the person fixes the keychain first.
          sessions.close(profileId)
          throw error
        }
      }
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
    'login:answer': async ({ promptId, answers }) => {
      loginPrompts.answer(promptId, answers)
      return null
    },
  }
}

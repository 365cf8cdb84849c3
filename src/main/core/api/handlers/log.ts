import { open } from 'node:fs/promises'
import { isAbsolute } from 'node:path'
import { sessionLogText } from '../../../../shared/session-log'
import { MailroomError, translateLocalError } from '../../errors'
import { SESSION_LOG_KEPT } from '../../session-log/session-log'
import type { HandlerDeps, HandlersFor } from '../handler-table'

/** The session log's calls: read it page by page, and save it as text for support. */
export function logHandlers(
  deps: Pick<HandlerDeps, 'sessionLog' | 'platform' | 'profiles'>,
): HandlersFor<'log:list' | 'log:save'> {
  const { sessionLog, platform, profiles } = deps
  return {
    'log:list': async ({ profileId, limit, before }) =>
      sessionLog.list({
        ...(profileId ? { profileId } : {}),
        ...(limit ? { limit } : {}),
        ...(before ? { before } : {}),
      }),

    'log:save': async ({ profileId, path }) => {
      const profileName = profileId
        ? profiles.list().find((profile) => profile.id === profileId)?.name
        : undefined
      const day = new Date().toISOString().slice(0, 10)
      let target = path
      // A path chosen in the native dialog may replace a file (the dialog asked); a typed one never.
      const replace = target === undefined
      if (target === undefined) {
        if (!platform.chooseSaveFile)
          throw new MailroomError(
            'not-supported',
            'File dialogs are not available in the web UI: type the path instead.',
          )
        const chosen = await platform.chooseSaveFile('Save session log', `mailroom-log-${day}.txt`)
        if (chosen === null) return null
        target = chosen
      }
      if (!isAbsolute(target))
        throw new MailroomError(
          'invalid-input',
          `Give the full path of the file to save the log to, e.g. one beginning with / or C:\\, not "${target}".`,
        )
      const entries = sessionLog.list({
        ...(profileId ? { profileId } : {}),
        limit: SESSION_LOG_KEPT,
      })
      const text = sessionLogText(entries, [
        'Mailroom session log',
        `Mailroom ${platform.version} (${platform.transport})`,
        `Saved ${new Date().toISOString()}`,
        profileId ? `Profile: ${profileName ?? profileId}` : 'All profiles',
        `${entries.length} entries`,
      ])
      let handle
      try {
        handle = await open(target, replace ? 'w' : 'wx', 0o600)
        await handle.writeFile(text, 'utf8')
        await handle.sync()
      } catch (error) {
        throw translateLocalError(error, 'save the log to', target)
      } finally {
        await handle?.close()
      }
      return target
    },
  }
}

import type { HandlerDeps, HandlersFor } from '../handler-table'

/** The settings the person changes in the window, read and written whole in the settings file. */
export function settingsHandlers({
  settingsFile,
}: Pick<HandlerDeps, 'settingsFile'>): HandlersFor<'settings:get' | 'settings:update'> {
  return {
    'settings:get': async () => settingsFile.read('settings'),
    'settings:update': async (changes) => {
      const next = { ...settingsFile.read('settings'), ...changes }
      settingsFile.write('settings', next)
      return next
    },
  }
}

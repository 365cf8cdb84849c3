import { MailroomError } from '../../errors'
import type { HandlerDeps, HandlersFor } from '../handler-table'

/** The native file dialogs, where the platform has them; the web UI types paths instead. */
export function dialogHandlers({
  platform,
}: Pick<HandlerDeps, 'platform'>): HandlersFor<
  'dialog:choose-folder' | 'dialog:choose-file' | 'dialog:save-file'
> {
  const noNativeDialogs = () =>
    new MailroomError(
      'not-supported',
      'File dialogs are not available in the web UI: type the path instead.',
    )
  return {
    'dialog:choose-folder': async ({ title }) => {
      if (!platform.chooseFolder) throw noNativeDialogs()
      return platform.chooseFolder(title)
    },
    'dialog:choose-file': async ({ title }) => {
      if (!platform.chooseFile) throw noNativeDialogs()
      return platform.chooseFile(title)
    },
    'dialog:save-file': async ({ title, defaultName }) => {
      if (!platform.chooseSaveFile) throw noNativeDialogs()
      return platform.chooseSaveFile(title, defaultName)
    },
  }
}

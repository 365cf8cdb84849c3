import { usualSitePaths } from '../../profiles/site-import/import-sites'
import type { HandlerDeps, HandlersFor } from '../handler-table'

/** What the window asks once at start: the version, the transport and where sites usually are. */
export function appHandlers({ platform }: Pick<HandlerDeps, 'platform'>): HandlersFor<'app:info'> {
  return {
    'app:info': async () => ({
      version: platform.version,
      transport: platform.transport,
      nativeDialogs: platform.chooseFolder !== undefined,
      usualPaths: usualSitePaths(),
    }),
  }
}

import { importSites, previewSites } from '../../profiles/site-import/import-sites'
import type { HandlerDeps, HandlersFor } from '../handler-table'

/** Importing sites from other clients (WinSCP, FileZilla, OpenSSH) as profiles. */
export function siteHandlers({
  profiles,
  keys,
  knownHosts,
}: Pick<HandlerDeps, 'profiles' | 'keys' | 'knownHosts'>): HandlersFor<
  'sites:preview' | 'sites:import'
> {
  return {
    'sites:preview': async ({ source, path }) => previewSites(source, path),
    'sites:import': async ({ source, path, chosen, knownHostsPath }) =>
      importSites(
        { source, path, chosen, ...(knownHostsPath ? { knownHostsPath } : {}) },
        { profiles, keys, knownHosts },
      ),
  }
}

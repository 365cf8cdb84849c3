import { resolve } from 'node:path'
import { apiCalls, type CallName } from '../../shared/api-contract'
import type { ApiError } from '../../shared/errors'
import type { NamedKeyFile } from '../core/profiles/site-import/key-files-of-sites'
import type { SiteSource } from '../core/profiles/site-import/import-sites'

/** A question put to the person in a dialog of the main side, which no page can draw or answer. */
export interface ConsentQuestion {
  readonly message: string
  readonly detail: string
  /** The button that says yes; the other is Cancel, the default. */
  readonly yes: string
}

export interface SiteImportConsentDeps {
  /** Where other clients usually keep their sites (core's usualSitePaths): what app:info proposes. */
  readonly usualPaths: () => Readonly<Record<string, string>>
  /** Whether the window was given the path to read (chosen with Browse…, dropped, or confirmed). */
  readonly covers: (path: string) => boolean
  readonly grantRead: (path: string) => void
  readonly keyFilesOf: (
    source: SiteSource,
    path: string,
    chosen: readonly number[],
  ) => Promise<readonly NamedKeyFile[]>
  readonly confirm: (question: ConsentQuestion) => Promise<boolean>
}

const SOURCE_WORDS: Record<SiteSource, string> = {
  openssh: 'OpenSSH settings',
  winscp: 'WinSCP settings',
  filezilla: 'FileZilla sites',
}

/**
 * Site import reads the settings files it proposes (~/.ssh/config, known_hosts, WinSCP.ini,
 * sitemanager.xml) and every key file the chosen sites name only once the person has said yes in
 * a dialog of the main side: one for the settings file when its sites are shown, one listing
 * every key file (and known_hosts) when they are imported. Otherwise a page taken over by a
 * script could, by itself, turn every server in ~/.ssh/config into a profile with its key and
 * trusted host key, and connect. A file the person chose with Browse… or dropped needs no
 * question; a typed path that was neither proposed nor chosen is left to the capability check,
 * which refuses it. Returns the refusal when the person says no.
 */
export async function askBeforeSiteImportReads(
  name: CallName,
  input: unknown,
  deps: SiteImportConsentDeps,
): Promise<ApiError | undefined> {
  if (name !== 'sites:preview' && name !== 'sites:import') return undefined
  const parsed = apiCalls[name].input.safeParse(input ?? {})
  if (!parsed.success) return undefined
  const usual = new Set(Object.values(deps.usualPaths()).map((path) => resolve(path)))
  const proposedNotGiven = (path: string | undefined): path is string =>
    path !== undefined && usual.has(resolve(path)) && !deps.covers(path)
  const { source, path } = parsed.data

  if (proposedNotGiven(path)) {
    const yes = await deps.confirm({
      message: `Let Mailroom read your ${SOURCE_WORDS[source]}?`,
      detail: `To show the sites it holds, Mailroom reads this file:\n\n${path}\n\nNothing is imported until you choose the sites.`,
      yes: 'Read it',
    })
    if (!yes) return refused(`Nothing was read: Mailroom did not read ${path}.`)
    deps.grantRead(path)
  }
  const importing = apiCalls['sites:import'].input.safeParse(input)
  if (name !== 'sites:import' || !importing.success || !deps.covers(path)) return undefined

  const { chosen, knownHostsPath } = importing.data
  let keyFiles: readonly NamedKeyFile[]
  try {
    keyFiles = await deps.keyFilesOf(source, path, chosen)
  } catch {
    // The file cannot be read as sites: core's import says why, and reads no key either.
    return undefined
  }
  const asked = [
    ...keyFiles
      .filter((key) => !deps.covers(key.path))
      .map((key) => ({ path: key.path, why: `the key of ${key.sites.join(', ')}` })),
    ...(proposedNotGiven(knownHostsPath)
      ? [{ path: knownHostsPath, why: 'the host keys to trust for these sites' }]
      : []),
  ]
  if (asked.length === 0) return undefined
  const yes = await deps.confirm({
    message:
      asked.length === 1
        ? 'Let Mailroom read this file to import the sites?'
        : `Let Mailroom read these ${asked.length} files to import the sites?`,
    detail: `The settings file names them. Mailroom reads:\n\n${asked
      .map((file) => `${file.path}\n    ${file.why}`)
      .join('\n')}\n\nThe files themselves are not changed.`,
    yes: asked.length === 1 ? 'Read it' : 'Read them',
  })
  if (!yes) return refused('Nothing was imported: Mailroom did not read the files the sites name.')
  for (const file of asked) deps.grantRead(file.path)
  return undefined
}

function refused(message: string): ApiError {
  return { kind: 'cancelled', message }
}

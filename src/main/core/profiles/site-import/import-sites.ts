import { readFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { profileInput, type KeyId } from '../../../../shared/domain'
import { MailroomError, toApiError, translateLocalError } from '../../errors'
import { importPrivateKeyFile } from '../../keys/import-key'
import type { KeyVault } from '../../keys/key-vault'
import { hostKeysFromKnownHosts } from '../../known-hosts/known-hosts-file'
import type { KnownHostsStore } from '../../known-hosts/known-hosts-store'
import type { StoredProfile } from '../../settings/settings-file'
import type { ProfileStore } from '../profile-store'
import { readFileZillaXml } from './filezilla-xml'
import { readOpenSshConfig } from './openssh-config'
import type { SiteCandidate } from './site-candidate'
import { readWinScpIni } from './winscp-ini'

export type SiteSource = 'winscp' | 'filezilla' | 'openssh'

const READERS: Record<SiteSource, (text: string) => SiteCandidate[]> = {
  winscp: readWinScpIni,
  filezilla: readFileZillaXml,
  openssh: (text) => readOpenSshConfig(text),
}
const SOURCE_NAMES: Record<SiteSource, string> = {
  winscp: 'WinSCP.ini',
  filezilla: 'FileZilla sitemanager.xml',
  openssh: 'OpenSSH config',
}

/** Where WinSCP, FileZilla and OpenSSH keep their settings on this OS, to suggest to the person. */
export function usualSitePaths(
  platform: NodeJS.Platform = process.platform,
  home = homedir(),
  appData = process.env.APPDATA ?? join(home, 'AppData', 'Roaming'),
) {
  return {
    winscp: platform === 'win32' ? join(appData, 'WinSCP.ini') : join(home, 'WinSCP.ini'),
    filezilla:
      platform === 'win32'
        ? join(appData, 'FileZilla', 'sitemanager.xml')
        : join(home, '.config', 'filezilla', 'sitemanager.xml'),
    openssh: join(home, '.ssh', 'config'),
    knownHosts: join(home, '.ssh', 'known_hosts'),
  }
}

/** The sites another client's settings file holds, for the person to choose from. */
export async function previewSites(source: SiteSource, path: string): Promise<SiteCandidate[]> {
  const text = await readFile(path, 'utf8').catch((error: unknown) => {
    throw translateLocalError(error, 'read', path)
  })
  try {
    return READERS[source](text)
  } catch (error) {
    throw new MailroomError(
      'invalid-input',
      `${path} could not be read as a ${SOURCE_NAMES[source]}: ${error instanceof Error ? error.message : String(error)}`,
    )
  }
}

export interface ImportDeps {
  readonly profiles: ProfileStore
  readonly keys: KeyVault
  readonly knownHosts: KnownHostsStore
}

/**
 * Creates a profile for each chosen site, with how it logs in and gets through there (its
 * proxy, its jump hosts), imports the key files they name into the keychain (once per file, the
 * jump hosts' too), and trusts the host keys that `knownHostsPath` lists for them and their jump
 * hosts. Returns the new profiles and one note per thing that needs the person's attention,
 * what the other client did that Mailroom cannot among them.
 */
export async function importSites(
  request: { source: SiteSource; path: string; chosen: readonly number[]; knownHostsPath?: string },
  deps: ImportDeps,
): Promise<{ profiles: StoredProfile[]; notes: string[] }> {
  const candidates = await previewSites(request.source, request.path)
  const knownHostsText = request.knownHostsPath
    ? await readFile(request.knownHostsPath, 'utf8').catch(() => undefined)
    : undefined
  const notes: string[] = []
  if (request.knownHostsPath && knownHostsText === undefined)
    notes.push(`${request.knownHostsPath} could not be read, so no host keys were imported.`)
  const keyIds = new Map<string, KeyId | null>()
  const created: StoredProfile[] = []

  for (const index of request.chosen) {
    const site = candidates[index]
    if (!site) continue
    if (site.problem) {
      notes.push(`${site.name}: skipped (${site.problem}).`)
      continue
    }
    const keyId = site.keyPath
      ? await importKeyOnce(site.keyPath, keyIds, deps.keys, notes, site.name)
      : null
    const jumps = []
    for (const jump of site.jumps ?? [])
      jumps.push({
        host: jump.host,
        port: jump.port,
        username: jump.username || site.username || 'user',
        // Without a key of its own, a jump host logs in as the site does.
        keyId: jump.keyPath
          ? await importKeyOnce(jump.keyPath, keyIds, deps.keys, notes, site.name)
          : null,
      })
    const input = profileInput.safeParse({
      name: site.name,
      preset: 'generic',
      group: site.group,
      host: site.host,
      port: site.port,
      username: site.username || 'user',
      keyId,
      ...(site.auth ? { auth: site.auth } : {}),
      ...(site.proxy ? { proxy: site.proxy } : {}),
      jumps,
    })
    if (!input.success) {
      notes.push(`${site.name}: skipped (${input.error.issues[0]?.message ?? 'invalid'}).`)
      continue
    }
    if (!site.username)
      notes.push(`${site.name}: no user name was stored; edit the profile to set it.`)
    for (const what of site.unsupported ?? [])
      notes.push(`${site.name}: imported without what Mailroom cannot do: ${what}`)
    for (const note of site.notes ?? []) notes.push(`${site.name}: ${note}`)
    created.push(deps.profiles.save(undefined, input.data))
    if (knownHostsText !== undefined)
      for (const server of [site, ...jumps]) {
        const hostKeys = hostKeysFromKnownHosts(knownHostsText, server.host, server.port)
        if (hostKeys.length > 0 && !deps.knownHosts.trusted(server.host, server.port))
          deps.knownHosts.trustAll(server.host, server.port, hostKeys)
      }
  }
  return { profiles: created, notes }
}

async function importKeyOnce(
  path: string,
  cache: Map<string, KeyId | null>,
  keys: KeyVault,
  notes: string[],
  site: string,
): Promise<KeyId | null> {
  if (cache.has(path)) return cache.get(path) ?? null
  let keyId: KeyId | null = null
  try {
    const imported = await importPrivateKeyFile(path)
    keyId = (await keys.add(imported.material, { origin: 'imported' })).id
  } catch (error) {
    const apiError = toApiError(error)
    if (apiError.kind === 'already-exists' && apiError.detail?.keyId) {
      keyId = apiError.detail.keyId as KeyId
    } else if (apiError.kind === 'passphrase-needed') {
      notes.push(
        `${site}: the key ${path} is protected by a passphrase; edit the profile and use "Import key" to enter it.`,
      )
    } else {
      notes.push(`${site}: the key ${path} was not imported: ${apiError.message}`)
    }
  }
  cache.set(path, keyId)
  return keyId
}

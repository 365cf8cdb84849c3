import { previewSites, type SiteSource } from './import-sites'

/** A private key file the chosen sites name, and the sites that name it. */
export interface NamedKeyFile {
  readonly path: string
  readonly sites: readonly string[]
}

/**
 * The key files site import would read for the chosen sites of a settings file (importSites
 * reads each `IdentityFile`, `PublicKeyFile` or `Keyfile` into the keychain, and the jump hosts'
 * own: WinSCP's `TunnelPublicKeyFile`, a jump Host's `IdentityFile`). A settings file is
 * written by anyone who could write to it, and names any file it likes: the app asks the person
 * before these are read (src/main/shell/site-import-consent.ts), and the web UI reads them only
 * inside the home folder (src/main/web-bridge/).
 */
export async function keyFilesOfSites(
  source: SiteSource,
  path: string,
  chosen: readonly number[],
): Promise<NamedKeyFile[]> {
  const candidates = await previewSites(source, path)
  const byPath = new Map<string, string[]>()
  for (const index of new Set(chosen)) {
    const site = candidates[index]
    // What importSites skips, it does not read the key of either.
    if (!site || site.problem) continue
    const name = site.group ? `${site.group}/${site.name}` : site.name
    // The site's own key, and its jump hosts' (WinSCP's tunnel key file, a jump Host's IdentityFile).
    const paths = [site.keyPath, ...(site.jumps ?? []).map((jump) => jump.keyPath)]
    for (const keyPath of new Set(paths))
      if (keyPath) byPath.set(keyPath, [...(byPath.get(keyPath) ?? []), name])
  }
  return [...byPath].map(([keyPath, sites]) => ({ path: keyPath, sites }))
}

import { homedir } from 'node:os'
import { apiCalls, type CallName } from '../../shared/api-contract'
import type { ApiError, Result } from '../../shared/errors'
import { localPathsOf, type PathPurpose } from '../../shared/local-path-inputs'
import { ComparablePaths } from '../core/local-paths/comparable-paths'
import { keyFilesOfSites } from '../core/profiles/site-import/key-files-of-sites'

const NOTHING_DONE: Record<PathPurpose, string> = {
  send: 'Nothing was sent',
  read: 'Nothing was read',
  save: 'Nothing was saved',
  pickup: 'Nothing was picked up',
}

/**
 * The web UI's counterpart of the app's path grants. A browser has no file dialogs, so paths
 * are typed, and the token is the only boundary: whoever holds it could otherwise have the
 * bridge read, send or overwrite any file the person can (their SSH keys, a login script). So
 * every local path a call names, and every key file a site import would read, must be inside the
 * person's home folder, compared as the volume compares paths (comparable-paths.ts: a link in
 * the home folder to elsewhere is elsewhere). Files the bridge made itself are the exceptions:
 * dropped files it staged, and archives transfer:zip made of them, which may be sent.
 */
export class HomeFolderConfinement {
  private readonly homeKey: string
  private readonly stagingKey: string
  private readonly zipped = new Set<string>()

  constructor(
    stagingDir: string,
    private readonly home: string = homedir(),
    private readonly paths = new ComparablePaths(),
  ) {
    this.homeKey = paths.key(home)
    this.stagingKey = paths.key(stagingDir)
  }

  /** The refusal for the first path of the call outside what the web UI may use, if any. */
  async refusal(name: string, input: unknown): Promise<ApiError | undefined> {
    // An unknown name has no path fields, and dispatch refuses it with its own message.
    for (const { purpose, path } of localPathsOf(name as CallName, input))
      if (!this.allows(purpose, path)) return this.outside(purpose, path)
    if (name !== 'sites:import') return undefined
    const parsed = apiCalls['sites:import'].input.safeParse(input)
    if (!parsed.success) return undefined
    const { source, path, chosen } = parsed.data
    const keyFiles = await keyFilesOfSites(source, path, chosen).catch(() => [])
    const outside = keyFiles.find((key) => !this.allows('read', key.path))
    if (!outside) return undefined
    return {
      kind: 'permission-denied',
      message: `The web UI reads files only inside your home folder (${this.home}), and ${outside.sites.join(', ')} ${outside.sites.length === 1 ? 'names' : 'name'} the key ${JSON.stringify(outside.path)}, which is not in it. Nothing was imported: choose only sites whose keys are in your home folder, or copy the key there first.`,
    }
  }

  /** Takes note of what a call made that may be used next: the archive transfer:zip wrote. */
  noteResult(name: string, result: Result<unknown>): void {
    if (name === 'transfer:zip' && result.ok && typeof result.value === 'string')
      this.zipped.add(this.paths.key(result.value))
  }

  private allows(purpose: PathPurpose, path: string): boolean {
    if (!this.paths.isUsable(path)) return false
    const key = this.paths.key(path)
    if (this.paths.isWithin(key, this.homeKey)) return true
    const madeHere = this.paths.isWithin(key, this.stagingKey) || this.zipped.has(key)
    return madeHere && (purpose === 'send' || purpose === 'read')
  }

  private outside(purpose: PathPurpose, path: string): ApiError {
    return {
      kind: 'permission-denied',
      message: `The web UI uses files and folders only inside your home folder (${this.home}), and ${JSON.stringify(path)} is not in it. ${NOTHING_DONE[purpose]}: give a path inside your home folder.`,
    }
  }
}

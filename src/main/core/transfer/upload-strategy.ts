import type { Profile } from '../../../shared/domain'

/**
 * How a file reaches its final name on the server:
 * - `direct`: written straight to the final name, with no SETSTAT. S3-backed gateways (MFT
 *   Gateway) ignore renames and refuse SETSTAT, and Amili's import watches input/ as files land.
 * - `temp-rename`: written under a hidden temporary name, checked, then renamed in one step, so
 *   a watcher never takes a half-written file. For servers whose storage is a real file system.
 */
export type UploadStrategy = 'direct' | 'temp-rename'

export function resolveUploadStrategy(
  profile: Pick<Profile, 'preset' | 'uploadStrategy'>,
): UploadStrategy {
  if (profile.uploadStrategy !== 'auto') return profile.uploadStrategy
  return profile.preset === 'mft-gateway' || profile.preset === 'amili' ? 'direct' : 'temp-rename'
}

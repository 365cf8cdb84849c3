import type { Profile } from '../../../shared/domain'
import { PRESETS, type UploadStrategy } from '../../../shared/presets'

/** The profile's own choice, or its gateway's (shared/presets.ts). */
export function resolveUploadStrategy(
  profile: Pick<Profile, 'preset' | 'uploadStrategy'>,
): UploadStrategy {
  return profile.uploadStrategy === 'auto'
    ? PRESETS[profile.preset].uploadStrategy
    : profile.uploadStrategy
}

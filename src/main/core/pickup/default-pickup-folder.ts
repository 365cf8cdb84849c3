import { homedir } from 'node:os'
import { join } from 'node:path'
import type { ProfileId } from '../../../shared/domain'
import { PRESETS, type PresetId } from '../../../shared/presets'
import type { SettingsFileStore } from '../settings/settings-file'
import { safeLocalName } from './local-file-name'

/** Documents/Mailroom/<profile>/<partner>: where a mailbox is picked up into until the person chooses. */
export function defaultPickupFolder(
  profileName: string,
  partner: string,
  home = homedir(),
): string {
  return join(home, 'Documents', 'Mailroom', safeLocalName(profileName), safeLocalName(partner))
}

/**
 * The folder a remote folder is picked up into: the one remembered for it, or the default.
 * A gateway mailbox's default is named after its partner. The folders of a profile whose person
 * names them (Generic SFTP), named in the profile or browsed on the server, are named after themselves (the profile is
 * their only "partner", and two receive folders must not share one local folder), so every
 * folder a person can pick up from has somewhere to go.
 */
export function pickupFolderFor(
  settingsFile: SettingsFileStore,
  profile: { readonly id: ProfileId; readonly name: string; readonly preset: PresetId },
  folderPath: string,
  partner: string,
  home = homedir(),
): { folder: string; remembered: boolean } {
  const remembered = settingsFile.read('settings').pickupFolders[folderKey(profile.id, folderPath)]
  if (remembered) return { folder: remembered, remembered: true }
  return {
    folder: defaultPickupFolder(
      profile.name,
      PRESETS[profile.preset].foldersNamedByPerson || partner === ''
        ? folderName(folderPath)
        : partner,
      home,
    ),
    remembered: false,
  }
}

/** Remembers `folder` as where the remote folder at `folderPath` is picked up into. */
export function rememberPickupFolder(
  settingsFile: SettingsFileStore,
  profileId: ProfileId,
  folderPath: string,
  folder: string,
): void {
  const current = settingsFile.read('settings')
  settingsFile.write('settings', {
    ...current,
    pickupFolders: { ...current.pickupFolders, [folderKey(profileId, folderPath)]: folder },
  })
}

const folderKey = (profileId: ProfileId, folderPath: string) => `${profileId}|${folderPath}`

/** The name a person sees for a remote folder ('' is the login folder). */
const folderName = (folderPath: string) => folderPath.split('/').pop() || 'login folder'

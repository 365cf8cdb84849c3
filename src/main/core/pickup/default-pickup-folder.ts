import { homedir } from 'node:os'
import { join } from 'node:path'
import type { ProfileId } from '../../../shared/domain'
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

/** The folder a mailbox is picked up into: the one remembered for it, or the default. */
export function pickupFolderFor(
  settingsFile: SettingsFileStore,
  profile: { readonly id: ProfileId; readonly name: string },
  mailboxPath: string,
  partner: string,
): { folder: string; remembered: boolean } {
  const remembered = settingsFile.read('settings').pickupFolders[folderKey(profile.id, mailboxPath)]
  if (remembered) return { folder: remembered, remembered: true }
  return {
    folder: defaultPickupFolder(
      profile.name,
      partner || (mailboxPath.split('/').pop() ?? 'mailbox'),
    ),
    remembered: false,
  }
}

/** Remembers `folder` as where the mailbox at `mailboxPath` is picked up into. */
export function rememberPickupFolder(
  settingsFile: SettingsFileStore,
  profileId: ProfileId,
  mailboxPath: string,
  folder: string,
): void {
  const current = settingsFile.read('settings')
  settingsFile.write('settings', {
    ...current,
    pickupFolders: { ...current.pickupFolders, [folderKey(profileId, mailboxPath)]: folder },
  })
}

const folderKey = (profileId: ProfileId, mailboxPath: string) => `${profileId}|${mailboxPath}`

import { homedir } from 'node:os'
import { join } from 'node:path'
import { safeLocalName } from './local-file-name'

/** Documents/Mailroom/<profile>/<partner>: where a mailbox is picked up into until the person chooses. */
export function defaultPickupFolder(
  profileName: string,
  partner: string,
  home = homedir(),
): string {
  return join(home, 'Documents', 'Mailroom', safeLocalName(profileName), safeLocalName(partner))
}

import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PgpKeyring } from '../../../../src/main/core/pgp/pgp-keyring'
import { MemorySecretStore } from '../../../../src/main/core/secrets/secret-store'
import { SettingsFileStore } from '../../../../src/main/core/settings/settings-file'
import { MemorySettings } from '../../../fixtures/memory-settings'

/** A keyring in a temp folder with secrets in memory, for tests of what uses one. */
export function testKeyring(): { keyring: PgpKeyring; folder: string } {
  const folder = mkdtempSync(join(tmpdir(), 'pgp-'))
  return {
    folder,
    keyring: new PgpKeyring(
      join(folder, 'pgp-keys'),
      new MemorySecretStore(),
      new SettingsFileStore(new MemorySettings()),
    ),
  }
}

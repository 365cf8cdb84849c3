import { z } from 'zod'
import { keyInfo, profile, settings } from '../../../shared/domain'
import { storedPgpKey } from '../../../shared/pgp'
import { MailroomError } from '../errors'

/**
 * The part of electron-store's (and conf's) API that core uses, so the Electron shell can hand
 * in electron-store and the web bridge and tests a plain `conf`, with the same file format.
 */
export interface KeyValueBackend {
  get(key: string): unknown
  set(key: string, value: unknown): void
  delete(key: string): void
}

export const SETTINGS_SCHEMA_VERSION = 4

export const storedProfile = profile
export type StoredProfile = z.infer<typeof storedProfile>

/** A stored key's public facts (the private half is in the key vault, never here). */
export const storedKey = keyInfo.omit({ passphraseRemembered: true })
export type StoredKey = z.infer<typeof storedKey>

export const knownHost = z.object({
  host: z.string(),
  port: z.number(),
  type: z.string(),
  fingerprint: z.string(),
  trustedAt: z.number(),
})
export type KnownHost = z.infer<typeof knownHost>

/** A sent file as schema 2 kept it here, before the sent log moved to Mailroom's database. */
const legacySentRecord = z.object({
  profileId: z.string(),
  folder: z.string(),
  name: z.string(),
  sentAt: z.number(),
})

/** Everything Mailroom keeps in its settings file. No secret ever goes here. */
const settingsFile = z.object({
  schemaVersion: z.literal(SETTINGS_SCHEMA_VERSION),
  profiles: z.array(storedProfile),
  knownHosts: z.array(knownHost),
  keys: z.array(storedKey),
  /** OpenPGP keys, partners' and own: public facts only, as `keys` for SSH. */
  pgpKeys: z.array(storedPgpKey),
  settings,
})
type SettingsFile = z.infer<typeof settingsFile>
type Section = Exclude<keyof SettingsFile, 'schemaVersion'>

const EMPTY: SettingsFile = {
  schemaVersion: SETTINGS_SCHEMA_VERSION,
  profiles: [],
  knownHosts: [],
  keys: [],
  pgpKeys: [],
  settings: { pickupFolder: '', pickupFolders: {} },
}

/**
 * One step per schema version, each taking the file from version N to N + 1 in place. A file
 * from an older Mailroom is carried forward step by step; nothing in it is dropped.
 */
const MIGRATIONS: Record<number, (backend: KeyValueBackend) => void> = {
  // 1 -> 2: keys moved into the keychain; a profile's key file path is kept as a legacy path
  // until the person imports it, and profiles gained a gateway preset and a group.
  1: (backend) => {
    const profiles = (backend.get('profiles') as Array<Record<string, unknown>> | undefined) ?? []
    backend.set(
      'profiles',
      profiles.map(({ privateKeyPath, ...rest }) => ({
        ...rest,
        preset: 'generic',
        group: '',
        keyId: null,
        ...(typeof privateKeyPath === 'string' && privateKeyPath !== ''
          ? { legacyKeyPath: privateKeyPath }
          : {}),
      })),
    )
    backend.set('keys', [])
  },
  // 2 -> 3: the sent log moved to Mailroom's database (core/store), which took it in first
  // (see legacySentLog): a file that grows with every send does not belong here.
  2: (backend) => backend.delete('sentLog'),
  // 3 -> 4: OpenPGP keys (docs/pgp.md), an empty list to start with.
  3: (backend) => backend.set('pgpKeys', []),
}

/**
 * The sent log a schema-2 file holds, for the database's migration to take in before this
 * file is migrated. An entry that is not a valid record is left out: there is nothing to keep.
 */
export function legacySentLog(backend: KeyValueBackend): z.infer<typeof legacySentRecord>[] {
  if (backend.get('schemaVersion') !== 2) return []
  const entries = backend.get('sentLog')
  if (!Array.isArray(entries)) return []
  return entries.flatMap((entry) => {
    const parsed = legacySentRecord.safeParse(entry)
    return parsed.success ? [parsed.data] : []
  })
}

/**
 * Typed, validated access to the settings file. A file written by a newer Mailroom, or damaged
 * by hand, is refused with a clear error rather than silently overwritten.
 */
export class SettingsFileStore {
  constructor(private readonly backend: KeyValueBackend) {
    let version = backend.get('schemaVersion')
    if (version === undefined) {
      for (const [key, value] of Object.entries(EMPTY)) backend.set(key, value)
      return
    }
    while (typeof version === 'number') {
      const step = MIGRATIONS[version]
      if (!step) break
      step(backend)
      version += 1
      backend.set('schemaVersion', version)
    }
    if (version !== SETTINGS_SCHEMA_VERSION) {
      throw new MailroomError(
        'invalid-input',
        `The settings file was written by another version of Mailroom (schema ${String(version)}). Update Mailroom to open it.`,
      )
    }
  }

  read<S extends Section>(section: S): SettingsFile[S] {
    const parsed = settingsFile.shape[section].safeParse(
      this.backend.get(section) ?? EMPTY[section],
    )
    if (!parsed.success) {
      throw new MailroomError(
        'invalid-input',
        `The settings file's "${section}" section is damaged: ${parsed.error.issues[0]?.message ?? 'invalid'}.`,
      )
    }
    return parsed.data as SettingsFile[S]
  }

  write<S extends Section>(section: S, value: SettingsFile[S]): void {
    this.backend.set(section, settingsFile.shape[section].parse(value))
  }
}

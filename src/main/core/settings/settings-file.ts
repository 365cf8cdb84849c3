import { z } from 'zod'
import { profileInput, profileId, settings } from '../../../shared/domain'
import { MailroomError } from '../errors'

/**
 * The part of electron-store's (and conf's) API that core uses, so the Electron shell can hand
 * in electron-store and the web bridge and tests a plain `conf`, with the same file format.
 */
export interface KeyValueBackend {
  get(key: string): unknown
  set(key: string, value: unknown): void
}

export const SETTINGS_SCHEMA_VERSION = 1

export const storedProfile = profileInput.extend({ id: profileId })
export type StoredProfile = z.infer<typeof storedProfile>

export const knownHost = z.object({
  host: z.string(),
  port: z.number(),
  type: z.string(),
  fingerprint: z.string(),
  trustedAt: z.number(),
})
export type KnownHost = z.infer<typeof knownHost>

/** Everything Mailroom keeps in its settings file. No secret ever goes here. */
const settingsFile = z.object({
  schemaVersion: z.literal(SETTINGS_SCHEMA_VERSION),
  profiles: z.array(storedProfile),
  knownHosts: z.array(knownHost),
  settings,
})
type SettingsFile = z.infer<typeof settingsFile>
type Section = Exclude<keyof SettingsFile, 'schemaVersion'>

const EMPTY: SettingsFile = {
  schemaVersion: SETTINGS_SCHEMA_VERSION,
  profiles: [],
  knownHosts: [],
  settings: { pickupFolder: '' },
}

/**
 * Typed, validated access to the settings file. A file written by a newer Mailroom, or damaged
 * by hand, is refused with a clear error rather than silently overwritten.
 */
export class SettingsFileStore {
  constructor(private readonly backend: KeyValueBackend) {
    const version = backend.get('schemaVersion')
    if (version === undefined) {
      for (const [key, value] of Object.entries(EMPTY)) backend.set(key, value)
    } else if (version !== SETTINGS_SCHEMA_VERSION) {
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

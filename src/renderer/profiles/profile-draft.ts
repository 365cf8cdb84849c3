import { profileInput, type KeyId, type Profile, type ProfileInput } from '../../shared/domain'
import type { JumpHost, ProfileAuth, ProxySetting } from '../../shared/connection-settings'
import { PRESETS, type PresetId } from '../../shared/presets'

/** The Profile dialog's typed-in fields, kept as the text typed until saved. */
export type TextField =
  | 'checkEveryMinutes'
  | 'name'
  | 'group'
  | 'host'
  | 'port'
  | 'username'
  | 'sendFolders'
  | 'receiveFolders'
  | 'minFileAgeSeconds'

/** A profile as the dialog edits it: text as typed, choices as chosen. */
export type Draft = Record<TextField, string> & {
  preset: PresetId
  keyId: KeyId | null
  uploadStrategy: ProfileInput['uploadStrategy']
  autoPickup: boolean
  conservative: boolean
  auth: ProfileAuth
  proxy: ProxySetting
  jumps: readonly JumpHost[]
}

/** What is wrong with each field, in words for the person. */
export type DraftErrors = Partial<Record<TextField | 'keyId', string>>

/** The fields whose errors show once the person tries to save, typed in or not. */
export const CHECKED_ON_SAVE: readonly (TextField | 'keyId')[] = [
  'name',
  'group',
  'host',
  'port',
  'username',
  'sendFolders',
  'receiveFolders',
  'keyId',
]

/** The profile being edited as a draft, or a new profile's defaults. */
export function draftOf(profile: Profile | undefined): Draft {
  return {
    preset: profile?.preset ?? 'generic',
    name: profile?.name ?? '',
    group: profile?.group ?? '',
    host: profile?.host ?? '',
    port: String(profile?.port ?? 22),
    username: profile?.username ?? '',
    keyId: profile?.keyId ?? null,
    sendFolders: (profile?.sendFolders ?? []).join(', '),
    receiveFolders: (profile?.receiveFolders ?? []).join(', '),
    uploadStrategy: profile?.uploadStrategy ?? 'auto',
    minFileAgeSeconds: String(profile?.minFileAgeSeconds ?? 60),
    checkEveryMinutes: String(profile?.checkEveryMinutes ?? 0),
    autoPickup: profile?.autoPickup ?? false,
    conservative: profile?.conservative ?? false,
    auth: profile?.auth ?? { method: 'key' },
    proxy: profile?.proxy ?? { kind: 'none' },
    jumps: profile?.jumps ?? [],
  }
}

/** Whether a way of logging in uses the profile's stored key. */
export function usesKey(auth: ProfileAuth): boolean {
  return auth.method === 'key' || auth.method === 'key-and-password'
}

/** "input, out/edi" -> ["input", "out/edi"]: folders are typed as a comma-separated list. */
export const folderList = (text: string) =>
  text
    .split(',')
    .map((folder) => folder.trim().replace(/^\/+|\/+$/g, ''))
    .filter((folder) => folder !== '')

/** Validates with the contract's own schema (and the preset's rules), so dialog and main side agree. */
export function validate(draft: Draft): { input?: ProfileInput; errors: DraftErrors } {
  const parsed = profileInput.safeParse({
    ...draft,
    port: draft.port.trim() === '' ? Number.NaN : Number(draft.port),
    minFileAgeSeconds:
      draft.minFileAgeSeconds.trim() === '' ? Number.NaN : Number(draft.minFileAgeSeconds),
    checkEveryMinutes: draft.checkEveryMinutes.trim() === '' ? 0 : Number(draft.checkEveryMinutes),
    sendFolders: folderList(draft.sendFolders),
    receiveFolders: folderList(draft.receiveFolders),
  })
  const errors: DraftErrors = {}
  if (draft.keyId === null && usesKey(draft.auth))
    errors.keyId = 'Generate a key, import one, or choose a stored one'
  if (parsed.success) return errors.keyId ? { errors } : { input: parsed.data, errors }
  for (const issue of parsed.error.issues) {
    const key = issue.path[0] as TextField
    errors[key] ??=
      key === 'port' && issue.code === 'invalid_type'
        ? 'Port is a number from 1 to 65535'
        : issue.message
  }
  return { errors }
}

/** A new gateway chosen: its port, unless the person typed one. */
export function withPreset(draft: Draft, preset: PresetId, portTyped: boolean): Draft {
  return { ...draft, preset, port: portTyped ? draft.port : String(PRESETS[preset].port) }
}

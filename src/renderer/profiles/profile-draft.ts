import { profileInput, type KeyId, type Profile, type ProfileInput } from '../../shared/domain'
import type { JumpHost, ProfileAuth, ProxySetting } from '../../shared/connection-settings'
import { PRESETS, type Preset, type PresetId } from '../../shared/presets'

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
  | 'keyFile'
  | 'keyPassphrase'

/**
 * Where the profile's key comes from when it is saved: a stored key (`keyId`), a new key made
 * then (the gateways where the person makes the key), or a key file imported then with its
 * passphrase (the key a gateway's portal made).
 */
export type KeySource = 'stored' | 'new' | 'file'

/** A profile as the dialog edits it: text as typed, choices as chosen. */
export type Draft = Record<TextField, string> & {
  preset: PresetId
  keyId: KeyId | null
  keySource: KeySource
  uploadStrategy: ProfileInput['uploadStrategy']
  autoPickup: boolean
  conservative: boolean
  /** What the person typed or chose: a gateway chosen later fills in only the rest. */
  typed: ReadonlySet<TextField | 'keySource'>
  auth: ProfileAuth
  proxy: ProxySetting
  jumps: readonly JumpHost[]
  /** A password typed to be kept in the keychain on save; '' keeps the stored one. */
  password: string
  /** The proxy login's password typed to be kept on save; '' keeps the stored one. */
  proxyPassword: string
  /** OpenPGP per mailbox, by folder ('' for every mailbox of its kind): the OpenPGP section. */
  pgpSend: ProfileInput['pgpSend']
  pgpReceive: ProfileInput['pgpReceive']
}

/** What is wrong with each field, in words for the person. */
export type DraftErrors = Partial<Record<TextField | 'keyId' | FoldedChoice, string>>

/** The choices of the folded Authentication, Connection and OpenPGP sections, whose errors they show. */
export type FoldedChoice = 'auth' | 'proxy' | 'jumps' | 'pgpSend' | 'pgpReceive'

/** The fields whose errors show once the person tries to save, typed in or not. */
export const CHECKED_ON_SAVE: readonly (TextField | 'keyId' | FoldedChoice)[] = [
  'name',
  'group',
  'host',
  'port',
  'username',
  'sendFolders',
  'receiveFolders',
  'keyId',
  'keyFile',
  'keyPassphrase',
  'auth',
  'proxy',
  'jumps',
  'pgpSend',
  'pgpReceive',
]

/** A new profile's draft: its gateway, and whether the keychain holds any key to choose from. */
export interface NewDraft {
  readonly preset: PresetId
  readonly hasKeys: boolean
}

/** Every text field of a profile that exists: editing it never refills one from the preset. */
const EDITED: ReadonlySet<TextField | 'keySource'> = new Set(['name', 'host', 'port', 'keySource'])

/** The profile being edited as a draft, or a new profile's defaults from its gateway's guide. */
export function draftOf(profile: Profile | undefined, fresh: NewDraft): Draft {
  const draft: Draft = {
    preset: profile?.preset ?? fresh.preset,
    name: profile?.name ?? '',
    group: profile?.group ?? '',
    host: profile?.host ?? '',
    port: String(profile?.port ?? PRESETS[fresh.preset].port),
    username: profile?.username ?? '',
    keyId: profile?.keyId ?? null,
    keySource: 'stored',
    keyFile: '',
    keyPassphrase: '',
    sendFolders: (profile?.sendFolders ?? []).join(', '),
    receiveFolders: (profile?.receiveFolders ?? []).join(', '),
    uploadStrategy: profile?.uploadStrategy ?? 'auto',
    minFileAgeSeconds: String(profile?.minFileAgeSeconds ?? 60),
    checkEveryMinutes: String(profile?.checkEveryMinutes ?? 0),
    autoPickup: profile?.autoPickup ?? false,
    conservative: profile?.conservative ?? false,
    typed: profile ? EDITED : new Set(),
    auth: profile?.auth ?? { method: 'key' },
    proxy: profile?.proxy ?? { kind: 'none' },
    jumps: profile?.jumps ?? [],
    password: '',
    proxyPassword: '',
    pgpSend: profile?.pgpSend ?? {},
    pgpReceive: profile?.pgpReceive ?? {},
  }
  return filledIn(draft, fresh.hasKeys)
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

/**
 * Where a new profile's key comes from unless the person chooses: the key file the gateway's
 * portal made, else a stored key when there is one, else a new key (where the gateway takes a
 * key without a passphrase; one that insists gets the Generate key dialog, which asks for it).
 */
export function keySourceFor(preset: Preset, hasKeys: boolean): KeySource {
  if (preset.keyMadeBy === 'portal') return 'file'
  return hasKeys || preset.keyNeedsPassphrase ? 'stored' : 'new'
}

/** "MFT Gateway acme": the gateway (or, for a plain server, its host) and the user name. */
export function defaultName(draft: Pick<Draft, 'preset' | 'host' | 'username'>): string {
  const preset = PRESETS[draft.preset]
  const prefix = preset.nameFromHost ? draft.host.trim() || preset.label : preset.label
  return `${prefix} ${draft.username.trim()}`.trim().slice(0, 100)
}

/** The fields the person has not typed in, filled from the gateway's guide and the rest. */
export function filledIn(draft: Draft, hasKeys: boolean): Draft {
  const preset = PRESETS[draft.preset]
  const typed = (field: TextField | 'keySource') => draft.typed.has(field)
  const keySourceOffered = draft.keySource !== 'new' || !preset.keyNeedsPassphrase
  const filled: Draft = {
    ...draft,
    host: typed('host') ? draft.host : (preset.host ?? ''),
    port: typed('port') ? draft.port : String(preset.port),
    keySource:
      typed('keySource') && keySourceOffered ? draft.keySource : keySourceFor(preset, hasKeys),
  }
  return typed('name') ? filled : { ...filled, name: defaultName(filled) }
}

/**
 * A new gateway chosen: its host, port, key and name, wherever the person typed none; a way of
 * logging in the gateway does not take goes back to the key.
 */
export function withPreset(draft: Draft, preset: PresetId, hasKeys: boolean): Draft {
  const allowed = PRESETS[preset].authMethods.includes(draft.auth.method)
  return filledIn({ ...draft, preset, auth: allowed ? draft.auth : { method: 'key' } }, hasKeys)
}

/** A field typed in: it is the person's now, and the name follows the host and user name. */
export function typedIn(draft: Draft, field: TextField, value: string, hasKeys: boolean): Draft {
  return filledIn({ ...draft, [field]: value, typed: new Set(draft.typed).add(field) }, hasKeys)
}

/** A key chosen, made or imported: the profile uses that stored key from now on. */
export function withStoredKey(draft: Draft, keyId: KeyId | null): Draft {
  return { ...draft, keyId, keySource: 'stored', typed: new Set(draft.typed).add('keySource') }
}

/** The key to be made or imported on save chosen from the key list instead of a stored one. */
export function withKeySource(draft: Draft, keySource: KeySource): Draft {
  return { ...draft, keySource, typed: new Set(draft.typed).add('keySource') }
}

function keyErrors(draft: Draft): DraftErrors {
  // A profile that logs in without its key (a password, an agent) needs none.
  if (!usesKey(draft.auth)) return {}
  const preset = PRESETS[draft.preset]
  const errors: DraftErrors = {}
  if (draft.keySource === 'stored' && draft.keyId === null)
    errors.keyId = 'Generate a key, import one, or choose a stored one'
  if (draft.keySource === 'file' && draft.keyFile.trim() === '')
    errors.keyFile =
      preset.keyMadeBy === 'portal'
        ? `Choose the private key file ${preset.label} gave you`
        : 'Choose the private key file'
  if (draft.keySource === 'file' && preset.keyNeedsPassphrase && draft.keyPassphrase === '')
    errors.keyPassphrase = `${preset.label} keys have a passphrase: type the one you gave for it`
  return errors
}

/**
 * Validates with the contract's own schema (and the preset's rules), so dialog and main side
 * agree. A key still to be made or imported is `keyId: null` in the input, filled in on save.
 */
export function validate(draft: Draft): { input?: ProfileInput; errors: DraftErrors } {
  const parsed = profileInput.safeParse({
    ...draft,
    // A profile that logs in without a key keeps none (the key picker is not even shown).
    keyId: draft.keySource === 'stored' && usesKey(draft.auth) ? draft.keyId : null,
    port: draft.port.trim() === '' ? Number.NaN : Number(draft.port),
    minFileAgeSeconds:
      draft.minFileAgeSeconds.trim() === '' ? Number.NaN : Number(draft.minFileAgeSeconds),
    checkEveryMinutes: draft.checkEveryMinutes.trim() === '' ? 0 : Number(draft.checkEveryMinutes),
    sendFolders: folderList(draft.sendFolders),
    receiveFolders: folderList(draft.receiveFolders),
  })
  const errors = keyErrors(draft)
  const keyReady = Object.keys(errors).length === 0
  if (parsed.success) return keyReady ? { input: parsed.data, errors } : { errors }
  for (const issue of parsed.error.issues) {
    const key = issue.path[0] as TextField | FoldedChoice
    const message =
      issue.path.at(-1) === 'port' && issue.code === 'invalid_type'
        ? 'Port is a number from 1 to 65535'
        : issue.message
    // Which of the chain's jump hosts, as the list shows them: "Jump host 2: Enter the host name".
    errors[key] ??=
      key === 'jumps' && typeof issue.path[1] === 'number'
        ? `Jump host ${issue.path[1] + 1}: ${message}`
        : message
  }
  return { errors }
}

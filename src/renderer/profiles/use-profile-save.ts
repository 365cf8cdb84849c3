import { useRef, useState, type Dispatch, type SetStateAction } from 'react'
import type { KeyId, KeyInfo, Profile, ProfileInput } from '../../shared/domain'
import { asApiError, type MailroomClient } from '../api/client'
import { usesKey, withStoredKey, type Draft } from './profile-draft'

/** What the Profile dialog did, for what comes after it closes. */
export interface ProfileSaved {
  /** "Save and connect" was pressed, not "Save". */
  readonly connect: boolean
  /**
   * The profile's key was made in this dialog, so no provider has it yet: rather than a login
   * that cannot work, its public half is handed over first.
   */
  readonly keyMadeHere: boolean
  /** A new profile, not one edited. */
  readonly created: boolean
}

interface SaveDeps {
  readonly client: MailroomClient
  /** The profile being edited, or undefined for a new one. */
  readonly profile: Profile | undefined
  readonly draft: Draft
  readonly setDraft: Dispatch<SetStateAction<Draft>>
  readonly onKeysChanged: () => Promise<void>
  readonly onSaved: (profile: Profile, saved: ProfileSaved) => void
}

/**
 * Saving the Profile dialog: the key made or imported first when the draft asks for that, then
 * the profile. A key made or imported before a failed save is kept in the draft, so trying again
 * does not make another.
 */
export function useProfileSave({
  client,
  profile,
  draft,
  setDraft,
  onKeysChanged,
  onSaved,
}: SaveDeps) {
  const [saving, setSaving] = useState(false)
  const [saveError, setSaveError] = useState<string>()
  // Keys made in this dialog (on save, or with Generate key): no provider has registered them.
  const madeHere = useRef(new Set<KeyId>())

  const keyForSave = async (): Promise<KeyInfo | undefined> => {
    // A profile that logs in without its key (a password, an agent) gets none made or imported.
    if (!usesKey(draft.auth)) return undefined
    if (draft.keySource === 'new')
      return client.call('keys:generate', {
        comment: `${draft.name.trim() || 'mailroom'} key`.slice(0, 200),
        rememberPassphrase: false,
      })
    if (draft.keySource === 'file')
      return client.call('keys:import', {
        source: { kind: 'path', path: draft.keyFile.trim() },
        ...(draft.keyPassphrase ? { passphrase: draft.keyPassphrase } : {}),
        rememberPassphrase: draft.keyPassphrase !== '',
      })
    return undefined
  }

  const save = async (input: ProfileInput, connect: boolean) => {
    setSaving(true)
    setSaveError(undefined)
    try {
      let keyId = input.keyId
      const key = await keyForSave()
      if (key) {
        keyId = key.id
        if (draft.keySource === 'new') madeHere.current.add(key.id)
        setDraft((current) => withStoredKey(current, key.id))
        await onKeysChanged()
      }
      // A proxy password left empty keeps the stored one; the main side forgets it with the login.
      const proxyLogin =
        input.proxy.kind !== 'none' && input.proxy.kind !== 'system' && !!input.proxy.username
      const saved = await client.call('profiles:save', {
        ...(profile ? { id: profile.id } : {}),
        profile: { ...input, keyId },
        ...(proxyLogin && draft.proxyPassword ? { proxyPassword: draft.proxyPassword } : {}),
      })
      // The profile's password goes to the keychain only now that the profile says to keep it
      // (a profile set to ask at every connect has had its stored one forgotten by the save).
      if ('remember' in saved.auth && saved.auth.remember && draft.password !== '')
        await client.call('profiles:remember-password', { id: saved.id, password: draft.password })
      onSaved(saved, {
        connect,
        keyMadeHere: keyId !== null && madeHere.current.has(keyId),
        created: profile === undefined,
      })
    } catch (error) {
      setSaveError(asApiError(error).message)
      setSaving(false)
    }
  }

  /** A key made with Generate key in this dialog is new to the provider too. */
  const keyGenerated = (keyId: KeyId) => madeHere.current.add(keyId)

  return { saving, saveError, save, keyGenerated }
}

import type { AppInfo, Profile, ProfileId } from '../../shared/domain'
import { PRESETS, type Preset } from '../../shared/presets'
import type { MailroomClient } from '../api/client'
import { KeyHandoffDialog } from '../first-run/key-handoff-dialog'
import { HostKeyChangedDialog } from '../hostkeys/host-key-changed-dialog'
import { UnknownHostKeyDialog } from '../hostkeys/unknown-host-key-dialog'
import { PgpPassphraseDialog } from '../pgp/pgp-passphrase-dialog'
import { PgpKeysDialog } from '../pgp/pgp-keys-dialog'
import { PickupHistoryDialog } from '../pickup/pickup-history-dialog'
import { DeleteProfileDialog } from '../profiles/delete-profile-dialog'
import { ImportSitesDialog } from '../profiles/import-sites-dialog'
import { ProfileDialog } from '../profiles/profile-dialog'
import type { ProfileCommands } from '../profiles/use-profile-commands'
import type { ProfileSaved } from '../profiles/use-profile-save'
import { SendDialog, type SendChoice } from '../sending/send-dialog'
import { LoginPromptDialog } from '../session/login-prompt-dialog'
import { PassphraseDialog } from '../session/passphrase-dialog'
import { PasswordDialog } from '../session/password-dialog'
import { SessionLogDialog } from '../session-log/session-log-dialog'
import type { DialogKind, DialogsState, OpenDialog, PendingSend } from '../state/dialogs'
import { findProfile, unsharedKeyOf, type ProfilesState } from '../state/profiles'
import type { SessionState } from '../state/session'

interface AppDialogsProps {
  readonly client: MailroomClient
  readonly dialogs: DialogsState
  readonly profiles: ProfilesState
  readonly session: SessionState
  readonly info: AppInfo | undefined
  readonly connectedId: ProfileId | undefined
  /** The connected profile's gateway: its message limits and duplicate rule. */
  readonly gateway: Preset
  readonly profileCommands: ProfileCommands
  /** The Profile dialog saved one: what comes next depends on how (ProfileSaved). */
  readonly onProfileSaved: (profile: Profile, saved: ProfileSaved) => void
  /** Connect from the key handoff, once the provider has registered the key. */
  readonly onHandoffConnect: (profile: Profile) => void
  /** `id`: only that dialog, not a newer one of its kind opened meanwhile. */
  readonly onClose: (kind: DialogKind, id?: number) => void
  readonly onSendChosen: (send: PendingSend, choice: SendChoice) => void
  readonly onPassphrase: (profileId: ProfileId, passphrase: string, remember: boolean) => void
  readonly onPassword: (profileId: ProfileId, password: string) => void
  readonly onHostKeyAnswer: (trust: boolean) => void
}

/**
 * The dialogs open over the main window, in the order they opened, and the unknown host key
 * prompt of a connection under way. Each is drawn from state; closing one is an action.
 */
export function AppDialogs(props: AppDialogsProps) {
  const { dialogs, session, onHostKeyAnswer } = props
  return (
    <>
      {dialogs.open.map((dialog) => (
        // Keyed by its number: a <dialog> moved in the page would leave the top layer.
        <OneDialog key={dialog.id} dialog={dialog} {...props} />
      ))}
      {session.status === 'connecting' && session.hostKeyPrompt && (
        <UnknownHostKeyDialog prompt={session.hostKeyPrompt} onAnswer={onHostKeyAnswer} />
      )}
    </>
  )
}

function OneDialog({
  dialog,
  client,
  profiles,
  session,
  info,
  connectedId,
  gateway,
  profileCommands,
  onProfileSaved,
  onHandoffConnect,
  onClose,
  onSendChosen,
  onPassphrase,
  onPassword,
}: AppDialogsProps & { readonly dialog: OpenDialog }) {
  const nativeDialogs = info?.nativeDialogs === true
  const close = () => onClose(dialog.kind)
  switch (dialog.kind) {
    case 'profile':
      return (
        <ProfileDialog
          client={client}
          {...(dialog.profile ? { profile: dialog.profile } : {})}
          {...(dialog.preset ? { preset: dialog.preset } : {})}
          keys={profiles.keys}
          canBrowse={nativeDialogs}
          onKeysChanged={profileCommands.refreshKeys}
          onSaved={onProfileSaved}
          onCancel={close}
        />
      )
    case 'key-handoff':
      return (
        <KeyHandoffDialog
          client={client}
          canBrowse={nativeDialogs}
          profile={dialog.profile}
          keyInfo={profiles.keys.find((key) => key.id === dialog.profile.keyId)}
          preset={PRESETS[dialog.profile.preset]}
          failure={dialog.failure}
          connecting={session.status === 'connecting' && session.profileId === dialog.profile.id}
          onConnect={() => onHandoffConnect(dialog.profile)}
          onClose={close}
        />
      )
    case 'delete-profile':
      return (
        <DeleteProfileDialog
          profile={dialog.profile}
          unsharedKey={unsharedKeyOf(profiles, dialog.profile)}
          onDelete={(deleteKey) => void profileCommands.deleteProfile(dialog.profile, deleteKey)}
          onCancel={close}
        />
      )
    case 'import-sites':
      return info ? (
        <ImportSitesDialog
          client={client}
          usualPaths={info.usualPaths}
          canBrowse={nativeDialogs}
          onImported={profileCommands.sitesImported}
          onCancel={close}
        />
      ) : null
    case 'send-choice':
      return (
        <SendDialog
          gateway={gateway}
          mailboxName={dialog.send.mailboxName}
          files={dialog.send.files}
          offerMessage={dialog.send.offerMessage}
          offerZip={dialog.send.offerZip}
          duplicates={dialog.send.duplicates}
          onSend={(choice) => onSendChosen(dialog.send, choice)}
          onCancel={close}
        />
      )
    case 'passphrase':
      return (
        <PassphraseDialog
          message={dialog.message}
          canRemember={findProfile(profiles, dialog.profileId)?.keyId != null}
          onSubmit={(passphrase, remember) => onPassphrase(dialog.profileId, passphrase, remember)}
          onCancel={close}
        />
      )
    case 'password': {
      const profile = findProfile(profiles, dialog.profileId)
      return (
        <PasswordDialog
          profileName={profile?.name ?? 'this profile'}
          message={dialog.message}
          remembers={profile !== undefined && 'remember' in profile.auth && profile.auth.remember}
          onSubmit={(password) => onPassword(dialog.profileId, password)}
          onCancel={close}
        />
      )
    }
    case 'login-prompt':
      // The server's next round may open before this round's answer returns: close this one only.
      return (
        <LoginPromptDialog
          client={client}
          prompt={dialog.prompt}
          onClose={() => onClose(dialog.kind, dialog.id)}
        />
      )
    case 'pgp-passphrase':
      // A wrong passphrase asks again in a new dialog, maybe before this answer returns.
      return (
        <PgpPassphraseDialog
          prompt={dialog.prompt}
          onReply={async (reply) => {
            await client.call('pgp:answer-passphrase', {
              promptId: dialog.prompt.promptId,
              passphrase: reply?.passphrase ?? null,
              remember: reply?.remember ?? false,
            })
          }}
          onClose={() => onClose(dialog.kind, dialog.id)}
        />
      )
    case 'host-key-changed':
      return <HostKeyChangedDialog error={dialog.error} onClose={close} />
    case 'pickup-history':
      return <PickupHistoryDialog client={client} canShowInFolder={nativeDialogs} onClose={close} />
    case 'pgp-keys':
      return <PgpKeysDialog client={client} canBrowse={nativeDialogs} onClose={close} />
    case 'session-log':
      return (
        <SessionLogDialog
          client={client}
          onClose={close}
          {...(connectedId ? { profileId: connectedId } : {})}
        />
      )
  }
}

import { useCallback, useRef } from 'react'
import { PRESETS } from '../shared/presets'
import type { Profile } from '../shared/domain'
import type { RemotePath } from '../shared/remote-path'
import type { MailroomClient } from './api/client'
import { useAppCommands } from './app-commands/use-app-commands'
import { ErrorBanner } from './common/error-banner'
import { NoticeBanner } from './common/notice-banner'
import { AppDialogs } from './dialogs/app-dialogs'
import { FilesPane } from './files/files-pane'
import { useListing } from './files/use-listing'
import { AddGateway } from './first-run/add-gateway'
import { useFirstMailbox } from './first-run/use-first-mailbox'
import { findMailbox } from './mailboxes/find-mailbox'
import { mailboxTitle } from './mailboxes/mailbox-title'
import { MailboxesPane } from './mailboxes/mailboxes-pane'
import { sendTargetName } from './mailboxes/send-mailbox'
import { useFolderTree } from './mailboxes/use-folder-tree'
import { useMailboxDiscovery } from './mailboxes/use-mailbox-discovery'
import { usePickup, type PickupSelection } from './pickup/use-pickup'
import { ProfileManager } from './profiles/profile-manager'
import { useProfileCommands } from './profiles/use-profile-commands'
import type { ProfileSaved } from './profiles/use-profile-save'
import { useSending } from './sending/use-sending'
import { ConnectionBar } from './session/connection-bar'
import { useConnection } from './session/use-connection'
import type { Dialog } from './state/dialogs'
import { shownListing } from './state/listing'
import { browsesFolders } from './state/mailboxes'
import { findProfile, isFirstRun } from './state/profiles'
import { connectedProfileId } from './state/session'
import { useApiEvents } from './state/use-api-events'
import { useAppState } from './state/use-app-state'
import { RecoveredSendsNotice } from './transfers/recovered-sends-notice'
import { TransfersPanel } from './transfers/transfers-panel'
import { usePickupOutcomes } from './pickup/use-pickup-outcomes'

/**
 * The main window: the connection on top, then profiles, mailboxes and files, transfers below,
 * and the dialogs. It composes the panels; the state lives in `state/`, one part per domain.
 */
export function App({ client }: { readonly client: MailroomClient }) {
  const { state, dispatch, report } = useAppState(client)
  const { session, profiles, listing, banners, transfers, info } = state
  const connectedId = connectedProfileId(session)
  const connectedProfile = findProfile(profiles, connectedId)
  const nativeDialogs = info?.nativeDialogs === true
  const { layout } = state.mailboxes
  const browseFolders = browsesFolders(state.mailboxes)
  const folder = listing.folder
  // The gateway mailbox shown and its partner group, if what is shown is one (not a plain folder).
  const shownMailbox = folder === undefined ? undefined : findMailbox(layout, folder)
  const tree = useFolderTree(client, browseFolders ? connectedId : undefined)
  const fileInput = useRef<HTMLInputElement>(null)
  const open = (dialog: Dialog) => dispatch({ type: 'dialog-opened', dialog })
  const notice = (text: string) => dispatch({ type: 'notice-shown', notice: text })

  const profileCommands = useProfileCommands(client, dispatch, report)
  const discover = useMailboxDiscovery({ client, connectedId, transfers, dispatch, report })
  const { listFolder, selectFolder, cancelListing } = useListing({
    client,
    connectedId,
    layout,
    dispatch,
    report,
  })
  useApiEvents({
    client,
    dispatch,
    shownFolder: folder,
    onShownFolderChanged: (changed) => {
      void listFolder(changed)
      // The tree's waiting counts changed too.
      if (!browseFolders) void discover()
    },
  })
  const { connect, disconnect, answerHostKey } = useConnection({
    client,
    state,
    dispatch,
    report,
    refreshKeys: profileCommands.refreshKeys,
  })
  useFirstMailbox({
    connectedId,
    layout,
    firstRun: state.firstRun,
    folder,
    selectFolder,
    dispatch,
  })

  // "Save and connect" connects, but a key made just now is handed to the gateway first: a
  // login cannot work before the provider has registered it.
  const profileSaved = (profile: Profile, saved: ProfileSaved) => {
    profileCommands.profileSaved(profile)
    dispatch({ type: 'profile-saved', profileId: profile.id, ...saved })
    if (saved.connect && saved.keyMadeHere) open({ kind: 'key-handoff', profile })
    else if (saved.connect) void connect(profile.id)
  }

  const refresh = useCallback(() => {
    if (!connectedId) return
    if (browseFolders) void tree.reload(folder ?? ('' as RemotePath))
    else void discover()
    if (folder !== undefined) void listFolder(folder)
  }, [browseFolders, connectedId, discover, listFolder, folder, tree])

  const sending = useSending({
    client,
    connectedId,
    preset: connectedProfile?.preset,
    layout,
    transfers,
    report,
    setError: (error) => dispatch({ type: 'error-shown', error }),
    askChoice: (send) => open({ kind: 'send-choice', send }),
  })
  const pickup = usePickup({
    client,
    connectedId,
    preset: connectedProfile?.preset,
    folderPath: folder,
    mailbox: shownMailbox && {
      role: shownMailbox.mailbox.role,
      partner: shownMailbox.group.partner,
    },
    report,
    setError: (error) => dispatch({ type: 'error-shown', error }),
    setNotice: notice,
  })
  const pickedUp = usePickupOutcomes(client, transfers)
  const pickUp = async (selection: PickupSelection) => {
    if (await pickup.pickUp(selection)) dispatch({ type: 'files-selected', selected: new Set() })
  }

  // The application menu's commands and their keys (F5, Ctrl/Cmd+N, O, L).
  useAppCommands(client, {
    refresh,
    'new-profile': () => open({ kind: 'profile' }),
    'send-files': () =>
      connectedId && folder !== undefined
        ? fileInput.current?.click()
        : notice('Connect and choose a mailbox first, then send files to it.'),
    'session-log': () => open({ kind: 'session-log' }),
  })

  // The header names the profile the connection belongs to, whichever one is selected.
  const sessionProfileId = session.status === 'connecting' ? session.profileId : connectedId
  const shownProfile = findProfile(profiles, sessionProfileId ?? profiles.selectedId)

  return (
    <div className="app">
      <ConnectionBar
        session={session}
        profile={shownProfile}
        canConnect={findProfile(profiles, profiles.selectedId) !== undefined}
        onConnect={() => void connect()}
        onDisconnect={disconnect}
        onShowSessionLog={() => open({ kind: 'session-log' })}
        onShowPgpKeys={() => open({ kind: 'pgp-keys' })}
      />

      {banners.error && (
        <ErrorBanner
          error={banners.error}
          onDismiss={() => dispatch({ type: 'error-dismissed' })}
        />
      )}
      {banners.notice && (
        <NoticeBanner
          notice={banners.notice}
          onDismiss={() => dispatch({ type: 'notice-dismissed' })}
        />
      )}
      {state.recoveredSends.sends.length > 0 && (
        <RecoveredSendsNotice
          sends={state.recoveredSends.sends}
          onSendAgain={(id) => void client.call('transfer:retry', { transferId: id }).catch(report)}
          onDismiss={() => dispatch({ type: 'recovered-sends-dismissed' })}
        />
      )}

      <main className="workspace">
        <ProfileManager
          profiles={profiles}
          connected={connectedId}
          onSelect={(id) => dispatch({ type: 'profile-selected', profileId: id })}
          onConnect={(id) => void connect(id)}
          onNew={() => open({ kind: 'profile' })}
          onEdit={(profile) => open({ kind: 'profile', profile })}
          onClone={(id) => void profileCommands.cloneProfile(id)}
          onDelete={(profile) => open({ kind: 'delete-profile', profile })}
          onImportSites={() => open({ kind: 'import-sites' })}
        />
        {isFirstRun(profiles) ? (
          <AddGateway onChoose={(preset) => open({ kind: 'profile', preset })} />
        ) : (
          <>
            <MailboxesPane
              connected={connectedId !== undefined}
              hasProfiles={profiles.list.length > 0}
              layout={layout}
              browseFolders={browseFolders}
              tree={tree}
              selected={folder}
              onSelect={selectFolder}
              onDropFiles={sending.dropOn}
            />
            <FilesPane
              title={folder === undefined ? 'Files' : mailboxTitle(layout, folder)}
              connected={connectedId !== undefined}
              folder={folder}
              role={shownMailbox?.mailbox.role}
              listing={shownListing(listing)}
              selected={listing.selected}
              retention={connectedProfile ? PRESETS[connectedProfile.preset].retention : undefined}
              canDrop={browseFolders || shownMailbox?.mailbox.role === 'send'}
              sendTarget={folder === undefined ? '' : sendTargetName(layout, folder)}
              fileInput={fileInput}
              pickup={{
                folder: pickup.folder,
                keepOnServer: pickup.keepOnServer,
                canBrowse: nativeDialogs,
                onBrowse: () => client.call('dialog:choose-folder', { title: 'Pick up into' }),
                onChange: pickup.changeFolder,
                onKeepOnServerChange: pickup.setKeepOnServer,
                onShowHistory: () => open({ kind: 'pickup-history' }),
              }}
              onRefresh={refresh}
              onSendFiles={(target, files) => void sending.send(target, files, false)}
              onPickUp={(selection) => void pickUp(selection)}
              onSelect={(selected) => dispatch({ type: 'files-selected', selected })}
              onCancelListing={() => cancelListing(listing.listing)}
              onDropFiles={sending.dropOn}
              onDragOut={
                nativeDialogs && connectedId
                  ? (path) =>
                      void client
                        .call('transfer:drag-out', { profileId: connectedId, remotePath: path })
                        .then((localPath) => client.call('transfer:start-drag', { localPath }))
                        .catch(report)
                  : undefined
              }
            />
          </>
        )}
      </main>

      <TransfersPanel
        transfers={transfers}
        onRetry={(id) => void client.call('transfer:retry', { transferId: id }).catch(report)}
        onCancel={(id) => void client.call('transfer:cancel', { transferId: id }).catch(report)}
        onClear={() => dispatch({ type: 'transfers-cleared' })}
        pickedUp={pickedUp}
      />

      <AppDialogs
        client={client}
        dialogs={state.dialogs}
        profiles={profiles}
        session={session}
        info={info}
        connectedId={connectedId}
        gateway={PRESETS[connectedProfile?.preset ?? 'generic']}
        profileCommands={profileCommands}
        onProfileSaved={profileSaved}
        onHandoffConnect={(profile) => void connect(profile.id)}
        onClose={(kind, id) =>
          dispatch({ type: 'dialog-closed', kind, ...(id === undefined ? {} : { id }) })
        }
        onSendChosen={(send, choice) => {
          dispatch({ type: 'dialog-closed', kind: 'send-choice' })
          void sending.completeSend(send, choice)
        }}
        onPassphrase={(profileId, passphrase, remember) =>
          void connect(profileId, { passphrase }, remember)
        }
        onPassword={(profileId, password) => void connect(profileId, { password })}
        onHostKeyAnswer={answerHostKey}
      />
    </div>
  )
}

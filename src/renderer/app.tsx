import { useCallback, useEffect, useReducer, useRef, useState } from 'react'
import type {
  AppInfo,
  MailboxFile,
  Mailbox,
  MailboxLayout,
  KeyInfo,
  Profile,
  ProfileId,
  Transfer,
  TransferId,
} from '../shared/domain'
import type { ApiError } from '../shared/errors'
import { type RemotePath } from '../shared/remote-path'
import { asApiError, type MailroomClient } from './api/client'
import { useAppCommands } from './app-commands/use-app-commands'
import { ErrorBanner } from './common/error-banner'
import { FileTable } from './files/file-table'
import { PRESETS } from '../shared/presets'
import { FolderRefresh } from './files/folder-refresh'
import { HostKeyChangedDialog } from './hostkeys/host-key-changed-dialog'
import { UnknownHostKeyDialog } from './hostkeys/unknown-host-key-dialog'
import { FolderTree } from './mailboxes/folder-tree'
import { findMailbox } from './mailboxes/find-mailbox'
import { MailboxLayoutTree } from './mailboxes/mailbox-layout-tree'
import { useFolderTree } from './mailboxes/use-folder-tree'
import { PickupFolderField } from './pickup/pickup-folder-field'
import { PickupHistoryDialog } from './pickup/pickup-history-dialog'
import { SessionLogButton } from './session-log/session-log-button'
import { usePickup, type PickupSelection } from './pickup/use-pickup'
import { ProfileManager, type ProfileManagerActions } from './profiles/profile-manager'
import { notify } from './sending/batch-notifications'
import { SendDialog } from './sending/send-dialog'
import { useSending } from './sending/use-sending'
import { mailboxTitle } from './mailboxes/mailbox-title'
import { PassphraseDialog } from './session/passphrase-dialog'
import { connectedProfileId, initialSession, sessionReducer } from './state/session'
import { initialTransfers, isActive, transfersReducer } from './state/transfers'
import { TransfersPanel } from './transfers/transfers-panel'
import { UpdateBatcher } from './transfers/update-batcher'

type Listing = {
  readonly folder: RemotePath
  readonly files?: readonly MailboxFile[]
  readonly error?: ApiError
  /** While listing: its id (to cancel it) and the entries read so far. */
  readonly listingId?: string
  readonly count?: number
}

/** The main window: profiles and connection on top, mailboxes and files, transfers below. */
/** "The connection to x was lost. Connect again…" -> "The connection to x was lost." */
function firstSentence(message: string): string {
  const end = message.indexOf('. ')
  return end < 0 ? message : message.slice(0, end + 1)
}

export function App({ client }: { readonly client: MailroomClient }) {
  const [info, setInfo] = useState<AppInfo>()
  const [profiles, setProfiles] = useState<readonly Profile[]>([])
  const [profileId, setProfileId] = useState<ProfileId>()
  const [keys, setKeys] = useState<readonly KeyInfo[]>([])
  const [notice, setNotice] = useState<string>()
  const [session, dispatchSession] = useReducer(sessionReducer, initialSession)
  const [transfers, dispatchTransfers] = useReducer(transfersReducer, initialTransfers)
  // Progress of many files at once arrives as thousands of events a second: they reach the
  // state together, at most once a frame.
  const [transferUpdates] = useState(
    () =>
      new UpdateBatcher<Transfer>((batch) =>
        dispatchTransfers({ type: 'transfers-updated', transfers: batch, at: Date.now() }),
      ),
  )
  const [error, setError] = useState<ApiError>()
  const [hostKeyChanged, setHostKeyChanged] = useState<ApiError>()
  const [passphrasePrompt, setPassphrasePrompt] = useState<{
    profileId: ProfileId
    message: string
  }>()
  const [showHistory, setShowHistory] = useState(false)
  const [selectedFolder, setSelectedFolder] = useState<RemotePath>()
  const [listing, setListing] = useState<Listing>()
  const [selectedFiles, setSelectedFiles] = useState<ReadonlySet<RemotePath>>(new Set())
  const fileInput = useRef<HTMLInputElement>(null)
  const connectedId = connectedProfileId(session)
  const connectedProfile = profiles.find((candidate) => candidate.id === connectedId)
  const report = useCallback((failure: unknown) => setError(asApiError(failure)), [])
  const [layout, setLayout] = useState<MailboxLayout>()
  // The gateway mailbox shown and its partner group, if what is shown is one (not a plain folder).
  const shownMailbox =
    selectedFolder === undefined ? undefined : findMailbox(layout, selectedFolder)
  const selectedMailbox = shownMailbox?.mailbox
  // Generic profiles without named folders browse the server's folders instead.
  const browseFolders =
    layout !== undefined && layout.groups.length === 0 && layout.problems.length === 0
  const tree = useFolderTree(client, browseFolders ? connectedId : undefined)

  const discover = useCallback(async () => {
    if (!connectedId) return setLayout(undefined)
    try {
      const found = await client.call('mailboxes:discover', { profileId: connectedId })
      setLayout(found)
    } catch (failure) {
      report(failure)
    }
  }, [client, connectedId, report])

  useEffect(() => {
    setLayout(undefined)
    void discover()
  }, [discover])

  useEffect(() => {
    void Promise.all([
      client.call('app:info', {}),
      client.call('profiles:list', {}),
      client.call('transfer:list', {}),
      client.call('keys:list', {}),
    ])
      .then(([appInfo, list, existing, storedKeys]) => {
        setInfo(appInfo)
        setProfiles(list)
        setKeys(storedKeys)
        setProfileId((current) => current ?? list[0]?.id)
        dispatchTransfers({ type: 'transfers-updated', transfers: existing, at: Date.now() })
      })
      .catch(report)
  }, [client, report])

  const listFolder = useCallback(
    async (folder: RemotePath) => {
      if (!connectedId) return
      const listingId = crypto.randomUUID()
      setListing({ folder, listingId, count: 0 })
      try {
        const receive = findMailbox(layout, folder)?.mailbox.role === 'receive'
        const files = await client.call('mailboxes:list-files', {
          profileId: connectedId,
          path: folder,
          receive,
          listingId,
        })
        setListing((current) => (current?.listingId === listingId ? { folder, files } : current))
        setSelectedFiles(
          (current) =>
            new Set([...current].filter((path) => files.some((file) => file.path === path))),
        )
      } catch (failure) {
        const error = asApiError(failure)
        const shown =
          error.kind === 'cancelled'
            ? { ...error, message: 'Listing cancelled. Press Refresh (F5) to list again.' }
            : error
        setListing((current) =>
          current?.listingId === listingId ? { folder, error: shown } : current,
        )
      }
    },
    [client, connectedId, layout],
  )

  // Finished transfers in the shown mailbox (or its message folders) change it: list it again
  // once their batch is over. Kept across re-subscriptions, which happen mid-batch too.
  const folderRefresh = useRef<FolderRefresh | undefined>(undefined)
  useEffect(() => {
    if (folderRefresh.current?.folder !== selectedFolder)
      folderRefresh.current =
        selectedFolder === undefined ? undefined : new FolderRefresh(selectedFolder)
    const refresh = folderRefresh.current
    return client.subscribe((event) => {
      switch (event.name) {
        case 'transfer:update': {
          const transfer = event.payload
          transferUpdates.add(transfer)
          if (refresh?.update(transfer)) {
            void listFolder(refresh.folder)
            // The tree's waiting counts changed too.
            if (!browseFolders) void discover()
          }
          return
        }
        case 'hostkey:prompt':
          return dispatchSession({ type: 'host-key-asked', prompt: event.payload })
        case 'mailbox:new-files': {
          const { count, partner, autoPickup } = event.payload
          notify(
            `${count} new ${count === 1 ? 'file' : 'files'} from ${partner}`,
            autoPickup ? 'Picking them up now.' : 'Open Mailroom to pick them up.',
          )
          return setNotice(
            `${count} new ${count === 1 ? 'file' : 'files'} from ${partner}${autoPickup ? ': picking them up.' : '.'}`,
          )
        }
        case 'listing:progress': {
          const { listingId, count } = event.payload
          return setListing((current) =>
            current?.listingId === listingId && !current.files ? { ...current, count } : current,
          )
        }
        case 'session:reconnecting':
          return dispatchSession({ type: 'reconnecting', ...event.payload })
        case 'session:reconnected':
          return dispatchSession({ type: 'connected', info: event.payload })
        case 'session:closed':
          if (event.payload.reason) setError(event.payload.reason)
          return dispatchSession({ type: 'disconnected', profileId: event.payload.profileId })
      }
    })
  }, [browseFolders, client, discover, listFolder, selectedFolder, transferUpdates])

  useEffect(() => {
    setSelectedFolder(undefined)
    setListing(undefined)
    setSelectedFiles(new Set())
  }, [connectedId])

  const selectMailbox = (mailbox: Mailbox) => selectFolder(mailbox.path)

  const refresh = useCallback(() => {
    if (!connectedId) return
    if (browseFolders) void tree.reload(selectedFolder ?? ('' as RemotePath))
    else void discover()
    if (selectedFolder !== undefined) void listFolder(selectedFolder)
  }, [browseFolders, connectedId, discover, listFolder, selectedFolder, tree])

  // The application menu's commands and their keys (F5, Ctrl/Cmd+N, O, L).
  const profileActions = useRef<ProfileManagerActions>(null)
  const [sessionLogOpen, setSessionLogOpen] = useState(false)
  useAppCommands(client, {
    refresh,
    'new-profile': () => profileActions.current?.newProfile(),
    'send-files': () =>
      connectedId && selectedFolder !== undefined
        ? fileInput.current?.click()
        : setNotice('Connect and choose a mailbox first, then send files to it.'),
    'session-log': () => setSessionLogOpen(true),
  })

  const selectFolder = (folder: RemotePath) => {
    setSelectedFolder(folder)
    setSelectedFiles(new Set())
    void listFolder(folder)
  }

  const connect = async (
    target: ProfileId | undefined = profileId,
    passphrase?: string,
    remember = false,
  ) => {
    if (!target || session.status === 'connecting' || target === connectedId) return
    if (connectedId) {
      // One connection at a time: switching profiles ends the current one, but never under a
      // running transfer (a cut send leaves a partial file to clean up, a cut pickup waits).
      const busy = [...transfers.byId.values()].some(
        (transfer) => transfer.profileId === connectedId && isActive(transfer),
      )
      const name = (id: ProfileId) => profiles.find((candidate) => candidate.id === id)?.name
      if (busy) {
        setNotice(
          `Transfers are still running on ${name(connectedId) ?? 'this profile'}: let them finish or cancel them, then connect to ${name(target) ?? 'the other profile'}.`,
        )
        return
      }
      disconnect()
    }
    setProfileId(target)
    setError(undefined)
    setPassphrasePrompt(undefined)
    dispatchSession({ type: 'connect-started', profileId: target })
    try {
      const opened = await client.call(
        'session:open',
        passphrase === undefined ? { profileId: target } : { profileId: target, passphrase },
      )
      dispatchSession({ type: 'connected', info: opened })
      const keyId = profiles.find((candidate) => candidate.id === target)?.keyId
      if (passphrase !== undefined && remember && keyId) {
        await client.call('keys:remember-passphrase', { keyId, passphrase }).catch(report)
        await refreshKeys()
      }
    } catch (failure) {
      const apiError = asApiError(failure)
      dispatchSession({ type: 'connect-failed' })
      if (apiError.kind === 'passphrase-needed' || apiError.kind === 'bad-passphrase')
        setPassphrasePrompt({ profileId: target, message: apiError.message })
      else if (apiError.kind === 'host-key-changed') setHostKeyChanged(apiError)
      else setError(apiError)
    }
  }

  const disconnect = () => {
    if (!connectedId) return
    void client.call('session:close', { profileId: connectedId }).catch(report)
    dispatchSession({ type: 'disconnected', profileId: connectedId })
  }

  const answerHostKey = (trust: boolean) => {
    if (session.status !== 'connecting' || !session.hostKeyPrompt) return
    const { promptId } = session.hostKeyPrompt
    dispatchSession({ type: 'host-key-answered' })
    void client.call('hostkey:answer', { promptId, trust }).catch(report)
  }

  const refreshKeys = useCallback(async () => setKeys(await client.call('keys:list', {})), [client])
  const refreshProfiles = async (select?: ProfileId) => {
    const list = await client.call('profiles:list', {})
    setProfiles(list)
    if (select) setProfileId(select)
    return list
  }

  // When the gateway takes a sent file, re-discover: that shows any new file in failed/.
  const takenCount = [...transfers.byId.values()].filter(
    (transfer) => transfer.takenAt !== undefined,
  ).length
  useEffect(() => {
    if (takenCount > 0) void discover()
  }, [takenCount, discover])

  const { pendingSend, cancelSend, send, completeSend, dropOn } = useSending({
    client,
    connectedId,
    preset: connectedProfile?.preset,
    layout,
    transfers,
    report,
    setError,
  })

  const pickup = usePickup({
    client,
    connectedId,
    preset: connectedProfile?.preset,
    folderPath: selectedFolder,
    mailbox: shownMailbox && {
      role: shownMailbox.mailbox.role,
      partner: shownMailbox.group.partner,
    },
    report,
    setError,
    setNotice,
  })
  const pickUp = async (selection: PickupSelection) => {
    if (await pickup.pickUp(selection)) setSelectedFiles(new Set())
  }

  const profile = profiles.find((candidate) => candidate.id === profileId)
  // The header names the profile the connection belongs to, whichever one is selected.
  const sessionProfileId = session.status === 'connecting' ? session.profileId : connectedId
  const shownProfile = profiles.find(
    (candidate) => candidate.id === (sessionProfileId ?? profileId),
  )
  const nativeDialogs = info?.nativeDialogs === true
  const status =
    session.status === 'connected'
      ? session.reconnecting
        ? `Reconnecting to ${session.info.host}… (attempt ${session.reconnecting.attempt}: ${firstSentence(session.reconnecting.reason.message)})`
        : `Connected to ${session.info.host} as ${session.info.username}`
      : session.status === 'connecting'
        ? 'Connecting…'
        : 'Not connected'

  return (
    <div className="app">
      <header className="toolbar">
        <h1 className="brand">Mailroom</h1>
        <span className="current-profile">{shownProfile ? shownProfile.name : ''}</span>
        {session.status === 'connected' ? (
          <button type="button" onClick={disconnect}>
            Disconnect
          </button>
        ) : (
          <button
            type="button"
            className="primary"
            disabled={!profile || session.status === 'connecting'}
            onClick={() => void connect()}
          >
            Connect
          </button>
        )}
        <span
          className={`status status-${session.status === 'connected' && session.reconnecting ? 'reconnecting' : session.status}`}
          role="status"
        >
          {status}
        </span>
        <SessionLogButton
          client={client}
          open={sessionLogOpen}
          setOpen={setSessionLogOpen}
          {...(connectedId ? { profileId: connectedId } : {})}
        />
      </header>

      {error && <ErrorBanner error={error} onDismiss={() => setError(undefined)} />}
      {notice && (
        <div role="status" className="banner banner-info">
          <span>{notice}</span>
          <button type="button" className="link-button" onClick={() => setNotice(undefined)}>
            Dismiss
          </button>
        </div>
      )}

      <main className="workspace">
        <ProfileManager
          actions={profileActions}
          client={client}
          profiles={profiles}
          selected={profileId}
          connected={connectedId}
          keys={keys}
          info={info}
          onSelect={setProfileId}
          onConnect={(id) => void connect(id)}
          onProfilesChanged={refreshProfiles}
          onKeysChanged={refreshKeys}
          onNotice={setNotice}
          report={report}
        />
        <nav className="mailboxes" aria-label="Mailbox folders">
          <div className="pane-header">
            <h2>Mailboxes</h2>
          </div>
          {connectedId && layout && !browseFolders ? (
            <MailboxLayoutTree
              layout={layout}
              selected={selectedFolder}
              onSelect={selectMailbox}
              onDropFiles={(mailbox, data) => dropOn(mailbox.path, data)}
            />
          ) : connectedId && browseFolders ? (
            <FolderTree
              children={tree.children}
              expanded={tree.expanded}
              selected={selectedFolder}
              onToggle={tree.toggle}
              onSelect={selectFolder}
              onDropFiles={dropOn}
            />
          ) : (
            <p className="placeholder">
              {connectedId
                ? 'Finding the mailboxes…'
                : profiles.length === 0
                  ? 'Create a profile to begin: New profile.'
                  : 'Connect to see the mailboxes.'}
            </p>
          )}
        </nav>

        <section className="files" aria-label="Folder contents">
          <div className="pane-header">
            <h2 className="folder-title">
              {selectedFolder === undefined ? 'Files' : mailboxTitle(layout, selectedFolder)}
            </h2>
            <div className="actions">
              <button type="button" disabled={!connectedId} title="Refresh (F5)" onClick={refresh}>
                Refresh
              </button>
              <button
                type="button"
                disabled={!connectedId || selectedFolder === undefined}
                onClick={() => fileInput.current?.click()}
              >
                Send files…
              </button>
              <input
                ref={fileInput}
                type="file"
                multiple
                hidden
                onChange={(event) => {
                  const files = [...(event.target.files ?? [])]
                  event.target.value = ''
                  if (selectedFolder !== undefined) void send(selectedFolder, files, false)
                }}
              />
              <button
                type="button"
                className="primary"
                disabled={selectedFiles.size === 0}
                onClick={() => void pickUp({ paths: [...selectedFiles] })}
              >
                Pick up
              </button>
              <button
                type="button"
                disabled={!connectedId || selectedMailbox?.role !== 'receive'}
                title="Every file in this mailbox older than a minute"
                onClick={() => selectedMailbox && void pickUp({ all: selectedMailbox.path })}
              >
                Pick up all
              </button>
            </div>
          </div>
          <PickupFolderField
            folder={pickup.folder}
            canBrowse={nativeDialogs}
            onBrowse={() => client.call('dialog:choose-folder', { title: 'Pick up into' })}
            onChange={pickup.changeFolder}
            keepOnServer={pickup.keepOnServer}
            onKeepOnServerChange={pickup.setKeepOnServer}
            onShowHistory={() => setShowHistory(true)}
          />
          <FileTable
            folder={selectedFolder}
            files={listing?.folder === selectedFolder ? listing?.files : undefined}
            error={listing?.folder === selectedFolder ? listing?.error : undefined}
            listingCount={listing?.folder === selectedFolder ? listing?.count : undefined}
            onCancelListing={() =>
              listing?.listingId &&
              void client
                .call('mailboxes:cancel-listing', { listingId: listing.listingId })
                .catch(report)
            }
            selected={selectedFiles}
            retention={connectedProfile ? PRESETS[connectedProfile.preset].retention : undefined}
            now={Date.now()}
            onSelect={setSelectedFiles}
            onActivate={(path) => void pickUp({ paths: [path] })}
            canDrop={browseFolders || selectedMailbox?.role === 'send'}
            onDropFiles={(data) => selectedFolder !== undefined && dropOn(selectedFolder, data)}
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
        </section>
      </main>

      <TransfersPanel
        transfers={transfers}
        onRetry={(id: TransferId) =>
          void client.call('transfer:retry', { transferId: id }).catch(report)
        }
        onCancel={(id: TransferId) =>
          void client.call('transfer:cancel', { transferId: id }).catch(report)
        }
        onClear={() => dispatchTransfers({ type: 'transfers-cleared' })}
      />

      {showHistory && (
        <PickupHistoryDialog
          client={client}
          canShowInFolder={nativeDialogs}
          onClose={() => setShowHistory(false)}
        />
      )}
      {pendingSend && (
        <SendDialog
          gateway={PRESETS[connectedProfile?.preset ?? 'generic']}
          mailboxName={pendingSend.mailboxName}
          files={pendingSend.files}
          offerMessage={pendingSend.offerMessage}
          offerZip={pendingSend.offerZip}
          duplicates={pendingSend.duplicates}
          onSend={(choice) => void completeSend(choice)}
          onCancel={cancelSend}
        />
      )}
      {session.status === 'connecting' && session.hostKeyPrompt && (
        <UnknownHostKeyDialog prompt={session.hostKeyPrompt} onAnswer={answerHostKey} />
      )}
      {hostKeyChanged && (
        <HostKeyChangedDialog error={hostKeyChanged} onClose={() => setHostKeyChanged(undefined)} />
      )}
      {passphrasePrompt && (
        <PassphraseDialog
          message={passphrasePrompt.message}
          canRemember={
            profiles.find((candidate) => candidate.id === passphrasePrompt.profileId)?.keyId != null
          }
          onSubmit={(passphrase, remember) =>
            void connect(passphrasePrompt.profileId, passphrase, remember)
          }
          onCancel={() => setPassphrasePrompt(undefined)}
        />
      )}
    </div>
  )
}

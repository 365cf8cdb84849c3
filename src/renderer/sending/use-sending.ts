import { useEffect, useState } from 'react'
import type { MailboxLayout, Profile, ProfileId, TransferId } from '../../shared/domain'
import type { ApiError } from '../../shared/errors'
import { PRESETS } from '../../shared/presets'
import type { RemotePath } from '../../shared/remote-path'
import type { MailroomClient } from '../api/client'
import { findMailbox } from '../mailboxes/find-mailbox'
import { mailboxTitle } from '../mailboxes/mailbox-title'
import type { PendingSend } from '../state/dialogs'
import type { TransfersState } from '../state/transfers'
import { askForNotifications, batchOutcome, notify, type SendBatch } from './batch-notifications'
import type { SendChoice } from './send-dialog'

interface SendingDeps {
  readonly client: MailroomClient
  readonly connectedId: ProfileId | undefined
  readonly preset: Profile['preset'] | undefined
  readonly layout: MailboxLayout | undefined
  readonly transfers: TransfersState
  readonly report: (failure: unknown) => void
  readonly setError: (error: ApiError) => void
  /** Opens the send dialog: the gateway wants a choice before these files go. */
  readonly askChoice: (pending: PendingSend) => void
}

/**
 * Sending by the gateway's rules, as the UI drives it: files dropped or chosen, the choice dialog
 * where the gateway needs one, and a notification when each batch has finished.
 */
export function useSending({
  client,
  connectedId,
  preset,
  layout,
  transfers,
  report,
  setError,
  askChoice,
}: SendingDeps) {
  const [batches, setBatches] = useState<readonly SendBatch[]>([])

  const track = (ids: readonly TransferId[], mailboxName: string) => {
    askForNotifications()
    setBatches((current) => [...current, { ids, mailboxName }])
  }

  useEffect(() => {
    const finished = batches.filter((batch) => batchOutcome(batch, transfers.byId) !== undefined)
    if (finished.length === 0) return
    for (const batch of finished) {
      const outcome = batchOutcome(batch, transfers.byId)
      if (outcome) notify(outcome.title, outcome.body)
    }
    setBatches((current) => current.filter((batch) => !finished.includes(batch)))
  }, [batches, transfers])

  const send = async (folder: RemotePath, files: readonly File[], hasFolders: boolean) => {
    if (!connectedId)
      return setError({
        kind: 'not-connected',
        message: 'Connect first, then drop files onto a mailbox.',
      })
    if (hasFolders)
      return setError({
        kind: 'invalid-input',
        message:
          'Folders cannot be sent: drop the files inside the folder instead. Nothing was sent.',
      })
    if (files.length === 0) return
    try {
      const localPaths = await client.localPathsOf(files)
      const names = files.map((file) => file.name)
      // Empty unless the gateway has a duplicate rule (core reads it from the preset).
      const duplicates = await client.call('transfer:check-duplicates', {
        profileId: connectedId,
        remoteFolder: folder,
        names,
      })
      const gateway = preset === undefined ? undefined : PRESETS[preset]
      const offerMessage = gateway?.multiFileMessage !== undefined && files.length > 1
      const offerZip = gateway?.zipsSeveralFiles === true && files.length > 1
      if (offerMessage || offerZip || duplicates.length > 0) {
        const found = findMailbox(layout, folder)
        askChoice({
          folder,
          mailboxName: found
            ? `${found.group.partner} ${found.mailbox.label}`
            : folder || 'the login folder',
          files: files.map((file) => ({ name: file.name, size: file.size })),
          localPaths,
          offerMessage,
          offerZip,
          duplicates,
        })
        return
      }
      track(
        await client.call('transfer:send', {
          profileId: connectedId,
          remoteFolder: folder,
          localPaths,
        }),
        mailboxTitle(layout, folder),
      )
    } catch (failure) {
      report(failure)
    }
  }

  /** Sends what the dialog asked about, as the person chose (the dialog has closed). */
  const completeSend = async (pending: PendingSend, choice: SendChoice) => {
    if (!connectedId) return
    const base = { profileId: connectedId, remoteFolder: pending.folder }
    try {
      if (choice.kind === 'one-message') {
        track(
          await client.call('transfer:send', {
            ...base,
            localPaths: pending.localPaths,
            asMessage: true,
          }),
          pending.mailboxName,
        )
      } else if (choice.kind === 'zip') {
        const archive = await client.call('transfer:zip', {
          localPaths: pending.localPaths,
          archiveName: choice.archiveName,
        })
        track(
          await client.call('transfer:send', { ...base, localPaths: [archive] }),
          pending.mailboxName,
        )
      } else {
        const renamed = new Map(
          pending.duplicates.map((duplicate) => [duplicate.name, duplicate.suggestion]),
        )
        const remoteNames =
          choice.renameDuplicates && renamed.size > 0
            ? pending.files.map((file) => renamed.get(file.name) ?? file.name)
            : undefined
        track(
          await client.call('transfer:send', {
            ...base,
            localPaths: pending.localPaths,
            ...(remoteNames ? { remoteNames } : {}),
          }),
          pending.mailboxName,
        )
      }
    } catch (failure) {
      report(failure)
    }
  }

  /** Files dropped from the desktop onto a mailbox: folders among them refuse the drop. */
  const dropOn = (folder: RemotePath, data: DataTransfer) => {
    const hasFolders = [...data.items].some(
      (item) => item.webkitGetAsEntry?.()?.isDirectory === true,
    )
    void send(folder, [...data.files], hasFolders)
  }

  return { send, completeSend, dropOn }
}

import type {
  Mailbox,
  MailboxGroup,
  MailboxLayout,
  MailboxRole,
  Profile,
  RemoteEntry,
} from '../../../shared/domain'
import { childPath, remotePath, type RemotePath } from '../../../shared/remote-path'
import { toApiError } from '../errors'
import type { SftpSession } from '../sftp/sftp-session'
import { MESSAGE_FOLDER } from './list-mailbox-files'

/** Listing a folder: the session's own, or a stand-in in tests. */
type List = (path: RemotePath) => Promise<RemoteEntry[]>

const path = (text: string) => remotePath.parse(text)

/**
 * Finds the mailboxes of a profile by listing the server the way its gateway lays them out
 * (DESIGN.md section 1). A missing folder or one without permission becomes a mailbox with an
 * error, never a failure of the whole discovery. Listings run a few at a time on the one channel.
 */
export async function discoverMailboxes(
  session: Pick<SftpSession, 'list'>,
  profile: Pick<Profile, 'preset' | 'name' | 'sendFolders' | 'receiveFolders'>,
): Promise<MailboxLayout> {
  const list: List = (folder) => session.list(folder)
  switch (profile.preset) {
    case 'amili':
      return {
        preset: 'amili',
        groups: [
          {
            station: '',
            partner: 'Amili',
            test: false,
            mailboxes: await describeAll(list, [
              ['input', 'send', 'input'],
              ['pickup', 'receive', 'pickup'],
            ]),
          },
        ],
        problems: [],
      }
    case 'generic': {
      const wanted: Array<[string, MailboxRole, string]> = [
        ...profile.sendFolders.map((folder): [string, MailboxRole, string] => [
          folder,
          'send',
          folder || 'login folder',
        ]),
        ...profile.receiveFolders.map((folder): [string, MailboxRole, string] => [
          folder,
          'receive',
          folder || 'login folder',
        ]),
      ]
      return {
        preset: 'generic',
        groups: wanted.length
          ? [
              {
                station: '',
                partner: profile.name,
                test: false,
                mailboxes: await describeAll(list, wanted),
              },
            ]
          : [],
        problems: [],
      }
    }
    case 'as2-gateway':
      return discoverAs2Gateway(list)
    case 'mft-gateway':
      return discoverMftGateway(list)
  }
}

async function discoverAs2Gateway(list: List): Promise<MailboxLayout> {
  const root = await subfolders(list, path('as2gateway'))
  if ('error' in root)
    return {
      preset: 'as2-gateway',
      groups: [],
      problems: [
        `The as2gateway folder could not be listed: ${root.error.message} Is this an AS2 Gateway account?`,
      ],
    }
  const groups: MailboxGroup[] = []
  for (const station of root.folders) {
    const partners = await subfolders(list, childPath(path('as2gateway'), station))
    if ('error' in partners) continue
    for (const partner of partners.folders) {
      const base = childPath(childPath(path('as2gateway'), station), partner)
      const inside = await subfolders(list, base)
      const names = 'error' in inside ? [] : inside.folders
      const trio = (folder: RemotePath): Array<[string, MailboxRole, string]> => [
        [`${folder}/outbox`, 'send', 'outbox'],
        [`${folder}/inbox`, 'receive', 'inbox'],
        [`${folder}/failed`, 'failed', 'failed'],
      ]
      // A partner folder holding only test/ is a test partner; one with both has both.
      if (names.some((name) => name === 'inbox' || name === 'outbox') || !names.includes('test')) {
        groups.push({
          station,
          partner,
          test: false,
          mailboxes: await describeAll(list, trio(base)),
        })
      }
      if (names.includes('test')) {
        groups.push({
          station,
          partner,
          test: true,
          mailboxes: await describeAll(list, trio(childPath(base, 'test'))),
        })
      }
    }
  }
  return {
    preset: 'as2-gateway',
    groups,
    problems:
      root.folders.length === 0 ? ['No AS2 stations yet: create one in AS2 Gateway first.'] : [],
  }
}

async function discoverMftGateway(list: List): Promise<MailboxLayout> {
  const pairs = new Map<string, { station: string; partner: string }>()
  const problems: string[] = []
  for (const top of ['AS2/send', 'AS2/files']) {
    const stations = await subfolders(list, path(top))
    if ('error' in stations) {
      problems.push(
        `${top} could not be listed: ${stations.error.message} Is this an MFT Gateway account?`,
      )
      continue
    }
    for (const station of stations.folders) {
      const partners = await subfolders(list, childPath(path(top), station))
      if ('error' in partners) continue
      for (const partner of partners.folders)
        pairs.set(`${station}\u0000${partner}`, { station, partner })
    }
  }
  const groups: MailboxGroup[] = []
  for (const { station, partner } of [...pairs.values()].sort(
    (a, b) => a.station.localeCompare(b.station) || a.partner.localeCompare(b.partner),
  )) {
    groups.push({
      station,
      partner,
      test: false,
      mailboxes: await describeAll(list, [
        [`AS2/send/${station}/${partner}`, 'send', 'send'],
        [`AS2/files/${station}/${partner}/inbox`, 'receive', 'inbox'],
        [`AS2/files/${station}/${partner}/outbox`, 'sent', 'sent'],
        [`AS2/duplicate/${station}/${partner}`, 'duplicate', 'duplicates'],
      ]),
    })
  }
  // MDNs belong to the account, not to one partner. AS2/keystore and AS2/tmp are never shown.
  const mdns = await describeAll(list, [
    ['AS2/raw-mdn/incoming', 'mdn', 'MDNs received'],
    ['AS2/raw-mdn/outgoing', 'mdn', 'MDNs sent'],
  ])
  if (mdns.some((mailbox) => !mailbox.error))
    groups.push({ station: '', partner: 'MDNs', test: false, mailboxes: mdns })
  return { preset: 'mft-gateway', groups, problems }
}

async function describeAll(
  list: List,
  wanted: ReadonlyArray<readonly [string, MailboxRole, string]>,
): Promise<Mailbox[]> {
  return Promise.all(
    wanted.map(([folder, role, label]) => describe(list, path(folder), role, label)),
  )
}

/** A mailbox with its waiting files counted (message folders count their files). */
async function describe(
  list: List,
  folder: RemotePath,
  role: MailboxRole,
  label: string,
): Promise<Mailbox> {
  let entries: RemoteEntry[]
  try {
    entries = await list(folder)
  } catch (error) {
    return { path: folder, role, label, fileCount: null, error: toApiError(error) }
  }
  let count = entries.filter((entry) => entry.kind === 'file').length
  // Files inside message folders count too, where files arrive: not in send, sent or MDN folders.
  const arrivals = role !== 'send' && role !== 'sent' && role !== 'mdn'
  for (const entry of entries) {
    if (arrivals && entry.kind === 'directory' && MESSAGE_FOLDER.test(entry.name)) {
      count += (await list(entry.path).catch(() => [])).filter(
        (inner) => inner.kind === 'file',
      ).length
    }
  }
  return { path: folder, role, label, fileCount: count }
}

async function subfolders(
  list: List,
  folder: RemotePath,
): Promise<{ folders: string[] } | { error: ReturnType<typeof toApiError> }> {
  try {
    const entries = await list(folder)
    return {
      folders: entries
        .filter((entry) => entry.kind === 'directory')
        .map((entry) => entry.name)
        .sort((a, b) => a.localeCompare(b)),
    }
  } catch (error) {
    return { error: toApiError(error) }
  }
}

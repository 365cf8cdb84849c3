import type { CallName, CallOutput, ParsedCallInput } from '../../../shared/api-contract'
import type { Profile } from '../../../shared/domain'
import { MailroomError } from '../errors'
import type { HostKeyPrompts } from '../known-hosts/host-key-prompts'
import { pickUpFiles } from '../pickup/pick-up-files'
import type { ProfileStore } from '../profiles/profile-store'
import { passphraseAccount, type SecretStore } from '../secrets/secret-store'
import type { SessionManager } from '../sessions/session-manager'
import type { SettingsFileStore, StoredProfile } from '../settings/settings-file'
import { sendFiles } from '../transfer/send-files'
import type { TransferQueue } from '../transfer/transfer-queue'

/** What differs between the Electron app and the web bridge: how the person picks files. */
export interface Platform {
  readonly transport: 'electron' | 'web'
  readonly version: string
  /** Native dialogs; absent in the web bridge, where paths are typed. */
  readonly chooseFolder?: (title: string) => Promise<string | null>
  readonly chooseFile?: (title: string) => Promise<string | null>
}

export interface HandlerDeps {
  readonly platform: Platform
  readonly settingsFile: SettingsFileStore
  readonly profiles: ProfileStore
  readonly secrets: SecretStore
  readonly sessions: SessionManager
  readonly prompts: HostKeyPrompts
  readonly transfers: TransferQueue
}

/** One handler per call of the contract; inputs arrive already validated. */
export type Handlers = { [N in CallName]: (input: ParsedCallInput<N>) => Promise<CallOutput<N>> }

export function createHandlers(deps: HandlerDeps): Handlers {
  const { platform, settingsFile, profiles, secrets, sessions, prompts, transfers } = deps
  const describe = async (stored: StoredProfile): Promise<Profile> => ({
    ...stored,
    hasStoredPassphrase: (await secrets.get(passphraseAccount(stored.id))) !== null,
  })
  const noNativeDialogs = () =>
    new MailroomError(
      'not-supported',
      'File dialogs are not available in the web UI: type the path instead.',
    )

  return {
    'app:info': async () => ({
      version: platform.version,
      transport: platform.transport,
      nativeDialogs: platform.chooseFolder !== undefined,
    }),
    'settings:get': async () => settingsFile.read('settings'),
    'settings:update': async (changes) => {
      const next = { ...settingsFile.read('settings'), ...changes }
      settingsFile.write('settings', next)
      return next
    },

    'profiles:list': async () => Promise.all(profiles.list().map(describe)),
    'profiles:save': async ({ id, profile, passphrase }) => {
      const saved = profiles.save(id, profile)
      if (passphrase) await secrets.set(passphraseAccount(saved.id), passphrase)
      else if (passphrase === '') await secrets.delete(passphraseAccount(saved.id))
      return describe(saved)
    },
    'profiles:delete': async ({ id }) => {
      sessions.close(id)
      profiles.delete(id)
      await secrets.delete(passphraseAccount(id))
      return null
    },

    'session:open': async ({ profileId, passphrase }) => sessions.open(profileId, passphrase),
    'session:close': async ({ profileId }) => {
      sessions.close(profileId)
      return null
    },
    'hostkey:answer': async ({ promptId, trust }) => {
      prompts.answer(promptId, trust)
      return null
    },

    'remote:list': async ({ profileId, path }) => sessions.get(profileId).list(path),

    'transfer:send': async ({ profileId, remoteFolder, localPaths }) =>
      sendFiles(transfers, sessions.get(profileId), profileId, remoteFolder, localPaths),
    'transfer:pickup': async ({ profileId, remotePaths, localFolder }) =>
      pickUpFiles(transfers, sessions.get(profileId), profileId, remotePaths, localFolder),
    'transfer:cancel': async ({ transferId }) => {
      transfers.cancel(transferId)
      return null
    },
    'transfer:list': async () => transfers.list(),

    'dialog:choose-folder': async ({ title }) => {
      if (!platform.chooseFolder) throw noNativeDialogs()
      return platform.chooseFolder(title)
    },
    'dialog:choose-file': async ({ title }) => {
      if (!platform.chooseFile) throw noNativeDialogs()
      return platform.chooseFile(title)
    },
  }
}

import { z } from 'zod'
import {
  appInfo,
  hostKeyInfo,
  hostKeyPrompt,
  keyId,
  keyInfo,
  mailboxFile,
  pickupHistoryEntry,
  mailboxLayout,
  profile,
  profileId,
  profileInput,
  siteCandidate,
  siteSource,
  remoteEntry,
  sessionInfo,
  settings,
  transfer,
  transferId,
} from './domain'
import { apiError } from './errors'
import { pgpFingerprint, pgpKeyInfo } from './pgp'
import type { CallNameList } from './call-names'
import { recoveredSend } from './recovered-send'
import { loginPrompt, MOST_PROMPTS } from './login-prompt'
import { pgpPassphraseClosed, pgpPassphrasePrompt } from './pgp-passphrase-prompt'
import { remotePath } from './remote-path'
import { sessionLogEntry } from './session-log'

/**
 * The one contract between the UI and the main side. Every call names its input schema (the
 * main side validates every input against it, whatever the transport) and its result schema
 * (results are parsed too, which also strips any field the contract does not name, so nothing
 * unlisted, a secret least of all, can leak to the renderer). The preload, the ipcMain
 * registration and the web bridge are thin adapters over this table.
 */
function call<I extends z.ZodType, O extends z.ZodType>(input: I, output: O) {
  return { input, output }
}

const none = z.object({}).strict()
// A server named by host and port: one of a profile's jump hosts.
const hostAndPort = z
  .object({ host: z.string().trim().min(1).max(253), port: z.number().int().min(1).max(65535) })
  .strict()

/** A key file to import: a path the window was granted, or text pasted, up to `maxTextBytes`. */
const keySource = (maxTextBytes: number) =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('path'), path: z.string().min(1).max(4096) }).strict(),
    z.object({ kind: z.literal('text'), text: z.string().min(1).max(maxTextBytes) }).strict(),
  ])

export const apiCalls = {
  'app:info': call(none, appInfo),
  'settings:get': call(none, settings),
  'settings:update': call(settings.omit({ pickupFolders: true }).partial().strict(), settings),
  /** Where a mailbox is picked up into: the remembered folder, or Documents/Mailroom/<profile>/<partner>. */
  'pickup:folder': call(
    z.object({ profileId, mailboxPath: remotePath, partner: z.string().max(255) }).strict(),
    z.object({ folder: z.string(), remembered: z.boolean() }),
  ),
  'pickup:set-folder': call(
    z.object({ profileId, mailboxPath: remotePath, folder: z.string().min(1).max(4096) }).strict(),
    z.null(),
  ),

  'profiles:list': call(none, z.array(profile)),
  /**
   * Creates or replaces a profile. `proxyPassword`: the password of the proxy's login, kept in
   * the OS keychain, never in the settings file (null forgets it; left out, it stays as it is).
   * The profile and its password are stored together or not at all.
   */
  'profiles:save': call(
    z
      .object({
        id: profileId.optional(),
        profile: profileInput,
        proxyPassword: z.string().max(1024).nullable().optional(),
      })
      .strict(),
    profile,
  ),
  /** Which of the profile's secrets the keychain holds, for the dialog to say so (never them). */
  'profiles:stored-secrets': call(
    z.object({ id: profileId }).strict(),
    z.object({ proxyPassword: z.boolean() }),
  ),
  'profiles:clone': call(z.object({ id: profileId }).strict(), profile),
  /** Deletes the profile; `deleteKey` also deletes its key when no other profile uses it. */
  'profiles:delete': call(z.object({ id: profileId, deleteKey: z.boolean() }).strict(), z.null()),
  /** The key trusted for the profile's server, or for one of its jump hosts (`server`). */
  'profiles:trusted-host-key': call(
    z.object({ id: profileId, server: hostAndPort.optional() }).strict(),
    hostKeyInfo.extend({ trustedAt: z.number() }).nullable(),
  ),
  /**
   * Forgets the trusted host key of the profile's server, or of one of its jump hosts
   * (`server`), so the next connection asks again: replacing a key on purpose.
   */
  'profiles:forget-host-key': call(
    z.object({ id: profileId, server: hostAndPort.optional() }).strict(),
    z.null(),
  ),
  /**
   * Keeps the profile's password in the OS keychain (never in the settings file), for a
   * profile whose login remembers it; replaces one stored before. It is proved at the next
   * connect, not here.
   */
  'profiles:remember-password': call(
    z.object({ id: profileId, password: z.string().min(1).max(1024) }).strict(),
    z.null(),
  ),
  /** Deletes the profile's stored password: the next connect asks for it (password-needed). */
  'profiles:forget-password': call(z.object({ id: profileId }).strict(), z.null()),
  /** Whether the keychain holds a password for the profile (never the password itself). */
  'profiles:password-stored': call(z.object({ id: profileId }).strict(), z.boolean()),

  'sites:preview': call(
    z.object({ source: siteSource, path: z.string().min(1).max(4096) }).strict(),
    z.array(siteCandidate),
  ),
  'sites:import': call(
    z
      .object({
        source: siteSource,
        path: z.string().min(1).max(4096),
        chosen: z.array(z.number().int().nonnegative()).max(10_000),
        knownHostsPath: z.string().min(1).max(4096).optional(),
      })
      .strict(),
    z.object({ profiles: z.array(profile), notes: z.array(z.string()) }),
  ),

  'keys:list': call(none, z.array(keyInfo)),
  'keys:generate': call(
    z
      .object({
        comment: z.string().trim().max(200),
        passphrase: z.string().max(1024).optional(),
        rememberPassphrase: z.boolean(),
      })
      .strict(),
    keyInfo,
  ),
  'keys:import': call(
    z
      .object({
        source: keySource(64 * 1024),
        passphrase: z.string().max(1024).optional(),
        rememberPassphrase: z.boolean(),
      })
      .strict(),
    keyInfo,
  ),
  'keys:remember-passphrase': call(
    z.object({ keyId, passphrase: z.string().min(1).max(1024).nullable() }).strict(),
    keyInfo,
  ),
  'keys:export-private': call(
    z
      .object({
        keyId,
        format: z.enum(['openssh', 'ppk']),
        path: z.string().min(1).max(4096),
        passphrase: z.string().max(1024).optional(),
        exportPassphrase: z.string().max(1024).optional(),
      })
      .strict(),
    z.null(),
  ),
  'keys:export-public': call(
    z.object({ keyId, path: z.string().min(1).max(4096) }).strict(),
    z.null(),
  ),
  'keys:delete': call(z.object({ keyId }).strict(), z.null()),

  /** OpenPGP keys, partners' and own (docs/pgp.md). */
  'pgp:keys': call(none, z.array(pgpKeyInfo)),
  /** Imports every key of a file or pasted text; a secret key's passphrase is proved first. */
  'pgp:import': call(
    z
      .object({
        source: keySource(1024 * 1024),
        passphrase: z.string().max(1024).optional(),
        rememberPassphrase: z.boolean(),
      })
      .strict(),
    z.array(z.object({ key: pgpKeyInfo, result: z.enum(['added', 'updated']) })),
  ),
  /** An own key pair; by default one GnuPG 2.2 reads (v4, ed25519/cv25519, no AEAD). */
  'pgp:generate': call(
    z
      .object({
        name: z.string().trim().min(1, 'Enter a name').max(200),
        email: z.string().trim().email('Enter an email address').max(254),
        passphrase: z.string().max(1024).optional(),
        rememberPassphrase: z.boolean(),
        expiresInDays: z.number().int().min(1).max(36_500).optional(),
        modern: z.boolean().optional(),
      })
      .strict(),
    pgpKeyInfo,
  ),
  'pgp:export-public': call(
    z.object({ fingerprint: pgpFingerprint, path: z.string().min(1).max(4096) }).strict(),
    z.null(),
  ),
  /** A key's public half, armored, to copy and paste to a partner: never a secret key. */
  'pgp:public-key': call(z.object({ fingerprint: pgpFingerprint }).strict(), z.string()),
  'pgp:delete': call(z.object({ fingerprint: pgpFingerprint }).strict(), z.null()),

  /**
   * Connects. `passphrase` opens a protected key; `password` is the profile's password (asked
   * at every connect, or when none is stored: the call fails with password-needed without it),
   * and for a profile that remembers its password, a given one that logs in is stored.
   */
  'session:open': call(
    z
      .object({
        profileId,
        passphrase: z.string().max(1024).optional(),
        password: z.string().min(1).max(1024).optional(),
      })
      .strict(),
    sessionInfo,
  ),
  'session:close': call(z.object({ profileId }).strict(), z.null()),
  'hostkey:answer': call(
    z.object({ promptId: z.string().max(100), trust: z.boolean() }).strict(),
    z.null(),
  ),
  /**
   * The person's answers to a round of the server's questions (`login:prompt`), in its order;
   * null cancels the login.
   */
  'login:answer': call(
    z
      .object({
        promptId: z.string().max(100),
        answers: z.array(z.string().max(1024)).max(MOST_PROMPTS).nullable(),
      })
      .strict(),
    z.null(),
  ),
  /**
   * The person's answer to an OpenPGP passphrase question (`pgp:passphrase-prompt`): the
   * passphrase, or null to cancel (the files waiting for the key are kept encrypted); `remember`
   * keeps it in the keychain once it has unlocked the key.
   */
  'pgp:answer-passphrase': call(
    z
      .object({
        promptId: z.string().max(100),
        passphrase: z.string().min(1).max(1024).nullable(),
        remember: z.boolean().default(false),
      })
      .strict(),
    z.null(),
  ),

  'mailboxes:discover': call(z.object({ profileId }).strict(), mailboxLayout),
  /** A mailbox's files; `receive` looks into per-message folders and message prefixes. */
  'mailboxes:list-files': call(
    z
      .object({
        profileId,
        path: remotePath,
        receive: z.boolean(),
        listingId: z.string().uuid().optional(),
      })
      .strict(),
    z.array(mailboxFile),
  ),
  /** Stops a running listing (given its listingId); the call that started it fails with "cancelled". */
  'mailboxes:cancel-listing': call(z.object({ listingId: z.string().uuid() }).strict(), z.null()),
  'remote:list': call(z.object({ profileId, path: remotePath }).strict(), z.array(remoteEntry)),

  'transfer:send': call(
    z
      .object({
        profileId,
        remoteFolder: remotePath,
        localPaths: z.array(z.string().min(1).max(4096)).min(1).max(10_000),
        /** Names on the server, one per local path, when they differ (a suffix against duplicates). */
        remoteNames: z.array(z.string().min(1).max(255)).optional(),
        /** AS2 Gateway: send all files as one message (a new folder in the outbox). */
        asMessage: z.boolean().optional(),
      })
      .strict()
      .refine(
        (input) => !input.remoteNames || input.remoteNames.length === input.localPaths.length,
        'remoteNames must name every file',
      ),
    z.array(transferId),
  ),
  /** Names sent to this folder within MFT Gateway's 6-hour duplicate window, with a suggested new name. */
  'transfer:check-duplicates': call(
    z
      .object({
        profileId,
        remoteFolder: remotePath,
        names: z.array(z.string().max(255)).max(10_000),
      })
      .strict(),
    z.array(z.object({ name: z.string(), sentAt: z.number(), suggestion: z.string() })),
  ),
  /** Zips local files into one archive (in a temporary folder) and returns its path. */
  'transfer:zip': call(
    z
      .object({
        localPaths: z.array(z.string().min(1).max(4096)).min(1).max(10_000),
        archiveName: z.string().min(5).max(255),
      })
      .strict(),
    z.string(),
  ),
  'transfer:retry': call(z.object({ transferId }).strict(), transferId),
  /**
   * Deals with what an interrupted send of the profile left on the server (the app does this
   * itself when a session opens); `reportOnly` only says what it finds. `skipped`: another
   * Mailroom is sending for the profile now, so nothing was looked at.
   */
  'transfer:recover-sends': call(
    z.object({ profileId, reportOnly: z.boolean().optional() }).strict(),
    z.object({ sends: z.array(recoveredSend), skipped: z.string().optional() }),
  ),
  /** Downloads a file (verified, not deleted) to a temporary folder for dragging onto the desktop. */
  'transfer:drag-out': call(z.object({ profileId, remotePath }).strict(), z.string()),
  /** Starts the OS drag of a file that transfer:drag-out produced (desktop app only). */
  'transfer:start-drag': call(
    z.object({ localPath: z.string().min(1).max(4096) }).strict(),
    z.null(),
  ),
  'transfer:pickup': call(
    z
      .object({
        profileId,
        /** The files to pick up; or `mailboxPath` for everything in a receive mailbox ("Pick up all"). */
        remotePaths: z.array(remotePath).min(1).max(10_000).optional(),
        mailboxPath: remotePath.optional(),
        localFolder: z.string().min(1, 'Choose a folder to pick up into').max(4096),
        /** Leave the server's copy; by default MFT Gateway's are kept and the others deleted. */
        keepOnServer: z.boolean().optional(),
      })
      .strict()
      .refine(
        (input) => (input.remotePaths === undefined) !== (input.mailboxPath === undefined),
        'Pick up either files or a mailbox',
      ),
    z.object({
      transferIds: z.array(transferId),
      tooYoung: z.number(),
      alreadyPickedUp: z.number(),
      recovered: z.number(),
    }),
  ),
  'pickup:history': call(none, z.array(pickupHistoryEntry)),
  'pickup:show-in-folder': call(
    z.object({ localPath: z.string().min(1).max(4096) }).strict(),
    z.null(),
  ),
  'transfer:cancel': call(z.object({ transferId }).strict(), z.null()),
  'transfer:list': call(none, z.array(transfer)),

  'dialog:choose-folder': call(
    z.object({ title: z.string().max(200) }).strict(),
    z.string().nullable(),
  ),
  'dialog:choose-file': call(
    z.object({ title: z.string().max(200) }).strict(),
    z.string().nullable(),
  ),
  'dialog:save-file': call(
    z.object({ title: z.string().max(200), defaultName: z.string().max(255) }).strict(),
    z.string().nullable(),
  ),

  /**
   * The session log, oldest first: the last `limit` entries (of one profile, if given) stored
   * before the entry `before`, so the view can page back.
   */
  'log:list': call(
    z
      .object({
        profileId: profileId.optional(),
        limit: z.number().int().min(1).max(10_000).optional(),
        before: z.number().int().positive().optional(),
      })
      .strict(),
    z.array(sessionLogEntry),
  ),
  /**
   * Writes the session log (of one profile, if given) as text for support, to `path` (typed in
   * the web UI) or where the native save dialog says; null if the person cancelled it.
   */
  'log:save': call(
    z
      .object({ profileId: profileId.optional(), path: z.string().min(1).max(4096).optional() })
      .strict(),
    z.string().nullable(),
  ),
} as const

/** What the application menu (and the same keys in the page) can ask the page to do. */
export const appCommand = z.enum(['refresh', 'new-profile', 'send-files', 'session-log'])
export type AppCommand = z.infer<typeof appCommand>

/** Events from the main side to the UI, each with its payload schema. */
export const apiEvents = {
  'hostkey:prompt': hostKeyPrompt,
  /** The server asks questions to log in (keyboard-interactive): show them, answer with login:answer. */
  'login:prompt': loginPrompt,
  /** An own OpenPGP key's passphrase is needed and not remembered: ask, answer with pgp:answer-passphrase. */
  'pgp:passphrase-prompt': pgpPassphrasePrompt,
  /** That question is gone unanswered (its files cancelled, the time up, quitting): close its dialog. */
  'pgp:passphrase-closed': pgpPassphraseClosed,
  'transfer:update': transfer,
  'session:closed': z.object({ profileId, reason: apiError.optional() }),
  /** The connection dropped; the next attempt to open it again starts in `retryInMs`. */
  'session:reconnecting': z.object({
    profileId,
    reason: apiError,
    attempt: z.number(),
    retryInMs: z.number(),
  }),
  'session:reconnected': sessionInfo,
  /** How many entries a running listing has read so far. */
  'listing:progress': z.object({ listingId: z.string(), count: z.number() }),
  /** Checking found new files in a receive mailbox (and, with automatic pickup, started it). */
  'mailbox:new-files': z.object({
    profileId,
    mailboxPath: remotePath,
    partner: z.string(),
    count: z.number(),
    autoPickup: z.boolean(),
  }),
  /** A menu item or its shortcut in the app's menu: the page does what it names. */
  'app:command': z.object({ command: appCommand }).strict(),
  /** An entry just stored in the session log. */
  'log:entry': sessionLogEntry,
  /** The next connection found what a send cut short by a crash or a kill left, and dealt with it. */
  'send:recovered': z.object({ profileId, sends: z.array(recoveredSend) }),
} as const

export type ApiCalls = typeof apiCalls
export type CallName = keyof ApiCalls
export type CallInput<N extends CallName> = z.input<ApiCalls[N]['input']>
export type ParsedCallInput<N extends CallName> = z.output<ApiCalls[N]['input']>
export type CallOutput<N extends CallName> = z.output<ApiCalls[N]['output']>

export type ApiEvents = typeof apiEvents
export type EventName = keyof ApiEvents
export type EventPayload<E extends EventName> = z.output<ApiEvents[E]>

export const callNames = Object.keys(apiCalls) as CallName[]

// Compile-time proof that the preload's plain list names exactly the contract's calls.
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const callNameListMatches: SameKeys<CallName, CallNameList> = true
void callNameListMatches
export const eventNames = Object.keys(apiEvents) as EventName[]

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(apiCalls, name)
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(apiEvents, name)
}

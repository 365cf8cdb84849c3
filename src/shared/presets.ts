import { AUTH_METHODS, type AuthMethod } from './connection-settings'
import type { MailboxRole } from './mailbox-role'

/**
 * The gateways Mailroom knows (DESIGN.md section 1). A preset fills a new profile's defaults and
 * says in one line what the gateway expects; every field can still be changed.
 */
export const PRESET_IDS = ['amili', 'mft-gateway', 'as2-gateway', 'generic'] as const
export type PresetId = (typeof PRESET_IDS)[number]

/**
 * How a file reaches its final name on the server:
 * - `direct`: written straight to the final name, with no SETSTAT. S3-backed gateways (MFT
 *   Gateway) ignore renames and refuse SETSTAT, and Amili's import watches input/ as files land.
 * - `temp-rename`: written under a hidden temporary name, checked, then renamed in one step, so
 *   a watcher never takes a half-written file. For servers whose storage is a real file system.
 */
export type UploadStrategy = 'direct' | 'temp-rename'

/**
 * Where a `temp-rename` upload keeps its temporary file until the rename:
 * - `beside`: hidden beside the final name, in the send folder (a server that watches nothing,
 *   or whose watchers skip dot-files);
 * - `parent`: hidden in the send folder's parent, where the gateway takes every file placed in
 *   its send folders, hidden ones too, so only the whole file reaches it, in one rename
 *   (docs/upload-strategies.md). A send folder that is the login folder has no parent: beside.
 */
export type TemporaryFolder = 'beside' | 'parent'

/** How long a gateway keeps a file waiting for pickup, and when to warn that it will go. */
export interface Retention {
  readonly warnAfterMs: number
  readonly expireAfterMs: number
}

/** How many files, and bytes in all, one multi-file message may hold, and when it goes. */
export interface MessageLimits {
  readonly files: number
  readonly bytes: number
  /**
   * The gateway sends a message folder this long after its last upload (AS2 Gateway: 2
   * minutes), whether all its files are there or not.
   */
  readonly quietMs: number
}

/**
 * Who makes the key pair, as the gateway's guide tells it: the person (Mailroom makes one for the
 * profile and its public half is handed to the gateway), or the gateway's portal (its private key
 * file, protected by a passphrase, is imported).
 */
export type KeyMaker = 'person' | 'portal'

export interface Preset {
  readonly id: PresetId
  readonly label: string
  /** How the first screen of a new install offers it ("Other SFTP server" for a plain server). */
  readonly choiceLabel: string
  /** The server its guide names; undefined where the guide names none (the person types it). */
  readonly host?: string
  readonly port: number
  /** One line on what the gateway expects, shown when the preset is chosen. */
  readonly summary: string
  readonly usernameLabel: string
  readonly usernameHint: string
  /** Returns why the user name is not acceptable, or undefined. */
  readonly checkUsername: (username: string) => string | undefined
  /** Whether the gateway insists the key has a passphrase. */
  readonly keyNeedsPassphrase: boolean
  /**
   * The ways to log in the gateway takes: its guide's key (held by Mailroom, or by an agent or
   * Pageant, which MFT Gateway's guide shows); every way for a plain server.
   */
  readonly authMethods: readonly AuthMethod[]
  readonly keyMadeBy: KeyMaker
  /** What to do with a public key made in Mailroom, in the gateway's own words. */
  readonly keyHandoff: string
  /** A login refused while that key waits to be registered, said in the same words. */
  readonly keyNotRegistered: string
  /**
   * A new profile's name starts with the host typed (a plain server has no name of its own),
   * else with the gateway's label: "MFT Gateway acme".
   */
  readonly nameFromHost: boolean
  /** How uploads reach their final name unless the profile says otherwise. */
  readonly uploadStrategy: UploadStrategy
  /** Where a `temp-rename` upload's temporary file is written (see TemporaryFolder). */
  readonly temporaryFolder: TemporaryFolder
  /**
   * Files picked up from a receive mailbox stay on the server by default (MFT Gateway: its
   * storage expires them). Other mailboxes' files are records and always stay by default
   * (keepsOnServerByDefault).
   */
  readonly keepsPickedUpFiles: boolean
  /** How long the gateway keeps files waiting; undefined where its guide sets no limit. */
  readonly retention?: Retention
  /** The least minutes between automatic checks for new files the gateway asks for (1: none). */
  readonly minCheckEveryMinutes: number
  /**
   * A name sent again to the same mailbox within this window is taken as a duplicate by the
   * gateway (MFT Gateway moves it to AS2/duplicate/); undefined where there is no such rule.
   */
  readonly duplicateWindowMs?: number
  /**
   * Several files dropped at once may travel as one message (AS2 Gateway: a new folder in the
   * outbox), within these limits; undefined where every file is a message of its own.
   */
  readonly multiFileMessage?: MessageLimits
  /** Several files dropped at once are offered as one zip archive (MFT Gateway's advice). */
  readonly zipsSeveralFiles: boolean
  /** The gateway takes what lands in a send mailbox, so Mailroom watches for it to go. */
  readonly takesSentFiles: boolean
  /**
   * The person names the send and receive folders (a plain SFTP server); otherwise they follow
   * the gateway's layout (core/mailbox/). Such a folder's pickup folder is named after itself.
   */
  readonly foldersNamedByPerson: boolean
  /**
   * New connections a minute and open connections the gateway allows from one address, where
   * its guide says (fewer than Mailroom's own limit of 20 and 20 are kept to).
   */
  readonly connectionLimits?: { readonly perMinute: number; readonly open: number }
}

const HOUR = 60 * 60 * 1000

// The gateways' guides: key login only; a key an agent or Pageant holds counts.
const KEY_ONLY: readonly AuthMethod[] = ['key', 'agent']

// AS2 Gateway and MFT Gateway guides: letters, digits, "_" and "-", not starting with "-".
const gatewayUsername = (username: string) =>
  /^[A-Za-z0-9_-]+$/.test(username)
    ? username.startsWith('-')
      ? 'A user name cannot start with "-"'
      : undefined
    : 'Use only letters, digits, "_" and "-"'

export const PRESETS: Readonly<Record<PresetId, Preset>> = {
  amili: {
    id: 'amili',
    label: 'Amili',
    choiceLabel: 'Amili',
    // Its guide, "Connecting to the SFTP Server".
    host: 'sftp.amili.se',
    port: 22,
    summary:
      'Key login only (ed25519 suggested); your user name is your creditor number; send to input/, pick up from pickup/.',
    usernameLabel: 'Creditor number',
    usernameHint: 'The creditor number Amili gave you (digits only).',
    checkUsername: (username) =>
      /^\d+$/.test(username) ? undefined : 'A creditor number has digits only',
    keyNeedsPassphrase: false,
    authMethods: KEY_ONLY,
    // Its guide: "You generate the key pair and provide your public key to Amili, who registers
    // it on your account."
    keyMadeBy: 'person',
    keyHandoff: 'Send this public key to Amili; they register it on your account.',
    keyNotRegistered:
      'Amili has not registered this key on your account yet, so the server refused it.',
    nameFromHost: false,
    uploadStrategy: 'direct',
    // Its import takes whatever lands in input/ once its upload completes, hidden or not.
    temporaryFolder: 'parent',
    keepsPickedUpFiles: false,
    minCheckEveryMinutes: 1,
    zipsSeveralFiles: false,
    takesSentFiles: true,
    foldersNamedByPerson: false,
  },
  'mft-gateway': {
    id: 'mft-gateway',
    label: 'MFT Gateway',
    choiceLabel: 'MFT Gateway',
    // Its guide, "Windows based systems": "The SFTP server is sftp.mftgateway.com".
    host: 'sftp.mftgateway.com',
    port: 22,
    summary:
      'Key login only; send into AS2/send/<station>/<partner>/, receive from AS2/files/…/inbox. Files are uploaded straight to their final name.',
    usernameLabel: 'User name',
    usernameHint: 'Letters, digits, "_" and "-", not starting with "-".',
    checkUsername: gatewayUsername,
    keyNeedsPassphrase: false,
    authMethods: KEY_ONLY,
    // Its portal makes a key too, but also takes "an existing SSH key that you already have",
    // pasted on its SFTP page ("enable with existing key pair").
    keyMadeBy: 'person',
    keyHandoff:
      'Paste it on the SFTP page of your MFT Gateway account (Integrations, SFTP), choosing to enable it with an existing key pair.',
    keyNotRegistered:
      'This key is not on the SFTP page of your MFT Gateway account yet, so the server refused it.',
    nameFromHost: false,
    uploadStrategy: 'direct',
    // Any upload into AS2/send/ triggers a send, a hidden one too (and a rename never does).
    temporaryFolder: 'parent',
    keepsPickedUpFiles: true,
    // Its storage deletes files after 70 days: warn ten days before.
    retention: { warnAfterMs: 60 * 24 * HOUR, expireAfterMs: 70 * 24 * HOUR },
    minCheckEveryMinutes: 1,
    // Its guide: the same file name within 6 hours is a duplicate, moved to AS2/duplicate/.
    duplicateWindowMs: 6 * HOUR,
    // Its guide: zip several files into one archive to send them as one message.
    zipsSeveralFiles: true,
    takesSentFiles: true,
    foldersNamedByPerson: false,
  },
  'as2-gateway': {
    id: 'as2-gateway',
    label: 'AS2 Gateway',
    choiceLabel: 'AS2 Gateway',
    port: 9193,
    summary:
      'Port 9193, key login only with a passphrase-protected key; send to as2gateway/<station>/<partner>/outbox, pick up from inbox within 24 hours.',
    usernameLabel: 'User name',
    usernameHint: 'Letters, digits, "_" and "-", not starting with "-".',
    checkUsername: gatewayUsername,
    keyNeedsPassphrase: true,
    authMethods: KEY_ONLY,
    // Its guide, section 2: setting up SFTP on its page makes the key pair; the private key is
    // downloaded from there, protected by the passphrase given in the same form.
    keyMadeBy: 'portal',
    keyHandoff:
      'AS2 Gateway logs in only with the key its SFTP page made: import that key file instead, or ask the AS2 Gateway Team to change your key pair.',
    keyNotRegistered:
      'AS2 Gateway did not accept this key: use the private key file from its SFTP page, with the passphrase you gave there.',
    nameFromHost: false,
    uploadStrategy: 'temp-rename',
    // Its guide, 6.2: every file placed in an outbox is queued within 30 s; it excepts none.
    temporaryFolder: 'parent',
    keepsPickedUpFiles: false,
    // Its guide: SFTP files are kept at most 48 hours; fetch them within 24.
    retention: { warnAfterMs: 24 * HOUR, expireAfterMs: 48 * HOUR },
    // Its guide, 1.2.2 "Fair Usage Limitations": poll no more often than every few minutes.
    minCheckEveryMinutes: 5,
    // Its guide, 1.2.4: a new folder in the outbox, at most 10 files and 10 MB (decimal); 6.2:
    // sent two minutes after the last file is uploaded.
    multiFileMessage: { files: 10, bytes: 10_000_000, quietMs: 2 * 60_000 },
    zipsSeveralFiles: false,
    takesSentFiles: true,
    foldersNamedByPerson: false,
    // Its guide, 1.2.2 "Fair Usage Limitations".
    connectionLimits: { perMinute: 20, open: 20 },
  },
  generic: {
    id: 'generic',
    label: 'Generic SFTP',
    choiceLabel: 'Other SFTP server',
    port: 22,
    summary: 'Any SFTP server: you choose the folders to send to and receive from.',
    usernameLabel: 'User name',
    usernameHint: 'The login name the provider gave you.',
    checkUsername: () => undefined,
    keyNeedsPassphrase: false,
    authMethods: AUTH_METHODS,
    keyMadeBy: 'person',
    keyHandoff: "Send this public key to the server's administrator; they add it to your account.",
    keyNotRegistered:
      'The server does not accept this key yet: its administrator has not added it to your account.',
    nameFromHost: true,
    uploadStrategy: 'temp-rename',
    // An unknown server: the usual convention, a dot-file beside the final name.
    temporaryFolder: 'beside',
    keepsPickedUpFiles: false,
    minCheckEveryMinutes: 1,
    zipsSeveralFiles: false,
    // A plain server keeps what is sent: nothing to watch for.
    takesSentFiles: false,
    foldersNamedByPerson: true,
  },
}

/**
 * Whether a pickup from a mailbox of `role` leaves the server's copy unless the person says
 * otherwise: sent files, MDNs, duplicates and failed files are records, not deliveries; a
 * receive mailbox is emptied unless its gateway keeps picked-up files.
 */
export function keepsOnServerByDefault(preset: PresetId, role: MailboxRole): boolean {
  return role !== 'receive' || PRESETS[preset].keepsPickedUpFiles
}

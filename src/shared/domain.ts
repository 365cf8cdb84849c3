import { z } from 'zod'
import { jumpHost, MOST_JUMPS, profileAuth, proxySetting } from './connection-settings'
import { apiError } from './errors'
import { mailboxRole } from './mailbox-role'
import { PRESET_IDS, PRESETS } from './presets'
import { pgpReceiveSetting, pgpSendSetting, signatureVerdict } from './pgp'
import { remotePath } from './remote-path'

/** Data shapes shared by the API calls and events. Plain data only: they cross process borders. */

export const profileId = z
  .string()
  .regex(/^[a-z0-9-]{8,64}$/, 'Not a profile id')
  .brand<'ProfileId'>()
export type ProfileId = z.infer<typeof profileId>

export const transferId = z
  .string()
  .regex(/^[a-z0-9-]{8,64}$/, 'Not a transfer id')
  .brand<'TransferId'>()
export type TransferId = z.infer<typeof transferId>

const hostName = z
  .string()
  .trim()
  .min(1, 'Enter the server name or address')
  .max(253, 'A host name has at most 253 characters')
  .refine(
    (host) =>
      /^\[?[0-9A-Fa-f:.]+\]?$/.test(host) ||
      host.split('.').every((label) => /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(label)),
    'A host name has letters, digits and hyphens between dots (e.g. sftp.example.com), or is an IP address',
  )

export const keyId = z
  .string()
  .regex(/^[a-z0-9-]{8,64}$/, 'Not a key id')
  .brand<'KeyId'>()
export type KeyId = z.infer<typeof keyId>

export const presetId = z.enum(PRESET_IDS)

/** What a person types into the Profile dialog; checked with the rules of the chosen gateway. */
export const profileInput = z
  .object({
    name: z.string().trim().min(1, 'Give the profile a name').max(100),
    preset: presetId,
    /** A folder to group many partners in the profile list ('' for none). */
    group: z.string().trim().max(100),
    host: hostName,
    port: z
      .number()
      .int('Port is a whole number')
      .min(1, 'Port is 1 to 65535')
      .max(65535, 'Port is 1 to 65535'),
    username: z.string().trim().min(1, 'Enter the user name').max(100),
    /** The stored key to log in with; null until one is chosen. */
    keyId: keyId.nullable(),
    /** Generic SFTP: the folders to send to and to pick up from (gateway presets know theirs). */
    sendFolders: z.array(remotePath).max(50).default([]),
    receiveFolders: z.array(remotePath).max(50).default([]),
    /** OpenPGP per send mailbox (by folder): encrypt (and sign) what is sent there. */
    pgpSend: z.record(z.string(), pgpSendSetting).default({}),
    /** OpenPGP per receive mailbox (by folder): decrypt and verify what is picked up there. */
    pgpReceive: z.record(z.string(), pgpReceiveSetting).default({}),
    /**
     * How files are uploaded: "auto" follows the preset (straight to the final name for MFT
     * Gateway and Amili, temporary name then rename elsewhere); the others override it.
     */
    uploadStrategy: z.enum(['auto', 'direct', 'temp-rename']).default('auto'),
    /** Files modified more recently than this may still be being written: pickup leaves them. */
    minFileAgeSeconds: z.number().int().min(0).max(86_400).default(60),
    /** Check the receive mailboxes for new files every so many minutes; 0 = off (the default). */
    checkEveryMinutes: z.number().int().min(0).max(1440).default(0),
    /** When checking finds new files, pick them up into the mailbox's folder. */
    autoPickup: z.boolean().default(false),
    /**
     * For servers that mishandle many requests at once (they drop the link mid-transfer): one
     * file at a time, one small request in flight. Slow on a long link, but it gets through.
     */
    conservative: z.boolean().default(false),
    /** How the profile logs in: its key unless said (connection-settings.ts). */
    auth: profileAuth.default({ method: 'key' }),
    /** The proxy the connection goes through: none unless said. */
    proxy: proxySetting.default({ kind: 'none' }),
    /** Hosts the connection is forwarded through, in order (like OpenSSH's ProxyJump). */
    jumps: z.array(jumpHost).max(MOST_JUMPS, `At most ${MOST_JUMPS} jump hosts`).default([]),
  })
  .superRefine((input, context) => {
    const { label, authMethods } = PRESETS[input.preset]
    if (!authMethods.includes(input.auth.method))
      context.addIssue({
        code: 'custom',
        path: ['auth', 'method'],
        message: `${label} logs in with ${authMethods.join(' or ')} only`,
      })
    const { minCheckEveryMinutes } = PRESETS[input.preset]
    if (input.checkEveryMinutes > 0 && input.checkEveryMinutes < minCheckEveryMinutes) {
      context.addIssue({
        code: 'custom',
        path: ['checkEveryMinutes'],
        message: `${label} asks clients to check no more often than every ${minCheckEveryMinutes} minutes`,
      })
    }
    const problem = PRESETS[input.preset].checkUsername(input.username)
    if (problem && input.username !== '')
      context.addIssue({ code: 'custom', path: ['username'], message: problem })
  })
export type ProfileInput = z.infer<typeof profileInput>

export const profile = z.object({
  ...profileInput.shape,
  id: profileId,
  /** A key file path from before keys were kept in the keychain (settings schema 1). */
  legacyKeyPath: z.string().optional(),
})
export type Profile = z.infer<typeof profile>

/** A stored key as the UI may see it: public half and facts only, never private material. */
export const keyInfo = z.object({
  id: keyId,
  type: z.string(),
  bits: z.number(),
  fingerprint: z.string(),
  /** The OpenSSH one-line public key, to send to the gateway. */
  publicKey: z.string(),
  comment: z.string(),
  /** Whether the key is protected by a passphrase. */
  encrypted: z.boolean(),
  passphraseRemembered: z.boolean(),
  origin: z.enum(['generated', 'imported']),
  createdAt: z.number(),
})
export type KeyInfo = z.infer<typeof keyInfo>

export const hostKeyInfo = z.object({
  /** The SSH key type as the server names it, e.g. `ssh-ed25519`. */
  type: z.string(),
  /** `SHA256:` and unpadded base64, exactly as `ssh-keygen -lf` prints it. */
  fingerprint: z.string(),
})
export type HostKeyInfo = z.infer<typeof hostKeyInfo>

/**
 * How a login went, for the session log and the connection's details: the SSH methods that
 * logged in, in order (two for a server that requires a key and then a password), the agent's
 * key that was accepted, and what the server allows. Never a secret.
 */
export const loginReport = z.object({
  methods: z.array(z.enum(['none', 'publickey', 'password', 'keyboard-interactive'])),
  /** The fingerprint of the agent's key the server accepted, when an agent's key logged in. */
  agentKey: z.string().optional(),
  /** The methods the server named when asked first ("publickey", "password", ...). */
  serverAllows: z.array(z.string()),
})
export type LoginReport = z.infer<typeof loginReport>

export const sessionInfo = z.object({
  profileId,
  host: z.string(),
  port: z.number(),
  username: z.string(),
  hostKey: hostKeyInfo,
  login: loginReport.optional(),
})
export type SessionInfo = z.infer<typeof sessionInfo>

export const remoteEntry = z.object({
  name: z.string(),
  path: remotePath,
  kind: z.enum(['file', 'directory', 'symlink', 'other']),
  size: z.number(),
  /** Milliseconds since the epoch, as the server reports it (seconds precision). */
  modifiedAt: z.number(),
})
export type RemoteEntry = z.infer<typeof remoteEntry>

export const transferState = z.enum([
  'queued',
  'running',
  /** The connection dropped; the transfer carries on once it is back. */
  'reconnecting',
  /** Sending encrypted: the OpenPGP copy is being made, before a byte goes to the server. */
  'encrypting',
  'verifying',
  /** Picked up and verified: the OpenPGP message is being decrypted, before it is saved. */
  'decrypting',
  'done',
  'failed',
  'cancelled',
])
export type TransferState = z.infer<typeof transferState>

/** Done, failed or cancelled: nothing more happens to the transfer unless it is retried. */
export function isFinishedState(state: TransferState): boolean {
  return state === 'done' || state === 'failed' || state === 'cancelled'
}

export const transfer = z.object({
  id: transferId,
  profileId,
  /** `pickup` is a download that deletes the server's copy once the local one is verified. */
  direction: z.enum(['upload', 'download', 'pickup']),
  name: z.string(),
  remotePath,
  localPath: z.string(),
  totalBytes: z.number(),
  transferredBytes: z.number(),
  state: transferState,
  /**
   * While `encrypting` or `decrypting`: how far through the file that step is. Apart from the
   * bytes moved, which the pace and the batch's total count.
   */
  work: z.object({ doneBytes: z.number(), totalBytes: z.number() }).optional(),
  startedAt: z.number(),
  finishedAt: z.number().optional(),
  /** A sent file that the gateway has since taken from the send mailbox. */
  takenAt: z.number().optional(),
  /**
   * What a send cut short by a crash or a kill left, as the next connection to the profile found
   * it (and its Retry sends it again): not a transfer that ran in this session.
   */
  recovered: z.boolean().optional(),
  error: apiError.optional(),
})
export type Transfer = z.infer<typeof transfer>

export const appInfo = z.object({
  version: z.string(),
  /** Which transport carries the API: the app, the web bridge, or the mailroom command. */
  transport: z.enum(['electron', 'web', 'cli']),
  nativeDialogs: z.boolean(),
  /** Where other clients usually keep their sites on this computer, to suggest when importing. */
  usualPaths: z.object({
    winscp: z.string(),
    filezilla: z.string(),
    openssh: z.string(),
    knownHosts: z.string(),
  }),
})
export type AppInfo = z.infer<typeof appInfo>

export const settings = z.object({
  /** Where "Pick up" puts files when no mailbox is chosen (folder browsing); '' until chosen. */
  pickupFolder: z.string().max(4096),
  /** The folder each mailbox is picked up into, by "<profile id>|<mailbox path>". */
  pickupFolders: z.record(z.string(), z.string().max(4096)).default({}),
})
export type Settings = z.infer<typeof settings>

export const hostKeyPrompt = z.object({
  promptId: z.string(),
  profileId,
  host: z.string(),
  port: z.number(),
  hostKey: hostKeyInfo,
  /** The key is a jump host's (`host` and `port` are the jump host's), on the way to the server. */
  jumpHost: z.boolean().optional(),
})
export type HostKeyPrompt = z.infer<typeof hostKeyPrompt>

/** A jump host a site goes through, as the other client names it (its key file, if any). */
export const siteJump = z.object({
  host: z.string(),
  port: z.number(),
  username: z.string(),
  keyPath: z.string().nullable(),
})
export type SiteJump = z.infer<typeof siteJump>

/** A site found in WinSCP, FileZilla or OpenSSH settings, offered for import. */
export const siteCandidate = z.object({
  name: z.string(),
  group: z.string(),
  host: z.string(),
  port: z.number(),
  username: z.string(),
  keyPath: z.string().nullable(),
  problem: z.string().optional(),
  /** How the site logs in there (never its stored password); the profile's key if not said. */
  auth: profileAuth.optional(),
  /** The proxy it goes through there, when Mailroom can go through it too. */
  proxy: proxySetting.optional(),
  /** The jump hosts it goes through there, first to last. */
  jumps: z.array(siteJump).optional(),
  /**
   * What the other client does for this site that Mailroom cannot (a SOCKS4 or Telnet proxy, a
   * ProxyCommand), named for the preview rather than dropped: the site is imported without it.
   */
  unsupported: z.array(z.string()).optional(),
  /** What to do after importing (a password the other client kept is not imported). */
  notes: z.array(z.string()).optional(),
})
export type SiteCandidate = z.infer<typeof siteCandidate>

export const siteSource = z.enum(['winscp', 'filezilla', 'openssh'])

/** What a mailbox is for; decides where files may be dropped and what is counted. */
export { mailboxRole, type MailboxRole } from './mailbox-role'

export const mailbox = z.object({
  path: remotePath,
  role: mailboxRole,
  /** What the person sees: "outbox", "inbox", "send", "MDNs received"… */
  label: z.string(),
  /** Files waiting (receive), or in it (failed, duplicate); null when not counted. */
  fileCount: z.number().nullable(),
  /** Why it could not be listed (missing, no permission). */
  error: apiError.optional(),
})
export type Mailbox = z.infer<typeof mailbox>

/** One trading relationship: a station (your AS2 id) and a partner, with their mailboxes. */
export const mailboxGroup = z.object({
  station: z.string(),
  partner: z.string(),
  /** AS2 Gateway test partners nest their mailboxes under test/. */
  test: z.boolean(),
  mailboxes: z.array(mailbox),
})
export type MailboxGroup = z.infer<typeof mailboxGroup>

export const mailboxLayout = z.object({
  preset: presetId,
  groups: z.array(mailboxGroup),
  /** Problems with the layout as a whole ("no as2gateway folder: is this an AS2 Gateway account?"). */
  problems: z.array(z.string()),
})
export type MailboxLayout = z.infer<typeof mailboxLayout>

/** A file in a mailbox, with the message it belongs to when the gateway groups files that way. */
export const mailboxFile = z.object({
  path: remotePath,
  /** The original attachment name (without a message prefix). */
  name: z.string(),
  /** The message folder or prefix (`<timestamp>-<random>`), or null. */
  message: z.string().nullable(),
  size: z.number(),
  modifiedAt: z.number(),
})
export type MailboxFile = z.infer<typeof mailboxFile>

/** One file picked up, as the pickup history shows it. */
export const pickupHistoryEntry = z.object({
  profileId: z.string(),
  remotePath: z.string(),
  localPath: z.string(),
  size: z.number(),
  sha256: z.string(),
  savedAt: z.number(),
  /** Whether the server's copy was deleted or kept. */
  serverCopy: z.enum(['deleted', 'kept', 'pending']),
  /** An OpenPGP file: decrypted (what its signature proved), or kept encrypted and why. */
  pgp: z
    .object({
      decrypted: z.boolean(),
      verdict: signatureVerdict.optional(),
      /** Where the encrypted original was kept beside the decrypted file. */
      encryptedPath: z.string().optional(),
      reason: z.string().optional(),
    })
    .optional(),
  /**
   * A file picked up with its detached signature (`invoice.xml.sig` or `.asc`), or without one
   * where the mailbox requires it: what the signature proved, and whether the file counts as
   * verified (only a good signature). The note says it in words ("not verified: …").
   */
  detachedSignature: z
    .object({
      verdict: signatureVerdict,
      verified: z.boolean(),
      /** The mailbox requires a good signature and this file has none: the person must act. */
      notVerified: z.boolean(),
      note: z.string(),
    })
    .optional(),
})
export type PickupHistoryEntry = z.infer<typeof pickupHistoryEntry>

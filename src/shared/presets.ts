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

export interface Preset {
  readonly id: PresetId
  readonly label: string
  readonly port: number
  /** One line on what the gateway expects, shown when the preset is chosen. */
  readonly summary: string
  readonly usernameLabel: string
  readonly usernameHint: string
  /** Returns why the user name is not acceptable, or undefined. */
  readonly checkUsername: (username: string) => string | undefined
  /** Whether the gateway insists the key has a passphrase. */
  readonly keyNeedsPassphrase: boolean
  /** How uploads reach their final name unless the profile says otherwise. */
  readonly uploadStrategy: UploadStrategy
  /** Picked-up files stay on the server by default (MFT Gateway: its storage expires them). */
  readonly keepsPickedUpFiles: boolean
  /**
   * New connections a minute and open connections the gateway allows from one address, where
   * its guide says (fewer than Mailroom's own limit of 20 and 20 are kept to).
   */
  readonly connectionLimits?: { readonly perMinute: number; readonly open: number }
}

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
    port: 22,
    summary:
      'Key login only (ed25519 suggested); your user name is your creditor number; send to input/, pick up from pickup/.',
    usernameLabel: 'Creditor number',
    usernameHint: 'The creditor number Amili gave you (digits only).',
    checkUsername: (username) =>
      /^\d+$/.test(username) ? undefined : 'A creditor number has digits only',
    keyNeedsPassphrase: false,
    uploadStrategy: 'direct',
    keepsPickedUpFiles: false,
  },
  'mft-gateway': {
    id: 'mft-gateway',
    label: 'MFT Gateway',
    port: 22,
    summary:
      'Key login only; send into AS2/send/<station>/<partner>/, receive from AS2/files/…/inbox. Files are uploaded straight to their final name.',
    usernameLabel: 'User name',
    usernameHint: 'Letters, digits, "_" and "-", not starting with "-".',
    checkUsername: gatewayUsername,
    keyNeedsPassphrase: false,
    uploadStrategy: 'direct',
    keepsPickedUpFiles: true,
  },
  'as2-gateway': {
    id: 'as2-gateway',
    label: 'AS2 Gateway',
    port: 9193,
    summary:
      'Port 9193, key login only with a passphrase-protected key; send to as2gateway/<station>/<partner>/outbox, pick up from inbox within 24 hours.',
    usernameLabel: 'User name',
    usernameHint: 'Letters, digits, "_" and "-", not starting with "-".',
    checkUsername: gatewayUsername,
    keyNeedsPassphrase: true,
    uploadStrategy: 'temp-rename',
    keepsPickedUpFiles: false,
    // Its guide, 1.2.2 "Fair Usage Limitations".
    connectionLimits: { perMinute: 20, open: 20 },
  },
  generic: {
    id: 'generic',
    label: 'Generic SFTP',
    port: 22,
    summary: 'Any SFTP server: you choose the folders to send to and receive from.',
    usernameLabel: 'User name',
    usernameHint: 'The login name the provider gave you.',
    checkUsername: () => undefined,
    keyNeedsPassphrase: false,
    uploadStrategy: 'temp-rename',
    keepsPickedUpFiles: false,
  },
}

/** AS2 Gateway's limits for one message (its SFTP guide, section 1.2.4). */
export const AS2_MESSAGE_LIMITS = { files: 10, bytes: 10_000_000 } as const

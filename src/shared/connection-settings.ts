import { z } from 'zod'

/**
 * How a profile logs in and how its connection reaches the server (DESIGN.md section 6), as
 * the settings file keeps them: no secret is here. A password, a proxy's password and a
 * passphrase live in the OS keychain (or are asked at every connect); a key is a stored key.
 */

export const AUTH_METHODS = [
  'key',
  'password',
  'keyboard-interactive',
  'agent',
  'key-and-password',
] as const
export type AuthMethod = (typeof AUTH_METHODS)[number]

/** The way a profile logs in. `remember`: its password is kept in the keychain, else asked. */
export const profileAuth = z.discriminatedUnion('method', [
  /** The profile's stored key (its keyId). */
  z.object({ method: z.literal('key') }).strict(),
  z.object({ method: z.literal('password'), remember: z.boolean() }).strict(),
  /**
   * The server's prompts shown as they come; a prompt asking for the password is answered with
   * the stored one where there is one (as WinSCP does), every other to the person.
   */
  z.object({ method: z.literal('keyboard-interactive'), remember: z.boolean() }).strict(),
  /** An SSH agent (OpenSSH's, Pageant): the key with this fingerprint, or each in turn. */
  z
    .object({
      method: z.literal('agent'),
      keyFingerprint: z
        .string()
        .regex(
          /^SHA256:[A-Za-z0-9+/]{43}$/,
          'A key fingerprint looks like SHA256: and 43 characters',
        )
        .optional(),
    })
    .strict(),
  /** The stored key, then a password, for servers that require both in turn. */
  z.object({ method: z.literal('key-and-password'), remember: z.boolean() }).strict(),
])
export type ProfileAuth = z.infer<typeof profileAuth>

const endpoint = {
  host: z.string().trim().min(1, 'Enter the host name').max(253),
  port: z.number().int().min(1, 'Port is 1 to 65535').max(65535, 'Port is 1 to 65535'),
}

/**
 * The proxy the connection goes through. `system`: the operating system's (the desktop app asks
 * it for every connect, so PAC files apply). A proxy login's password is in the keychain.
 */
export const proxySetting = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }).strict(),
  z.object({ kind: z.literal('system') }).strict(),
  z
    .object({
      kind: z.literal('socks5'),
      ...endpoint,
      username: z.string().trim().max(255).optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('http'),
      ...endpoint,
      username: z.string().trim().max(255).optional(),
    })
    .strict(),
])
export type ProxySetting = z.infer<typeof proxySetting>

/**
 * A host the connection is forwarded through (like OpenSSH's ProxyJump), its key checked and
 * trusted like the target's. It logs in with the profile's own credentials unless it names a
 * stored key of its own.
 */
export const jumpHost = z
  .object({
    ...endpoint,
    username: z.string().trim().min(1, 'Enter the user name').max(100),
    keyId: z
      .string()
      .regex(/^[a-z0-9-]{8,64}$/, 'Not a key id')
      .nullable(),
  })
  .strict()
export type JumpHost = z.infer<typeof jumpHost>

/** Chains of jump hosts up to this long, as the issue and OpenSSH users need. */
export const MOST_JUMPS = 3

/**
 * " through the SOCKS5 proxy proxy.corp port 1080 and the jump host bastion port 22": the way a
 * profile's connection goes, for the session log and the UI; '' when it goes straight.
 */
export function describeWayThrough(
  proxy: ProxySetting,
  jumps: ReadonlyArray<Pick<JumpHost, 'host' | 'port'>>,
): string {
  const parts = [
    ...(proxy.kind === 'system'
      ? ["the system's proxy"]
      : proxy.kind === 'none'
        ? []
        : [
            `the ${proxy.kind === 'socks5' ? 'SOCKS5' : 'HTTP'} proxy ${proxy.host} port ${proxy.port}`,
          ]),
    ...jumps.map((jump) => `the jump host ${jump.host} port ${jump.port}`),
  ]
  return parts.length === 0 ? '' : ` through ${parts.join(' and ')}`
}

import type { ProfileAuth, ProxySetting } from '../../../../shared/connection-settings'
import type { SiteJump } from '../../../../shared/domain'

/** A site found in another client's settings, before the person chooses to import it. */
export interface SiteCandidate {
  readonly name: string
  /** The folder it sat in there ('' for none), kept as the profile's group. */
  readonly group: string
  readonly host: string
  readonly port: number
  readonly username: string
  /** The private key file it names, if any. */
  readonly keyPath: string | null
  /** Why it cannot be imported as is (not SFTP, no host), or undefined. */
  readonly problem?: string
  /** How it logs in there (its choice, never its stored password). */
  readonly auth?: ProfileAuth
  /** The proxy it goes through there, where Mailroom can go through it too. */
  readonly proxy?: ProxySetting
  /** The jump hosts it goes through there, first to last, each with its key file if any. */
  readonly jumps?: SiteJump[]
  /** What the other client does for it that Mailroom cannot: named in the preview, not dropped. */
  readonly unsupported?: string[]
  /** What to do after importing it (enter a password the other client kept). */
  readonly notes?: string[]
}

/** The connection facts of a candidate, as the readers work them out from the other client. */
export type SiteConnection = Pick<
  SiteCandidate,
  'auth' | 'proxy' | 'jumps' | 'unsupported' | 'notes'
>

/** Only the fields that say something: no empty lists in a candidate. */
export function connectionFields(connection: SiteConnection): SiteConnection {
  return {
    ...(connection.auth ? { auth: connection.auth } : {}),
    ...(connection.proxy && connection.proxy.kind !== 'none' ? { proxy: connection.proxy } : {}),
    ...(connection.jumps?.length ? { jumps: connection.jumps } : {}),
    ...(connection.unsupported?.length ? { unsupported: connection.unsupported } : {}),
    ...(connection.notes?.length ? { notes: connection.notes } : {}),
  }
}

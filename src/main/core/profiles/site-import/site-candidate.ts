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
}

import { createHash } from 'node:crypto'
import type { HostKeyInfo } from '../../../shared/domain'
import { MailroomError } from '../errors'

/**
 * The type and SHA256 fingerprint of a server's host key blob (RFC 4253 section 6.6: the blob
 * starts with the key type as an SSH string). The fingerprint is base64 without `=` padding,
 * exactly what `ssh-keygen -lf` prints, so a person can compare it with the provider's.
 */
export function describeHostKey(blob: Buffer): HostKeyInfo {
  return { type: keyTypeOf(blob), fingerprint: sha256Fingerprint(blob) }
}

/**
 * Gives ssh2 the verdict on a host key once `decision` settles, the server's and a jump host's
 * alike. A refusal, or a check that failed, leaves its reason with `refused` before ssh2 ends
 * the connection, so the login's error says why it ended rather than "connection closed".
 */
export function settleHostKeyCheck(
  decision: Promise<boolean>,
  verify: (valid: boolean) => void,
  refusal: () => MailroomError,
  refused: (reason: MailroomError) => void,
): void {
  decision.then(
    (trusted) => {
      if (!trusted) refused(refusal())
      verify(trusted)
    },
    (error: unknown) => {
      refused(
        error instanceof MailroomError
          ? error
          : new MailroomError('internal', `Checking the host key failed: ${String(error)}`),
      )
      verify(false)
    },
  )
}

export function sha256Fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`
}

function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) return 'unknown'
  const length = blob.readUInt32BE(0)
  if (length > 64 || 4 + length > blob.length) return 'unknown'
  return blob.subarray(4, 4 + length).toString('latin1')
}

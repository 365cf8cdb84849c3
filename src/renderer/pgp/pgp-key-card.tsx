import type { PgpKeyInfo } from '../../shared/pgp'
import { groupedFingerprint, keyBadges, keyDate, keyKind, keyName } from './pgp-key-words'

/** One key of the OpenPGP key list: who it is, its fingerprint and facts, badges, actions. */
export function PgpKeyCard({
  keyInfo,
  now,
  onCopy,
  onExport,
  onDelete,
}: {
  readonly keyInfo: PgpKeyInfo
  readonly now: number
  readonly onCopy: () => void
  readonly onExport: () => void
  readonly onDelete: () => void
}) {
  const name = keyName(keyInfo)
  const badges = keyBadges(keyInfo, now)
  const headingId = `pgp-key-${keyInfo.fingerprint}`
  return (
    <li className="pgp-key" aria-labelledby={headingId}>
      <div className="pgp-key-head">
        <h3 id={headingId} className="pgp-key-name">
          {name}
        </h3>
        <span className={`pgp-kind${keyInfo.hasSecret ? ' own' : ''}`}>{keyKind(keyInfo)}</span>
        {badges.map((badge) => (
          <span key={badge.text} className={`pgp-badge pgp-badge-${badge.tone}`}>
            {badge.text}
          </span>
        ))}
      </div>
      {keyInfo.userIds.length > 1 && (
        <p className="pgp-more-ids">Also: {keyInfo.userIds.slice(1).join(', ')}</p>
      )}
      <dl className="facts pgp-facts">
        <dt>Fingerprint</dt>
        <dd>
          <code className="fingerprint">{groupedFingerprint(keyInfo.fingerprint)}</code>
        </dd>
        <dt>Created</dt>
        <dd>{keyDate(keyInfo.createdAt)}</dd>
        <dt>Expires</dt>
        <dd>{keyDate(keyInfo.expiresAt)}</dd>
        <dt>Algorithm</dt>
        <dd>
          {keyInfo.algorithm}
          {keyInfo.hasSecret &&
            (keyInfo.encrypted
              ? keyInfo.passphraseRemembered
                ? ', passphrase remembered'
                : ', passphrase not remembered'
              : ', no passphrase')}
        </dd>
      </dl>
      <div className="button-row">
        <button
          type="button"
          className="small"
          aria-label={`Copy public key of ${name}`}
          onClick={onCopy}
        >
          Copy public key
        </button>
        <button
          type="button"
          className="small"
          aria-label={`Export public key of ${name}`}
          onClick={onExport}
        >
          Export public key…
        </button>
        <button type="button" className="small" aria-label={`Delete ${name}`} onClick={onDelete}>
          Delete…
        </button>
      </div>
    </li>
  )
}

import { useState, type ReactNode } from 'react'

/**
 * The ways to hand a public key to the provider: Copy, Save… and whatever else the caller adds
 * (Email… in the key handoff, Export private key… in the Profile dialog), and whether the copy
 * worked, said where the buttons are.
 */
export function PublicKeyActions({
  publicKey,
  onSavePublic,
  children,
}: {
  readonly publicKey: string
  readonly onSavePublic: () => void
  /** More actions, after Copy and Save…. */
  readonly children?: ReactNode
}) {
  const [copied, setCopied] = useState<'copied' | 'failed'>()
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(publicKey)
      setCopied('copied')
    } catch {
      setCopied('failed')
    }
  }
  return (
    <div className="button-row">
      <button type="button" onClick={() => void copy()}>
        Copy public key
      </button>
      <button type="button" onClick={onSavePublic}>
        Save public key…
      </button>
      {children}
      <span role="status" className={copied === 'failed' ? 'error-text' : 'muted'}>
        {copied === 'copied'
          ? 'Copied.'
          : copied === 'failed'
            ? 'Could not copy: select the text and copy it.'
            : ''}
      </span>
    </div>
  )
}

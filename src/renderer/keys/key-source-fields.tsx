import { useState } from 'react'
import type { MailroomClient } from '../api/client'
import { RadioChoices } from '../common/radio-choices'

/** Where a key to import comes from: a file's path, or text pasted. */
export function useKeySource() {
  const [mode, setMode] = useState<'path' | 'text'>('path')
  const [path, setPath] = useState('')
  const [text, setText] = useState('')
  const source =
    mode === 'path' ? { kind: 'path' as const, path: path.trim() } : { kind: 'text' as const, text }
  const ready = mode === 'path' ? path.trim() !== '' : text.trim() !== ''
  return { mode, setMode, path, setPath, text, setText, source, ready }
}

export type KeySourceState = ReturnType<typeof useKeySource>

/** The words of a key source's fields: SSH private keys and OpenPGP keys say them differently. */
export interface KeySourceWords {
  readonly fileLabel: string
  readonly filePlaceholder: string
  readonly fileHint: string
  readonly textLabel: string
  readonly textHint: string
}

/**
 * "From a file" or "Paste the key", and the field for the chosen one: shared by the SSH and the
 * OpenPGP import dialogs, which take a key the same two ways.
 */
export function KeySourceFields({
  state,
  idPrefix,
  words,
  client,
  canBrowse,
}: {
  readonly state: KeySourceState
  readonly idPrefix: string
  readonly words: KeySourceWords
  readonly client: MailroomClient
  readonly canBrowse: boolean
}) {
  return (
    <>
      <RadioChoices
        legend="Where the key comes from"
        hideLegend
        name={`${idPrefix}-mode`}
        choices={[
          { value: 'path', label: 'From a file' },
          { value: 'text', label: 'Paste the key' },
        ]}
        value={state.mode}
        onChange={state.setMode}
      />
      {state.mode === 'path' ? (
        <div className="field">
          <label htmlFor={`${idPrefix}-path`}>{words.fileLabel}</label>
          <div className="field-row">
            <input
              id={`${idPrefix}-path`}
              value={state.path}
              spellCheck={false}
              placeholder={words.filePlaceholder}
              onChange={(event) => state.setPath(event.target.value)}
            />
            {canBrowse && (
              <button
                type="button"
                onClick={() =>
                  void client
                    .call('dialog:choose-file', { title: words.fileLabel })
                    .then((chosen) => chosen && state.setPath(chosen))
                }
              >
                Browse…
              </button>
            )}
          </div>
          <p className="field-hint">{words.fileHint}</p>
        </div>
      ) : (
        <div className="field">
          <label htmlFor={`${idPrefix}-text`}>{words.textLabel}</label>
          <textarea
            id={`${idPrefix}-text`}
            rows={6}
            spellCheck={false}
            value={state.text}
            onChange={(event) => state.setText(event.target.value)}
          />
          <p className="field-hint">{words.textHint}</p>
        </div>
      )}
    </>
  )
}

/**
 * The passphrase of a key being imported, asked once the import said it needs one, and whether
 * the keychain keeps it.
 */
export function ImportPassphraseFields({
  idPrefix,
  passphrase,
  onPassphrase,
  remember,
  onRemember,
}: {
  readonly idPrefix: string
  readonly passphrase: string
  readonly onPassphrase: (value: string) => void
  readonly remember: boolean
  readonly onRemember: (value: boolean) => void
}) {
  return (
    <>
      <div className="field">
        <label htmlFor={`${idPrefix}-passphrase`}>Key passphrase</label>
        <input
          id={`${idPrefix}-passphrase`}
          type="password"
          autoComplete="off"
          autoFocus
          value={passphrase}
          onChange={(event) => onPassphrase(event.target.value)}
        />
      </div>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={remember}
          onChange={(event) => onRemember(event.target.checked)}
        />
        Remember the passphrase in the system keychain
      </label>
    </>
  )
}

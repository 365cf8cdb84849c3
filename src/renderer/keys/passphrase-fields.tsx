import { useState } from 'react'
import { SecretField } from '../common/secret-field'

/** A new passphrase typed twice, and whether the keychain should remember it. */
export function usePassphraseFields(required: boolean) {
  const [value, setValue] = useState('')
  const [repeat, setRepeat] = useState('')
  const [remember, setRemember] = useState(true)
  const problem =
    required && value === ''
      ? 'This gateway requires a key protected by a passphrase'
      : value !== '' && value.length < 5
        ? 'Use at least 5 characters'
        : value !== repeat
          ? 'The two passphrases differ'
          : undefined
  return { value, setValue, repeat, setRepeat, remember, setRemember, problem, required }
}

export type PassphraseFieldsState = ReturnType<typeof usePassphraseFields>

/** The passphrase, its repetition, and "remember in the keychain", with the reason when not acceptable. */
export function PassphraseFields({
  state,
  idPrefix,
  withoutRemembering = 'Mailroom asks when connecting',
}: {
  readonly state: PassphraseFieldsState
  readonly idPrefix: string
  /** What happens when the passphrase is not remembered, said beside the checkbox. */
  readonly withoutRemembering?: string
}) {
  const touched = state.value !== '' || state.repeat !== ''
  return (
    <>
      <div className="field">
        <label htmlFor={`${idPrefix}-passphrase`}>
          Passphrase{state.required ? '' : ' (optional)'}
        </label>
        <input
          id={`${idPrefix}-passphrase`}
          type="password"
          autoComplete="new-password"
          value={state.value}
          onChange={(event) => state.setValue(event.target.value)}
        />
      </div>
      <SecretField
        id={`${idPrefix}-repeat`}
        label="Repeat passphrase"
        autoComplete="new-password"
        value={state.repeat}
        onChange={state.setRepeat}
        note={
          touched && state.problem
            ? state.problem
            : 'A passphrase protects the key if this computer is lost.'
        }
        alert={Boolean(touched && state.problem)}
        invalid={Boolean(touched && state.problem)}
      />
      {state.value !== '' && (
        <label className="checkbox">
          <input
            type="checkbox"
            checked={state.remember}
            onChange={(event) => state.setRemember(event.target.checked)}
          />
          Remember the passphrase in the system keychain (otherwise {withoutRemembering})
        </label>
      )}
    </>
  )
}

interface RadioChoicesProps<T extends string> {
  /** The group's name, also its legend. */
  readonly legend: string
  readonly hideLegend?: boolean
  readonly name: string
  readonly choices: ReadonlyArray<{ readonly value: T; readonly label: string }>
  readonly value: T
  readonly onChange: (value: T) => void
}

/** A row of radio buttons in a fieldset: how the dialogs offer one of a few ways. */
export function RadioChoices<T extends string>({
  legend,
  hideLegend = false,
  name,
  choices,
  value,
  onChange,
}: RadioChoicesProps<T>) {
  return (
    <fieldset className="segmented wrap">
      <legend className={hideLegend ? 'visually-hidden' : undefined}>{legend}</legend>
      {choices.map((choice) => (
        <label key={choice.value}>
          <input
            type="radio"
            name={name}
            checked={value === choice.value}
            onChange={() => onChange(choice.value)}
          />{' '}
          {choice.label}
        </label>
      ))}
    </fieldset>
  )
}

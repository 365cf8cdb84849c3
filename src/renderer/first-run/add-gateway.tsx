import { PRESET_IDS, PRESETS, type PresetId } from '../../shared/presets'

/**
 * The first screen of a new install (no profiles yet): "Add your gateway", the four gateways as
 * large choices with what each expects, each opening the Profile dialog with its guide's facts
 * filled in. "New profile" and Import sites stay beside it, in the profiles pane.
 */
export function AddGateway({ onChoose }: { readonly onChoose: (preset: PresetId) => void }) {
  return (
    <section className="add-gateway" aria-labelledby="add-gateway-title">
      <h2 id="add-gateway-title">Add your gateway</h2>
      <p className="add-gateway-intro">
        Choose whom you exchange files with. Mailroom fills in what their guide says: the server,
        the port and the kind of key.
      </p>
      <ul className="gateway-choices">
        {PRESET_IDS.map((id) => (
          // The whole card takes the click (the button stretches over it); the button's name
          // is the gateway, its description the summary.
          <li key={id} className="gateway-card">
            <button
              type="button"
              className="gateway-choice"
              aria-describedby={`gateway-${id}-summary`}
              onClick={() => onChoose(id)}
            >
              {PRESETS[id].choiceLabel}
            </button>
            <p id={`gateway-${id}-summary`} className="gateway-choice-summary">
              {PRESETS[id].summary}
            </p>
          </li>
        ))}
      </ul>
    </section>
  )
}

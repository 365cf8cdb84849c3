import { useState } from 'react'
import type { AppInfo, Profile, SiteCandidate } from '../../shared/domain'
import { asApiError, type MailroomClient } from '../api/client'
import { FormFooter } from '../common/form-footer'
import { RadioChoices } from '../common/radio-choices'
import { ModalDialog } from '../common/modal-dialog'

type Source = keyof Omit<AppInfo['usualPaths'], 'knownHosts'>

const SOURCES: ReadonlyArray<{ id: Source; label: string }> = [
  { id: 'winscp', label: 'WinSCP (WinSCP.ini)' },
  { id: 'filezilla', label: 'FileZilla (sitemanager.xml)' },
  { id: 'openssh', label: 'OpenSSH (~/.ssh/config)' },
]

interface ImportSitesDialogProps {
  readonly client: MailroomClient
  readonly usualPaths: AppInfo['usualPaths']
  /** Native file dialogs exist (the desktop app, where a typed path is not accepted). */
  readonly canBrowse: boolean
  readonly onImported: (profiles: readonly Profile[], notes: readonly string[]) => void
  readonly onCancel: () => void
}

/**
 * "Import sites": reads WinSCP, FileZilla or OpenSSH settings, shows the sites found, and
 * imports the chosen ones with their keys (into the keychain) and known host keys.
 */
export function ImportSitesDialog({
  client,
  usualPaths,
  canBrowse,
  onImported,
  onCancel,
}: ImportSitesDialogProps) {
  const [source, setSource] = useState<Source>('openssh')
  const [path, setPath] = useState(usualPaths.openssh)
  const [knownHosts, setKnownHosts] = useState(usualPaths.knownHosts)
  const [useKnownHosts, setUseKnownHosts] = useState(true)
  const [sites, setSites] = useState<readonly SiteCandidate[]>()
  const [chosen, setChosen] = useState<ReadonlySet<number>>(new Set())
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()

  const chooseSource = (id: Source) => {
    setSource(id)
    setPath(usualPaths[id])
    setSites(undefined)
  }

  const preview = async () => {
    setBusy(true)
    setError(undefined)
    try {
      const found = await client.call('sites:preview', { source, path: path.trim() })
      setSites(found)
      setChosen(new Set(found.flatMap((site, index) => (site.problem ? [] : [index]))))
    } catch (failure) {
      setError(asApiError(failure).message)
    } finally {
      setBusy(false)
    }
  }

  const importChosen = async () => {
    setBusy(true)
    setError(undefined)
    try {
      const result = await client.call('sites:import', {
        source,
        path: path.trim(),
        chosen: [...chosen],
        ...(useKnownHosts && knownHosts.trim() ? { knownHostsPath: knownHosts.trim() } : {}),
      })
      onImported(result.profiles, result.notes)
    } catch (failure) {
      setError(asApiError(failure).message)
      setBusy(false)
    }
  }

  const toggle = (index: number) =>
    setChosen((current) => {
      const next = new Set(current)
      if (next.has(index)) next.delete(index)
      else next.add(index)
      return next
    })

  return (
    <ModalDialog title="Import sites" onCancel={onCancel}>
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault()
          void (sites ? importChosen() : preview())
        }}
      >
        <RadioChoices
          legend="From"
          name="site-source"
          choices={SOURCES.map(({ id, label }) => ({ value: id, label }))}
          value={source}
          onChange={chooseSource}
        />
        <div className="field">
          <label htmlFor="sites-path">Settings file</label>
          <div className="field-row">
            <input
              id="sites-path"
              value={path}
              spellCheck={false}
              onChange={(event) => {
                setPath(event.target.value)
                setSites(undefined)
              }}
            />
            {canBrowse && (
              <button
                type="button"
                onClick={() =>
                  void client
                    .call('dialog:choose-file', { title: 'Settings file' })
                    .then((chosenPath) => {
                      if (!chosenPath) return
                      setPath(chosenPath)
                      setSites(undefined)
                    })
                }
              >
                Browse…
              </button>
            )}
          </div>
        </div>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={useKnownHosts}
            onChange={(event) => setUseKnownHosts(event.target.checked)}
          />
          Also trust the host keys listed for these sites in
        </label>
        <div className="field">
          <label htmlFor="sites-known-hosts" className="visually-hidden">
            known_hosts file
          </label>
          <div className="field-row">
            <input
              id="sites-known-hosts"
              value={knownHosts}
              spellCheck={false}
              disabled={!useKnownHosts}
              onChange={(event) => setKnownHosts(event.target.value)}
            />
            {canBrowse && (
              <button
                type="button"
                aria-label="Browse for the known_hosts file"
                disabled={!useKnownHosts}
                onClick={() =>
                  void client
                    .call('dialog:choose-file', { title: 'known_hosts file' })
                    .then((chosenPath) => chosenPath && setKnownHosts(chosenPath))
                }
              >
                Browse…
              </button>
            )}
          </div>
        </div>
        {sites && (
          <div className="site-list" role="group" aria-label="Sites found">
            {sites.length === 0 && <p className="placeholder">No sites found in this file.</p>}
            {sites.map((site, index) => (
              <label
                key={`${site.group}/${site.name}/${index}`}
                className={`site${site.problem ? ' muted' : ''}`}
              >
                <input
                  type="checkbox"
                  checked={chosen.has(index)}
                  disabled={site.problem !== undefined}
                  onChange={() => toggle(index)}
                />
                <span>
                  <strong>
                    {site.group ? `${site.group}/` : ''}
                    {site.name}
                  </strong>{' '}
                  <span className="muted">
                    {site.username ? `${site.username}@` : ''}
                    {site.host}:{site.port}
                    {site.keyPath ? ` · key ${site.keyPath}` : ''}
                    {site.problem ? ` · ${site.problem}` : ''}
                  </span>
                </span>
              </label>
            ))}
          </div>
        )}
        <FormFooter
          error={error}
          submitLabel={
            sites ? `Import ${chosen.size} ${chosen.size === 1 ? 'site' : 'sites'}` : 'Show sites'
          }
          submitDisabled={busy || (sites ? chosen.size === 0 : path.trim() === '')}
          onCancel={onCancel}
        />
      </form>
    </ModalDialog>
  )
}

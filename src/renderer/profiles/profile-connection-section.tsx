import type { ProxySetting } from '../../shared/connection-settings'
import type { KeyInfo } from '../../shared/domain'
import { FoldedSection } from '../common/folded-section'
import { RadioChoices } from '../common/radio-choices'
import { connectionSummary } from './login-and-route-words'
import type { DraftForm } from './profile-field'
import { portText, ProfileJumpHosts } from './profile-jump-hosts'

type ProxyKind = ProxySetting['kind']

const PROXY_CHOICES: ReadonlyArray<{ value: ProxyKind; label: string }> = [
  { value: 'none', label: 'None' },
  { value: 'system', label: 'The system’s proxy' },
  { value: 'socks5', label: 'SOCKS5' },
  { value: 'http', label: 'HTTP (CONNECT)' },
]

/** A proxy kind chosen: a proxy's host, port and user carry over from the one before. */
function proxyFor(kind: ProxyKind, before: ProxySetting): ProxySetting {
  if (kind === 'none' || kind === 'system') return { kind }
  const was = before.kind === 'socks5' || before.kind === 'http' ? before : undefined
  return {
    kind,
    host: was?.host ?? '',
    port: was && was.kind === kind ? was.port : kind === 'socks5' ? 1080 : 8080,
    ...(was?.username ? { username: was.username } : {}),
  }
}

/**
 * The Profile dialog's Connection section ("Proxy and jump hosts"), folded: the proxy the connection goes through (none, the
 * system's, SOCKS5 or HTTP CONNECT, with an optional login whose password goes to the keychain
 * on save) and the chain of jump hosts.
 */
export function ProfileConnectionSection({
  form,
  keys,
  proxyPasswordStored,
}: {
  readonly form: DraftForm
  readonly keys: readonly KeyInfo[]
  /** The keychain holds a password for the proxy login of the profile being edited. */
  readonly proxyPasswordStored: boolean
}) {
  const { draft, update, touched, errors } = form
  const { proxy } = draft
  const proxyError = touched.has('proxy') ? errors.proxy : undefined
  const jumpsError = touched.has('jumps') ? errors.jumps : undefined
  const set = (change: Partial<Extract<ProxySetting, { kind: 'socks5' | 'http' }>>) =>
    proxy.kind === 'socks5' || proxy.kind === 'http'
      ? update({ proxy: { ...proxy, ...change } })
      : undefined
  return (
    <FoldedSection
      // Not "Connection": every test and person finds the main window's "Connect" button by
      // that name, and a section named "Connection" would answer to it too.
      title="Proxy and jump hosts"
      summary={connectionSummary(proxy, draft.jumps)}
      mustOpen={!!proxyError || !!jumpsError}
    >
      <RadioChoices
        legend="Proxy"
        name="proxy-kind"
        choices={PROXY_CHOICES}
        value={proxy.kind}
        onChange={(kind) => update({ proxy: proxyFor(kind, proxy) })}
      />
      {proxy.kind === 'system' && (
        <p className="field-hint">
          Asked of the operating system at every connect, so its settings and PAC files apply (in
          the desktop app).
        </p>
      )}
      {(proxy.kind === 'socks5' || proxy.kind === 'http') && (
        <>
          <div className="field-grid">
            <div className="field">
              <label htmlFor="proxy-host">Proxy host</label>
              <input
                id="proxy-host"
                value={proxy.host}
                autoComplete="off"
                spellCheck={false}
                onChange={(event) => set({ host: event.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor="proxy-port">Proxy port</label>
              <input
                id="proxy-port"
                value={portText(proxy.port)}
                inputMode="numeric"
                autoComplete="off"
                onChange={(event) => set({ port: Number(event.target.value) })}
              />
            </div>
            <div className="field">
              <label htmlFor="proxy-user">Proxy user (optional)</label>
              <input
                id="proxy-user"
                value={proxy.username ?? ''}
                autoComplete="off"
                spellCheck={false}
                onChange={(event) => {
                  const { username: _dropped, ...rest } = proxy
                  const typed = event.target.value
                  update({ proxy: typed ? { ...rest, username: typed } : rest })
                }}
              />
            </div>
            <div className="field">
              <label htmlFor="proxy-password">Proxy password</label>
              <input
                id="proxy-password"
                type="password"
                autoComplete="off"
                disabled={!proxy.username}
                value={draft.proxyPassword}
                onChange={(event) => update({ proxyPassword: event.target.value })}
              />
            </div>
          </div>
          <p className={proxyError ? 'field-error' : 'field-hint'}>
            {proxyError ??
              (proxyPasswordStored && proxy.username
                ? 'The keychain holds the proxy’s password: type a new one to replace it.'
                : 'The server’s name is resolved by the proxy. A password is kept in the system keychain.')}
          </p>
        </>
      )}
      <ProfileJumpHosts form={form} keys={keys} />
    </FoldedSection>
  )
}

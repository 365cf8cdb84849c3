import { describeWayThrough } from '../../../shared/connection-settings'
import type { CallName } from '../../../shared/api-contract'
import type {
  HostKeyPrompt,
  LoginReport,
  Profile,
  ProfileId,
  Transfer,
} from '../../../shared/domain'
import type { ErrorKind } from '../../../shared/errors'
import { needsAttention } from '../../../shared/recovered-send'
import type { ApiEvent } from '../../../shared/transport'
import type { Handlers } from '../api/handler-table'
import { toApiError } from '../errors'
import type { SessionLog } from './session-log'

// Failures that are the key or the login, not the network: the person fixes them in the profile.
const AUTHENTICATION_KINDS: ReadonlySet<ErrorKind> = new Set([
  'auth-failed',
  'bad-key',
  'passphrase-needed',
  'bad-passphrase',
  'password-needed',
  'keychain-unavailable',
])
// Asking for a passphrase or a password is the usual way a login starts, not a failure.
const ASKING_KINDS: ReadonlySet<ErrorKind> = new Set([
  'passphrase-needed',
  'password-needed',
  'cancelled',
])
const HOST_KEY_KINDS: ReadonlySet<ErrorKind> = new Set(['host-key-changed', 'host-key-rejected'])
// Not worth a line: a form's own checks, a person's cancel, a dialog the web UI lacks.
const UNLOGGED_KINDS: ReadonlySet<ErrorKind> = new Set([
  'invalid-input',
  'cancelled',
  'not-supported',
])
// Calls whose outcome the recorder already writes in its own words.
const OWN_WORDS: ReadonlySet<CallName> = new Set(['session:open'])

const VERB: Record<Transfer['direction'], { start: string; done: string }> = {
  upload: { start: 'Sending', done: 'Sent' },
  download: { start: 'Downloading', done: 'Downloaded' },
  pickup: { start: 'Picking up', done: 'Picked up' },
}

/**
 * Turns what core does into session log entries: the events core emits (transfers, drops and
 * reconnects, host key questions, new files) and the calls that have no event of their own
 * (connecting and logging in, host key answers, the start of a pickup or send, any failure).
 * It only reads core, so the rest of core needs to know nothing of the log.
 */
export class SessionLogRecorder {
  private readonly prompts = new Map<string, HostKeyPrompt>()
  private readonly running = new Map<string, number>()
  private readonly taken = new Set<string>()

  constructor(
    private readonly log: SessionLog,
    private readonly profileOf: (profileId: ProfileId) => Profile | undefined,
  ) {}

  /** For EventBus.subscribe: one entry per event worth one. */
  readonly onEvent = (event: ApiEvent): void => {
    switch (event.name) {
      case 'transfer:update':
        this.transfer(event.payload)
        return
      case 'session:closed': {
        const { profileId, reason } = event.payload
        if (reason)
          this.log.record({
            level: 'error',
            category: 'connection',
            profileId,
            message: `Connection closed: ${reason.message}`,
            details: { kind: reason.kind },
          })
        else
          this.log.record({
            level: 'info',
            category: 'connection',
            profileId,
            message: 'Disconnected',
          })
        return
      }
      case 'session:reconnecting': {
        const { profileId, reason, attempt, retryInMs } = event.payload
        this.log.record({
          level: 'warn',
          category: 'connection',
          profileId,
          message: `Connection lost: ${reason.message} Reconnecting (attempt ${attempt}) in ${seconds(retryInMs)}.`,
          details: { kind: reason.kind, attempt },
        })
        return
      }
      case 'session:reconnected': {
        const { profileId, host, port, username, login } = event.payload
        this.log.record({
          level: 'info',
          category: 'connection',
          profileId,
          message: `Reconnected to ${host} port ${port} as ${username}${login ? ` ${loginWords(login)}` : ''}`,
        })
        return
      }
      case 'login:prompt': {
        // The questions, never the answers: those go back in a call this recorder does not log.
        const { profileId, host, prompts, round } = event.payload
        this.log.record({
          level: 'info',
          category: 'authentication',
          profileId,
          message: `${host} asks ${prompts.map((prompt) => JSON.stringify(prompt.prompt.trim())).join(', ')} (round ${round} of its questions)`,
        })
        return
      }
      case 'hostkey:prompt': {
        const prompt = event.payload
        this.prompts.set(prompt.promptId, prompt)
        this.log.record({
          level: 'warn',
          category: 'host-key',
          profileId: prompt.profileId,
          message: `Unknown host key for ${prompt.host} port ${prompt.port}: ${prompt.hostKey.type} ${prompt.hostKey.fingerprint}. Asking whether to trust it.`,
        })
        return
      }
      case 'send:recovered': {
        for (const send of event.payload.sends)
          this.log.record({
            level: needsAttention(send.outcome) ? 'warn' : 'info',
            category: 'transfer',
            profileId: send.profileId,
            message: `Recovered after a crash: ${send.kind === 'message' ? `the message ${send.name}` : send.name} to ${send.mailbox}: ${send.summary} ${send.gateway}`,
            details: {
              remotePath: send.remotePath,
              localPath: send.localPaths.join(', '),
              startedAt: new Date(send.startedAt).toISOString(),
              sizeSent: send.sizeSent,
              sizeOnServer: send.sizeOnServer ?? 'none',
              outcome: send.outcome,
            },
          })
        return
      }
      case 'mailbox:new-files': {
        const { profileId, mailboxPath, partner, count, autoPickup } = event.payload
        this.log.record({
          level: 'info',
          category: 'mailbox',
          profileId,
          message: `${count} new ${count === 1 ? 'file' : 'files'} from ${partner}${autoPickup ? ', picking up' : ''}`,
          details: { mailbox: mailboxPath },
        })
        return
      }
      default:
        // listing:progress is too fine for a log, and log:entry is the log's own echo.
        return
    }
  }

  /** The handlers, each also recording its failure, and the few calls worth a line of their own. */
  wrap(handlers: Handlers): Handlers {
    const wrapped = { ...handlers } as Record<CallName, (input: unknown) => Promise<unknown>>
    for (const name of Object.keys(handlers) as CallName[]) {
      const handler = handlers[name] as (input: unknown) => Promise<unknown>
      wrapped[name] = async (input) => {
        const before = this.beforeCall(name, input)
        try {
          const value = await handler(input)
          this.afterCall(name, input, value, before)
          return value
        } catch (error) {
          this.failedCall(name, input, error)
          throw error
        }
      }
    }
    return wrapped as unknown as Handlers
  }

  private beforeCall(name: CallName, input: unknown): Profile | undefined {
    const profileId = profileIdIn(input)
    if (name === 'transfer:send' && profileId) {
      // Written before the files start, so the log reads in the order things happened.
      const { remoteFolder, localPaths, asMessage } = input as {
        remoteFolder: string
        localPaths: readonly string[]
        asMessage?: boolean
      }
      this.log.record({
        level: 'info',
        category: 'transfer',
        profileId,
        message: `Sending ${localPaths.length} ${localPaths.length === 1 ? 'file' : 'files'} to ${remoteFolder}${asMessage ? ' as one message' : ''}`,
      })
    }
    if (name !== 'session:open') return undefined
    const profile = this.profileOf(profileIdIn(input) as ProfileId)
    if (profile)
      this.log.record({
        level: 'info',
        category: 'connection',
        profileId: profile.id,
        message: `Connecting to ${profile.host} port ${profile.port} as ${profile.username}${describeWayThrough(profile.proxy, profile.jumps)}`,
        details: { gateway: profile.preset },
      })
    return profile
  }

  private afterCall(name: CallName, input: unknown, value: unknown, profile?: Profile): void {
    const profileId = profileIdIn(input)
    if (name === 'session:open' && profile) {
      const { hostKey, login } = value as {
        hostKey: { type: string; fingerprint: string }
        login?: LoginReport
      }
      this.log.record({
        level: 'info',
        category: 'authentication',
        profileId: profile.id,
        message: `Logged in to ${profile.host} as ${profile.username} ${login ? loginWords(login) : "with the profile's key"}; host key ${hostKey.type} ${hostKey.fingerprint}`,
      })
    } else if (name === 'hostkey:answer') {
      const { promptId, trust } = input as { promptId: string; trust: boolean }
      const prompt = this.prompts.get(promptId)
      this.prompts.delete(promptId)
      if (!prompt) return
      this.log.record({
        level: trust ? 'info' : 'warn',
        category: 'host-key',
        profileId: prompt.profileId,
        message: trust
          ? `Host key of ${prompt.host} port ${prompt.port} trusted: ${prompt.hostKey.type} ${prompt.hostKey.fingerprint}`
          : `Host key of ${prompt.host} port ${prompt.port} not trusted; disconnected`,
      })
    } else if (name === 'transfer:pickup' && profileId) {
      const { transferIds, tooYoung, alreadyPickedUp, recovered } = value as {
        transferIds: readonly string[]
        tooYoung: number
        alreadyPickedUp: number
        recovered: number
      }
      const { mailboxPath, remotePaths } = input as {
        mailboxPath?: string
        remotePaths?: readonly string[]
      }
      this.log.record({
        level: 'info',
        category: 'transfer',
        profileId,
        message: `Pickup ${mailboxPath ? `of ${mailboxPath}` : `of ${remotePaths?.length ?? 0} chosen files`}: ${transferIds.length} to fetch, ${tooYoung} too young to take yet, ${alreadyPickedUp} picked up before, ${recovered} finished from an interrupted pickup`,
        details: { localFolder: (input as { localFolder?: string }).localFolder },
      })
    }
  }

  private failedCall(name: CallName, input: unknown, error: unknown): void {
    const { kind, message, detail } = toApiError(error)
    const profileId = profileIdIn(input)
    if (name === 'session:open') {
      const category =
        AUTHENTICATION_KINDS.has(kind) || (kind === 'cancelled' && detail?.prompt !== undefined)
          ? 'authentication'
          : HOST_KEY_KINDS.has(kind)
            ? 'host-key'
            : 'connection'
      this.log.record({
        level: ASKING_KINDS.has(kind) ? 'warn' : 'error',
        category,
        ...(profileId ? { profileId } : {}),
        message: `${category === 'authentication' ? 'Login failed' : 'Could not connect'}: ${message}`,
        details: { kind },
      })
      return
    }
    if (UNLOGGED_KINDS.has(kind) || OWN_WORDS.has(name)) return
    this.log.record({
      level: 'error',
      category: 'error',
      ...(profileId ? { profileId } : {}),
      message,
      details: { kind, call: name },
    })
  }

  private transfer(transfer: Transfer): void {
    // What a recovery found is told by its own entry (send:recovered), with the facts.
    if (transfer.recovered) return
    const { id, profileId, direction, name, state } = transfer
    const verb = VERB[direction]
    const facts = {
      remotePath: transfer.remotePath,
      localPath: transfer.localPath,
      size: transfer.totalBytes,
    }
    if (transfer.takenAt !== undefined && !this.taken.has(id)) {
      this.taken.add(id)
      // The queue lists 500 finished transfers; an id older than that gets no more updates.
      if (this.taken.size > 1_000) this.taken.delete(this.taken.values().next().value ?? id)
      this.log.record({
        level: 'info',
        category: 'transfer',
        profileId,
        message: `The gateway took ${name} from the send mailbox`,
        details: { remotePath: transfer.remotePath },
      })
      return
    }
    if (state === 'running' && !this.running.has(id)) {
      this.running.set(id, Date.now())
      this.log.record({
        level: 'info',
        category: 'transfer',
        profileId,
        message: `${verb.start} ${name} (${formatBytes(transfer.totalBytes)})`,
        details: facts,
      })
      return
    }
    if (state === 'reconnecting') {
      this.log.record({
        level: 'warn',
        category: 'transfer',
        profileId,
        message: `${name}: waiting for the connection to come back`,
      })
      return
    }
    if (state !== 'done' && state !== 'failed' && state !== 'cancelled') return
    const started = this.running.get(id)
    this.running.delete(id)
    const durationMs =
      started === undefined ? undefined : (transfer.finishedAt ?? Date.now()) - started
    const took = durationMs === undefined ? '' : ` in ${seconds(durationMs)}`
    if (state === 'done') {
      this.log.record({
        level: 'info',
        category: 'transfer',
        profileId,
        message: `${verb.done} ${name} (${formatBytes(transfer.totalBytes)})${took}`,
        details: { ...facts, durationMs },
      })
    } else if (state === 'failed') {
      this.log.record({
        level: 'error',
        category: 'transfer',
        profileId,
        message: `${verb.start} ${name} failed: ${transfer.error?.message ?? 'no reason given'}`,
        details: { ...facts, kind: transfer.error?.kind, durationMs },
      })
    } else {
      this.log.record({
        level: 'warn',
        category: 'transfer',
        profileId,
        message: `${verb.start} ${name} cancelled`,
        details: facts,
      })
    }
  }
}

// What each SSH method is, in the session log's words.
const METHOD_WORDS: Record<LoginReport['methods'][number], string> = {
  none: 'no login asked',
  publickey: "the profile's key",
  password: 'a password',
  'keyboard-interactive': "answers to the server's questions",
}

/** "with the agent's key SHA256:… (server allows: publickey, password)": never a secret. */
function loginWords(login: LoginReport): string {
  const methods = login.methods.map((method) =>
    method === 'publickey' && login.agentKey
      ? `the agent's key ${login.agentKey}`
      : METHOD_WORDS[method],
  )
  const allows = login.serverAllows.length
    ? ` (server allows: ${login.serverAllows.join(', ')})`
    : ''
  return `with ${methods.join(', then ') || 'no login asked'}${allows}`
}

function profileIdIn(input: unknown): ProfileId | undefined {
  const value = (input as { profileId?: unknown } | null)?.profileId
  return typeof value === 'string' ? (value as ProfileId) : undefined
}

function seconds(ms: number): string {
  if (ms < 1_000) return `${Math.max(0, Math.round(ms))} ms`
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`
}

// The words the app's tables use for sizes (src/renderer/common/format.ts), so both read alike.
function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`
  const units = ['KB', 'MB', 'GB', 'TB']
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit += 1
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit] ?? 'TB'}`
}

import ssh2, {
  type BaseAgent,
  type IdentityCallback,
  type ParsedKey,
  type SignCallback,
  type SigningRequestOptions,
} from 'ssh2'
import { MailroomError } from '../errors'
import { describeAgent, type AgentLocation } from './agent-locations'
import { sha256Fingerprint } from './host-key'
import { PageantAgent } from './pageant-agent'

/** A public key an agent holds, with the agent that signs with it. */
export interface AgentKey {
  readonly agent: BaseAgent
  readonly key: ParsedKey
  /** `SHA256:…`, as `ssh-add -l` and `ssh-keygen -lf` print it. */
  readonly fingerprint: string
  readonly location: AgentLocation
}

/** ssh2's agent for a location. */
export function openAgent(location: AgentLocation): BaseAgent {
  switch (location.kind) {
    case 'socket':
    case 'windows-pipe':
      // net.connect takes a Unix socket path and a Windows pipe name alike.
      return new ssh2.OpenSSHAgent(location.path)
    case 'pageant':
      return new PageantAgent()
  }
}

// An agent that takes longer than this to list its keys is taken as not answering.
const LIST_TIMEOUT_MS = 10_000

/**
 * The keys the agents at `locations` hold, in order, each agent asked in turn. Fails, saying
 * what to do, when no agent is set up, none answers, or those that answer hold no key.
 */
export async function agentKeys(
  locations: readonly AgentLocation[],
  open: (location: AgentLocation) => BaseAgent = openAgent,
): Promise<AgentKey[]> {
  if (locations.length === 0)
    throw new MailroomError(
      'auth-failed',
      'No SSH agent is running for Mailroom: SSH_AUTH_SOCK is not set. Start ssh-agent, add your key with ssh-add, and start Mailroom from that session (on macOS, the system agent sets it).',
    )
  const keys: AgentKey[] = []
  const unreachable: string[] = []
  let answered = 0
  for (const location of locations) {
    const agent = open(location)
    try {
      for (const key of await identities(agent)) {
        keys.push({
          agent,
          key,
          fingerprint: sha256Fingerprint(key.getPublicSSH()),
          location,
        })
      }
      answered += 1
    } catch (error) {
      unreachable.push(
        `${describeAgent(location)}: ${error instanceof Error ? error.message : String(error)}`,
      )
    }
  }
  if (answered === 0)
    throw new MailroomError(
      'auth-failed',
      `No SSH agent answered (${unreachable.join('; ')}). Start your agent and add your key to it, then connect again.`,
    )
  if (keys.length === 0)
    throw new MailroomError(
      'auth-failed',
      `The SSH agent holds no keys (${locations.map(describeAgent).join(', ')}). Add your key to it (ssh-add, or Add Key in Pageant), then connect again.`,
    )
  return keys
}

function identities(agent: BaseAgent): Promise<ParsedKey[]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('it did not answer')), LIST_TIMEOUT_MS)
    agent.getIdentities((error, keys) => {
      clearTimeout(timer)
      if (error) reject(error)
      else
        resolve(
          ((keys ?? []) as (Buffer | string | ParsedKey)[]).flatMap((key) => {
            const parsed = ssh2.utils.parseKey(key)
            return parsed instanceof Error ? [] : [parsed]
          }),
        )
    })
  })
}

/**
 * One key of an agent as an agent of its own: ssh2 offers every key an agent lists before it
 * asks the authHandler again, so each key is handed over alone and the handler decides how
 * many are offered (auth-handler.ts) and records which one logged in.
 */
export class OneKeyAgent extends ssh2.BaseAgent<ParsedKey> {
  constructor(private readonly held: AgentKey) {
    super()
  }

  getIdentities(callback: IdentityCallback<ParsedKey>): void {
    callback(undefined, [this.held.key])
  }

  sign(
    publicKey: ParsedKey,
    data: Buffer,
    options: SigningRequestOptions | SignCallback,
    callback?: SignCallback,
  ): void {
    const agent = this.held.agent as unknown as {
      sign(
        key: ParsedKey,
        data: Buffer,
        options: SigningRequestOptions,
        callback: SignCallback,
      ): void
    }
    if (typeof options === 'function') agent.sign(publicKey, data, {}, options)
    else agent.sign(publicKey, data, options, callback ?? (() => undefined))
  }
}

import type { ConnectConfig } from 'ssh2'
import { MailroomError } from '../errors'
import type { LoadedPrivateKey } from '../keys/load-private-key'
import { agentKeys, OneKeyAgent } from './agent-keys'
import type { AgentLocation } from './agent-locations'
import { authHandler, type AuthAttempt, type AuthStep } from './auth-handler'
import { answerServerQuestions, type AskPerson, type QuestionContext } from './server-questions'

/** Where a password came from, so a refusal can say which one was wrong. */
export type PasswordSource = 'keychain' | 'person'

/**
 * How a session logs in, as plain data handed to it: a key Mailroom holds, a password, the
 * server's questions (keyboard-interactive), an SSH agent's keys, or a key and then a password.
 * Another way is another variant here and its steps in `loginSteps`, not a branch in the
 * session manager.
 */
export type Credentials =
  | { readonly kind: 'key'; readonly privateKey: LoadedPrivateKey }
  | { readonly kind: 'password'; readonly password: string; readonly from: PasswordSource }
  | {
      readonly kind: 'keyboard-interactive'
      /** Answers the server's question for the password, where there is one. */
      readonly password?: string
      readonly from?: PasswordSource
      /** Every other question goes to the person. */
      readonly ask: AskPerson
    }
  | {
      readonly kind: 'agent'
      readonly agents: readonly AgentLocation[]
      /** Only this key of the agent's (SHA256:…); otherwise each in turn. */
      readonly keyFingerprint?: string
    }
  | {
      readonly kind: 'key-and-password'
      readonly privateKey: LoadedPrivateKey
      readonly password: string
      readonly from: PasswordSource
    }

/** What turning credentials into a login needs from the connection being opened. */
export interface LoginContext extends QuestionContext {
  readonly username: string
}

/** ssh2's login options for `credentials`: one authHandler that tries its steps in order. */
export function loginOptions(
  credentials: Credentials,
  context: LoginContext,
): Pick<ConnectConfig, 'authHandler'> {
  return {
    authHandler: authHandler(context.username, loginSteps(credentials, context), context.record),
  }
}

/** The steps of `credentials`, in the order they are tried. */
export function loginSteps(credentials: Credentials, context: LoginContext): AuthStep[] {
  const { username } = context
  const keyStep = (privateKey: LoadedPrivateKey): AuthStep => ({
    method: 'publickey',
    attempts: async () => [
      {
        auth: {
          type: 'publickey',
          username,
          key: privateKey.data,
          ...(privateKey.passphrase === undefined ? {} : { passphrase: privateKey.passphrase }),
        },
      },
    ],
  })
  const passwordStep = (password: string): AuthStep => ({
    method: 'password',
    attempts: async () => [{ auth: { type: 'password', username, password } }],
  })
  switch (credentials.kind) {
    case 'key':
      return [keyStep(credentials.privateKey)]
    case 'password':
      return [passwordStep(credentials.password)]
    case 'key-and-password':
      return [keyStep(credentials.privateKey), passwordStep(credentials.password)]
    case 'keyboard-interactive':
      return [
        {
          method: 'keyboard-interactive',
          attempts: async () => [
            {
              auth: {
                type: 'keyboard-interactive',
                username,
                prompt: answerServerQuestions(credentials.password, credentials.ask, context),
              },
            },
          ],
        },
      ]
    case 'agent':
      return [
        {
          method: 'publickey',
          attempts: async () => {
            const held = await agentKeys(credentials.agents)
            const chosen =
              credentials.keyFingerprint === undefined
                ? held
                : held.filter((key) => key.fingerprint === credentials.keyFingerprint)
            if (chosen.length === 0)
              throw new MailroomError(
                'auth-failed',
                `The SSH agent does not hold the key ${credentials.keyFingerprint ?? ''} the profile names (it holds ${held.map((key) => key.fingerprint).join(', ')}). Add that key to the agent, or choose another in the profile.`,
              )
            context.record.agentKeys = { held: chosen.length, offered: 0, capped: false }
            return chosen.map((key): AuthAttempt => ({
              auth: { type: 'agent', username, agent: new OneKeyAgent(key) },
              agentKey: key.fingerprint,
            }))
          },
        },
      ]
  }
}

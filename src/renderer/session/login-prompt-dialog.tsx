import { useState } from 'react'
import type { LoginPrompt } from '../../shared/login-prompt'
import { asApiError, type MailroomClient } from '../api/client'
import { FormFooter } from '../common/form-footer'
import { ModalDialog } from '../common/modal-dialog'
import { promptTitle } from './prompt-title'

interface LoginPromptDialogProps {
  readonly client: MailroomClient
  readonly prompt: LoginPrompt
  readonly onClose: () => void
}

/**
 * A round of the server's questions (keyboard-interactive), named after what it asks: the
 * server's name and instruction as plain text, each question a field, typed in the clear when
 * the server says it may be shown (a one-time code) and hidden otherwise (a password). OK sends
 * the answers, Cancel ends the login; the server's next round opens a dialog of its own.
 */
export function LoginPromptDialog({ client, prompt, onClose }: LoginPromptDialogProps) {
  const [answers, setAnswers] = useState<string[]>(() => prompt.prompts.map(() => ''))
  const [error, setError] = useState<string>()
  const answer = async (given: string[] | null) => {
    try {
      await client.call('login:answer', { promptId: prompt.promptId, answers: given })
      onClose()
    } catch (failure) {
      setError(asApiError(failure).message)
    }
  }
  const cancel = () => void answer(null)
  return (
    <ModalDialog title={promptTitle(prompt)} onCancel={cancel}>
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault()
          void answer(answers)
        }}
      >
        <div className="server-asks">
          <p>
            Logging in as <strong>{prompt.username}</strong> to <strong>{prompt.host}</strong> port{' '}
            {prompt.port}.{prompt.round > 1 ? ' The server asks once more.' : ''}
          </p>
          {prompt.name && (
            <p className="server-text">
              <strong>{prompt.name}</strong>
            </p>
          )}
          {prompt.instruction && <p className="server-text">{prompt.instruction}</p>}
        </div>
        {prompt.prompts.map((question, index) => (
          <div className="field" key={index}>
            <label htmlFor={`login-answer-${index}`} className="server-text">
              {question.prompt.trim() || `Answer ${index + 1}`}
            </label>
            <input
              id={`login-answer-${index}`}
              type={question.echo ? 'text' : 'password'}
              autoComplete={question.echo ? 'one-time-code' : 'off'}
              spellCheck={false}
              autoFocus={index === 0}
              value={answers[index] ?? ''}
              onChange={(event) =>
                setAnswers(answers.map((was, at) => (at === index ? event.target.value : was)))
              }
            />
          </div>
        ))}
        <p className="field-hint">Cancel stops logging in.</p>
        <FormFooter error={error} submitLabel="OK" submitDisabled={false} onCancel={cancel} />
      </form>
    </ModalDialog>
  )
}

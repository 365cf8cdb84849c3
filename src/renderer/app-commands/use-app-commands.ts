import { useEffect, useRef } from 'react'
import type { AppCommand } from '../../shared/api-contract'
import type { MailroomClient } from '../api/client'

/** What the page does for each command: every command has a handler, so none is a silent no-op. */
export type AppCommandHandlers = { readonly [C in AppCommand]: () => void }

/** The parts of a key press the shortcuts look at (a KeyboardEvent has them all). */
export interface KeyPress {
  readonly key: string
  readonly ctrlKey: boolean
  readonly metaKey: boolean
  readonly altKey: boolean
  readonly shiftKey: boolean
}

/** The letter shortcuts, pressed with Cmd on macOS and Ctrl elsewhere, as the menu's CmdOrCtrl. */
const LETTERS: Readonly<Record<string, AppCommand>> = {
  n: 'new-profile',
  o: 'send-files',
  l: 'session-log',
}

/**
 * The command a key press stands for, or undefined. The same keys as the application menu's
 * accelerators, so the web UI has the shortcuts too; inside Electron the menu takes them first.
 */
export function commandForKey(press: KeyPress, mac: boolean): AppCommand | undefined {
  if (press.altKey || press.shiftKey) return undefined
  if (press.key === 'F5') return press.ctrlKey || press.metaKey ? undefined : 'refresh'
  const commandKey = mac ? press.metaKey && !press.ctrlKey : press.ctrlKey && !press.metaKey
  if (!commandKey) return undefined
  return LETTERS[press.key.toLowerCase()]
}

/** macOS names its command key Cmd; the menu's CmdOrCtrl follows the same rule. */
export function isMacPlatform(platform: string): boolean {
  return /^mac/i.test(platform)
}

/** Where commands come from: key presses on the page, and the app's events. */
export interface CommandSources {
  readonly keys: Pick<Window, 'addEventListener' | 'removeEventListener'>
  readonly subscribe: MailroomClient['subscribe']
  readonly mac: boolean
  /** While a modal dialog is open, commands wait: a shortcut never replaces a dialog being filled in. */
  readonly dialogOpen: () => boolean
}

/**
 * Runs a handler for each command, whether it came from the application menu (the `app:command`
 * event) or from its key pressed in the page. Returns the function that stops listening.
 */
export function listenForCommands(
  sources: CommandSources,
  handlers: () => AppCommandHandlers,
): () => void {
  const run = (command: AppCommand) => {
    if (!sources.dialogOpen()) handlers()[command]()
  }
  const onKey = (event: KeyboardEvent) => {
    const command = commandForKey(event, sources.mac)
    if (!command) return
    // Handled here, so the browser's own meaning of the key (reload, open a file) never runs,
    // and inside Electron the menu does not run it a second time.
    event.preventDefault()
    // A held key repeats: one refresh or one dialog per press is what was meant.
    if (!event.repeat) run(command)
  }
  sources.keys.addEventListener('keydown', onKey)
  const unsubscribe = sources.subscribe((event) => {
    if (event.name === 'app:command') run(event.payload.command)
  })
  return () => {
    sources.keys.removeEventListener('keydown', onKey)
    unsubscribe()
  }
}

/** The application menu's commands and their keys, for the page's lifetime. */
export function useAppCommands(client: MailroomClient, handlers: AppCommandHandlers): void {
  // The latest handlers, so that listening does not restart on every render.
  const latest = useRef(handlers)
  useEffect(() => {
    latest.current = handlers
  })
  useEffect(
    () =>
      listenForCommands(
        {
          keys: window,
          subscribe: (listener) => client.subscribe(listener),
          mac: isMacPlatform(navigator.platform),
          dialogOpen: () => document.querySelector('dialog[open]') !== null,
        },
        () => latest.current,
      ),
    [client],
  )
}

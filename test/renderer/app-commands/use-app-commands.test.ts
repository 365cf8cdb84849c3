import { describe, expect, it } from 'vitest'
import {
  commandForKey,
  isMacPlatform,
  listenForCommands,
  type AppCommandHandlers,
  type KeyPress,
} from '../../../src/renderer/app-commands/use-app-commands'
import type { AppCommand } from '../../../src/shared/api-contract'
import type { ApiEvent } from '../../../src/shared/transport'

const press = (key: string, modifiers: Partial<Omit<KeyPress, 'key'>> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...modifiers,
})

describe('commandForKey', () => {
  it.each([
    ['F5', {}, 'refresh'],
    ['n', { ctrlKey: true }, 'new-profile'],
    ['o', { ctrlKey: true }, 'send-files'],
    ['l', { ctrlKey: true }, 'session-log'],
    // Caps Lock on: the key arrives upper-case.
    ['N', { ctrlKey: true }, 'new-profile'],
  ] as const)('%s %o on Windows and Linux is %s', (key, modifiers, command) => {
    expect(commandForKey(press(key, modifiers), false)).toBe(command)
  })

  it('uses Cmd on macOS, as the menu does, and leaves Ctrl alone there', () => {
    expect(commandForKey(press('n', { metaKey: true }), true)).toBe('new-profile')
    expect(commandForKey(press('o', { metaKey: true }), true)).toBe('send-files')
    expect(commandForKey(press('l', { metaKey: true }), true)).toBe('session-log')
    expect(commandForKey(press('n', { ctrlKey: true }), true)).toBeUndefined()
    expect(commandForKey(press('n', { metaKey: true }), false)).toBeUndefined()
  })

  it('ignores the same letters without the command key or with other modifiers', () => {
    for (const key of ['n', 'o', 'l']) {
      expect(commandForKey(press(key), false)).toBeUndefined()
      expect(commandForKey(press(key, { ctrlKey: true, shiftKey: true }), false)).toBeUndefined()
      expect(commandForKey(press(key, { ctrlKey: true, altKey: true }), false)).toBeUndefined()
      expect(commandForKey(press(key, { ctrlKey: true, metaKey: true }), false)).toBeUndefined()
    }
    expect(commandForKey(press('a', { ctrlKey: true }), false)).toBeUndefined()
    // Ctrl+F5 is the browser's hard reload; Mailroom's F5 is plain.
    expect(commandForKey(press('F5', { ctrlKey: true }), false)).toBeUndefined()
    expect(commandForKey(press('F5', { shiftKey: true }), false)).toBeUndefined()
  })

  it('knows macOS by its platform name', () => {
    expect(isMacPlatform('MacIntel')).toBe(true)
    expect(isMacPlatform('Win32')).toBe(false)
    expect(isMacPlatform('Linux x86_64')).toBe(false)
  })
})

/** A key event the listener can prevent, as a browser's KeyboardEvent is. */
class FakeKeyEvent extends Event {
  readonly key: string
  readonly ctrlKey: boolean
  readonly metaKey = false
  readonly altKey = false
  readonly shiftKey = false
  readonly repeat: boolean
  constructor(key: string, ctrlKey: boolean, repeat = false) {
    super('keydown', { cancelable: true })
    this.key = key
    this.ctrlKey = ctrlKey
    this.repeat = repeat
  }
}

function setup(dialogOpen = false) {
  const keys = new EventTarget()
  const listeners = new Set<(event: ApiEvent) => void>()
  const ran: AppCommand[] = []
  const handlers: AppCommandHandlers = {
    refresh: () => ran.push('refresh'),
    'new-profile': () => ran.push('new-profile'),
    'send-files': () => ran.push('send-files'),
    'session-log': () => ran.push('session-log'),
  }
  const state = { dialogOpen }
  const stop = listenForCommands(
    {
      keys: keys as unknown as Window,
      subscribe: (listener) => {
        listeners.add(listener)
        return () => listeners.delete(listener)
      },
      mac: false,
      dialogOpen: () => state.dialogOpen,
    },
    () => handlers,
  )
  const key = (name: string, ctrl = false, repeat = false) => {
    const event = new FakeKeyEvent(name, ctrl, repeat)
    keys.dispatchEvent(event)
    return event
  }
  const menu = (command: AppCommand) => {
    for (const listener of listeners) listener({ name: 'app:command', payload: { command } })
  }
  return { ran, key, menu, stop, listeners, state }
}

describe('listenForCommands', () => {
  it('runs the same handler for a key and for the menu event, once each', () => {
    const { ran, key, menu } = setup()
    expect(key('n', true).defaultPrevented).toBe(true)
    menu('new-profile')
    expect(key('F5').defaultPrevented).toBe(true)
    menu('session-log')
    key('o', true)
    expect(ran).toEqual(['new-profile', 'new-profile', 'refresh', 'session-log', 'send-files'])
  })

  it('runs a held key once, still keeping the browser from reloading on each repeat', () => {
    const { ran, key } = setup()
    key('F5')
    expect(key('F5', false, true).defaultPrevented).toBe(true)
    key('F5', false, true)
    expect(ran).toEqual(['refresh'])
  })

  it('leaves other keys and other events to the page', () => {
    const { ran, key, listeners } = setup()
    expect(key('a', true).defaultPrevented).toBe(false)
    expect(key('Enter').defaultPrevented).toBe(false)
    for (const listener of listeners)
      listener({ name: 'listing:progress', payload: { listingId: 'x', count: 3 } })
    expect(ran).toEqual([])
  })

  it('waits while a dialog is open, without letting the browser reload the page', () => {
    const { ran, key, menu, state } = setup(true)
    expect(key('F5').defaultPrevented).toBe(true)
    menu('new-profile')
    expect(ran).toEqual([])
    state.dialogOpen = false
    key('F5')
    expect(ran).toEqual(['refresh'])
  })

  it('stops listening to keys and events', () => {
    const { ran, key, stop, listeners } = setup()
    stop()
    key('F5')
    expect(listeners.size).toBe(0)
    expect(ran).toEqual([])
  })
})

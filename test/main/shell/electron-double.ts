import { EventEmitter } from 'node:events'

/**
 * A stand-in for the `electron` module, for `vi.mock('electron', ...)`: the Electron binary
 * cannot be had on our machines. It records what the shell asks of Electron (windows and
 * their options, handlers, protocol and session settings) and lets a test play Electron's side
 * (emit a navigation, send an IPC message from some sender). Only what the shell uses is here.
 */
type Listener = (...args: never[]) => unknown

/** A preventable event, as Electron passes to will-navigate and friends. */
export class FakeEvent {
  defaultPrevented = false
  constructor(readonly fields: Record<string, unknown> = {}) {
    Object.assign(this, fields)
  }
  preventDefault(): void {
    this.defaultPrevented = true
  }
}

// Shared by every copy of this module (see `fake` below), so no two web contents share an id.
const counter = globalThis as unknown as { __mailroomContentsIds?: number }
const nextContentsId = () =>
  (counter.__mailroomContentsIds = (counter.__mailroomContentsIds ?? 0) + 1)

export class FakeFrame {
  constructor(public url: string) {}
}

export class FakeWebContents extends EventEmitter {
  readonly id = nextContentsId()
  readonly mainFrame: FakeFrame
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined
  readonly sent: { channel: string; payload: unknown }[] = []
  readonly drags: unknown[] = []

  constructor(url = 'app://mailroom/index.html') {
    super()
    this.mainFrame = new FakeFrame(url)
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler
  }
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload })
  }
  startDrag(item: unknown): void {
    this.drags.push(item)
  }
  /** Emits a preventable event and says whether the shell prevented it. */
  emitPreventable(name: string, ...args: unknown[]): boolean {
    const event = new FakeEvent()
    this.emit(name, event, ...args)
    return event.defaultPrevented
  }
}

export class FakeBrowserWindow extends EventEmitter {
  /** Every window the shell made since the last resetFake. */
  static get created(): FakeBrowserWindow[] {
    return fake.windows
  }
  readonly webContents = new FakeWebContents()
  readonly loaded: string[] = []
  readonly loadedFiles: string[] = []
  destroyed = false

  constructor(readonly options: Record<string, unknown>) {
    super()
    fake.windows.push(this)
    fake.app.emit('web-contents-created', new FakeEvent(), this.webContents)
  }
  async loadURL(url: string): Promise<void> {
    this.loaded.push(url)
  }
  async loadFile(path: string): Promise<void> {
    this.loadedFiles.push(path)
  }
  show(): void {}
  isDestroyed(): boolean {
    return this.destroyed
  }
  // What the native-behaviour modules (window state, taskbar progress) ask of a window.
  readonly progress: number[] = []
  isMaximized(): boolean {
    return false
  }
  isFocused(): boolean {
    return true
  }
  maximize(): void {}
  getNormalBounds() {
    return { x: 0, y: 0, width: 1200, height: 780 }
  }
  setProgressBar(value: number): void {
    this.progress.push(value)
  }
}

class FakeApp extends EventEmitter {
  readonly paths = new Map<string, string>([['appData', '/home/person/.config']])
  readonly calls: string[] = []
  name = 'mailroom'
  exitCode: number | undefined
  markReady: () => void = () => undefined
  private readonly readyPromise = new Promise<void>((resolve) => (this.markReady = resolve))
  readonly dock = { hidden: false, hide: () => void (this.dock.hidden = true) }
  /** Chromium's switches as the shell left them, in the order it set them. */
  readonly switches: Array<[string, string | undefined]> = []
  readonly commandLine = {
    appendSwitch: (name: string, value?: string) => void this.switches.push([name, value]),
    removeSwitch: (name: string) => {
      for (let at = this.switches.length - 1; at >= 0; at--)
        if (this.switches[at]?.[0] === name) this.switches.splice(at, 1)
    },
  }

  getPath(name: string): string {
    const path = this.paths.get(name)
    if (path === undefined) throw new Error(`no path ${name}`)
    return path
  }
  setPath(name: string, path: string): void {
    this.calls.push(`setPath:${name}`)
    this.paths.set(name, path)
  }
  setName(name: string): void {
    this.name = name
  }
  getVersion(): string {
    return '0.0.0-test'
  }
  enableSandbox(): void {
    this.calls.push('enableSandbox')
  }
  /** Electron's answer for an app run from its package (set by bootShell's `packaged`). */
  isPackaged = false
  getAppPath(): string {
    // The repository: its package.json stands in for the packaged app's.
    return process.cwd()
  }
  requestSingleInstanceLock(): boolean {
    this.calls.push('requestSingleInstanceLock')
    return true
  }
  whenReady(): Promise<void> {
    this.calls.push('whenReady')
    return this.readyPromise
  }
  exit(code: number): void {
    this.exitCode = code
  }
  quit(): void {
    this.calls.push('quit')
  }
}

class FakeIpcMain {
  readonly handlers = new Map<string, Listener>()
  readonly listeners = new Map<string, Listener[]>()
  handle(channel: string, handler: Listener): void {
    this.handlers.set(channel, handler)
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel)
  }
  on(channel: string, listener: Listener): void {
    this.listeners.set(channel, [...(this.listeners.get(channel) ?? []), listener])
  }
  removeListener(channel: string, listener: Listener): void {
    this.listeners.set(
      channel,
      (this.listeners.get(channel) ?? []).filter((known) => known !== listener),
    )
  }
  /** An invoke from `sender`'s frame, as ipcRenderer.invoke would arrive. */
  invoke(channel: string, sender: FakeWebContents, frame: FakeFrame | null, input: unknown) {
    const handler = this.handlers.get(channel)
    if (!handler) throw new Error(`no handler for ${channel}`)
    return (handler as (...args: unknown[]) => unknown)({ sender, senderFrame: frame }, input)
  }
  /** A send from `sender`'s frame, as ipcRenderer.send would arrive. */
  send(channel: string, sender: FakeWebContents, frame: FakeFrame | null, payload: unknown): void {
    for (const listener of this.listeners.get(channel) ?? [])
      (listener as (...args: unknown[]) => unknown)({ sender, senderFrame: frame }, payload)
  }
}

class FakeSession {
  requestHandler: Listener | undefined
  checkHandler: Listener | undefined
  deviceHandler: Listener | undefined
  headersListener: Listener | undefined
  readonly webRequest = {
    onHeadersReceived: (listener: Listener) => void (this.headersListener = listener),
  }
  setPermissionRequestHandler(handler: Listener): void {
    this.requestHandler = handler
  }
  setPermissionCheckHandler(handler: Listener): void {
    this.checkHandler = handler
  }
  setDevicePermissionHandler(handler: Listener): void {
    this.deviceHandler = handler
  }
  /** What resolveProxy answers (PAC form), and the addresses it was asked about. */
  proxyAnswer = 'DIRECT'
  readonly proxyQuestions: string[] = []
  async resolveProxy(url: string): Promise<string> {
    this.proxyQuestions.push(url)
    return this.proxyAnswer
  }
}

function createFake() {
  return {
    windows: [] as FakeBrowserWindow[],
    app: new FakeApp(),
    ipcMain: new FakeIpcMain(),
    session: new FakeSession(),
    schemes: [] as unknown[],
    protocolHandlers: new Map<string, (request: Request) => Promise<Response>>(),
    openedExternally: [] as string[],
    shownInFolder: [] as string[],
    openDialogAnswer: { canceled: false, filePaths: ['/home/person/chosen.xml'] } as {
      canceled: boolean
      filePaths: string[]
    },
    saveDialogAnswer: { canceled: false, filePath: '/home/person/saved.log' } as {
      canceled: boolean
      filePath?: string
    },
    errorBoxes: [] as string[],
    applicationMenu: undefined as unknown,
    // The preload's side
    exposed: new Map<string, unknown>(),
    rendererInvokes: [] as { channel: string; input: unknown }[],
    rendererSends: [] as { channel: string; payload: unknown }[],
    pathsOnDisk: new Map<unknown, string>(),
    // What the shell handed to core and to the command (their modules are mocked beside this)
    mailroomOptions: undefined as Record<string, unknown> | undefined,
    commandRuns: [] as (readonly string[])[],
    commandOptions: undefined as Record<string, unknown> | undefined,
    commandExitCode: 0,
    // The executable's inspect fuse, as shell/inspect-fuse.ts would read it (mocked beside this).
    inspectFuseOn: false,
    inspectFuseReads: 0,
    // The variables the launch may drop, as the rest of the process saw them once index.ts ran.
    environmentAfterBoot: {} as Record<string, string | undefined>,
  }
}

type Fake = ReturnType<typeof createFake>
const KEY = Symbol.for('mailroom.electron-double')
const holder = globalThis as unknown as Record<symbol, Fake | undefined>

/**
 * The double's state, kept on globalThis: vi.resetModules gives a test a fresh copy of this
 * module while the mocked 'electron' may still be an earlier copy, and both must see one state.
 */
export const fake: Fake = new Proxy({} as Fake, {
  get: (_target, property) => Reflect.get((holder[KEY] ??= createFake()), property),
  set: (_target, property, value) => Reflect.set((holder[KEY] ??= createFake()), property, value),
})

/** A fresh double for each test; everything below reads `fake` at call time. */
export function resetFake(): void {
  holder[KEY] = createFake()
}

export const electronDouble = {
  get app() {
    return fake.app
  },
  get ipcMain() {
    return fake.ipcMain
  },
  BrowserWindow: FakeBrowserWindow,
  get session() {
    return { defaultSession: fake.session }
  },
  protocol: {
    registerSchemesAsPrivileged: (schemes: unknown[]) => {
      fake.app.calls.push('registerSchemesAsPrivileged')
      fake.schemes.push(...schemes)
    },
    handle: (scheme: string, handler: (request: Request) => Promise<Response>) =>
      void fake.protocolHandlers.set(scheme, handler),
  },
  shell: {
    openExternal: async (url: string) => void fake.openedExternally.push(url),
    showItemInFolder: (path: string) => void fake.shownInFolder.push(path),
  },
  dialog: {
    showOpenDialog: async () => fake.openDialogAnswer,
    showSaveDialog: async () => fake.saveDialogAnswer,
    showErrorBox: (_title: string, text: string) => void fake.errorBoxes.push(text),
  },
  nativeImage: { createFromDataURL: (url: string) => ({ url }) },
  screen: {
    getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
  },
  Menu: {
    buildFromTemplate: (template: unknown) => template,
    setApplicationMenu: (menu: unknown) => void (fake.applicationMenu = menu),
  },
  // Not supported here, so the pickup notices never try to show one.
  Notification: Object.assign(function Notification() {}, { isSupported: () => false }),
  contextBridge: {
    exposeInMainWorld: (key: string, api: unknown) => void fake.exposed.set(key, api),
  },
  ipcRenderer: {
    invoke: async (channel: string, input: unknown) => {
      fake.rendererInvokes.push({ channel, input })
      return { ok: true, value: null }
    },
    send: (channel: string, payload: unknown) => void fake.rendererSends.push({ channel, payload }),
    on: () => undefined,
    removeListener: () => undefined,
  },
  webUtils: { getPathForFile: (file: unknown) => fake.pathsOnDisk.get(file) ?? '' },
}

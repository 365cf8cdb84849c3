import type { AppInfo } from '../../../shared/domain'

/**
 * What differs between the transports that run core (the Electron app, the web bridge, the
 * mailroom command): which one it is, and how the person picks files.
 */
export interface Platform {
  readonly transport: AppInfo['transport']
  readonly version: string
  /** Native dialogs; absent in the web bridge, where paths are typed. */
  readonly chooseFolder?: (title: string) => Promise<string | null>
  readonly chooseFile?: (title: string) => Promise<string | null>
  readonly chooseSaveFile?: (title: string, defaultName: string) => Promise<string | null>
  /** Starts an OS drag of a local file from the window (desktop only). */
  readonly startDrag?: (path: string) => void
  /** Opens the OS file manager at a file (desktop only). */
  readonly showInFolder?: (path: string) => void
}

import { describe, expect, it, vi } from 'vitest'
import type { ResolveProxy } from '../../../src/main/core/sftp/route'
import { systemProxyResolver } from '../../../src/main/shell/system-proxy'
import {
  bootShell,
  commandDouble,
  createMailroomDouble,
  electronStoreDouble,
  untilLoaded,
} from './boot-shell'

vi.mock('electron', async () => (await import('./electron-double')).electronDouble)
vi.mock('electron-store', () => electronStoreDouble)
vi.mock('../../../src/main/core/app/create-mailroom', () => createMailroomDouble())
vi.mock('../../../src/cli/run-command', () => commandDouble())

describe('systemProxyResolver', () => {
  it("asks Electron's session about the server as an HTTPS address, once the app is ready", async () => {
    const asked: string[] = []
    const steps: string[] = []
    const resolve = systemProxyResolver(
      () => ({
        resolveProxy: async (url: string) => {
          asked.push(url)
          steps.push('asked')
          return 'PROXY proxy.corp:8080; DIRECT'
        },
      }),
      async () => steps.push('ready'),
    )
    expect(await resolve('sftp.example.com', 22)).toBe('PROXY proxy.corp:8080; DIRECT')
    expect(await resolve('2001:db8::7', 2222)).toBe('PROXY proxy.corp:8080; DIRECT')
    expect(asked).toEqual(['https://sftp.example.com:22', 'https://[2001:db8::7]:2222'])
    expect(steps).toEqual(['ready', 'asked', 'ready', 'asked'])
  })

  it("is what the desktop app gives core for profiles set to the system's proxy", async () => {
    const double = await bootShell([])
    await untilLoaded(double)
    const resolveProxy = double.fake.mailroomOptions?.resolveProxy as ResolveProxy
    double.fake.session.proxyAnswer = 'PROXY proxy.corp:3128'
    expect(await resolveProxy('sftp.example.com', 2222)).toBe('PROXY proxy.corp:3128')
    expect(double.fake.session.proxyQuestions).toEqual(['https://sftp.example.com:2222'])
  })
})

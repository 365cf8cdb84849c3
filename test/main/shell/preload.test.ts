import { beforeAll, describe, expect, it, vi } from 'vitest'
import type { ElectronBridge } from '../../../src/shared/electron-bridge'
import { PATH_GRANT_CHANNEL } from '../../../src/shared/electron-bridge'
import { fake } from './electron-double'

vi.mock('electron', async () => (await import('./electron-double')).electronDouble)

/** The preload: the page's only way to the main side (checklist item 20). */
describe('the preload', () => {
  let bridge: ElectronBridge

  beforeAll(async () => {
    await import('../../../src/preload/index')
    bridge = fake.exposed.get('mailroom') as ElectronBridge
  })

  it('exposes the typed API and nothing of Electron', () => {
    expect([...fake.exposed.keys()]).toEqual(['mailroom'])
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'pathForFile', 'subscribe'])
  })

  it('passes only the contract’s calls: not the grant message, not any other channel', async () => {
    await bridge.invoke('profiles:list' as never, {} as never)
    const refused = await bridge.invoke(PATH_GRANT_CHANNEL as never, '/etc/passwd' as never)
    expect(refused).toEqual({
      ok: false,
      error: { kind: 'invalid-input', message: 'Unknown request.' },
    })
    expect(fake.rendererInvokes.map((call) => call.channel)).toEqual(['profiles:list'])
  })

  it('tells the main side about a dropped file that is on disk, and only about that', () => {
    const dropped = { name: 'order.xml' }
    const madeUp = { name: 'id_ed25519' }
    fake.pathsOnDisk.set(dropped, '/home/person/order.xml')
    expect(bridge.pathForFile(dropped)).toBe('/home/person/order.xml')
    // webUtils answers '' for a File the page built itself: no grant is asked for.
    expect(bridge.pathForFile(madeUp)).toBe('')
    expect(fake.rendererSends).toEqual([
      { channel: PATH_GRANT_CHANNEL, payload: '/home/person/order.xml' },
    ])
  })
})

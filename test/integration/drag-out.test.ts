import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectedMailroom } from '../fixtures/connected-mailroom'
import { startSshd, type TestSshd } from '../fixtures/sshd-server'

/** Dragging a remote file onto the desktop: a verified temporary copy, nothing deleted, only that copy dragged. */
describe('dragging a file out of the Files table', () => {
  let server: TestSshd
  const dragged: string[] = []
  let desktop: Awaited<ReturnType<typeof connectedMailroom>>
  let web: Awaited<ReturnType<typeof connectedMailroom>>

  beforeAll(async () => {
    server = await startSshd()
    server.writeFile('pickup/drag-me.pdf', 'a document')
    desktop = await connectedMailroom(
      server,
      {},
      {
        platform: {
          transport: 'electron',
          version: 'test',
          startDrag: (path) => dragged.push(path),
        },
      },
    )
    await desktop.open()
    web = await connectedMailroom(server)
    await web.open()
  })
  afterAll(async () => {
    await desktop?.close()
    await web?.close()
    await server?.stop()
  })

  it('downloads a verified copy to a temporary folder, leaves the server copy, and drags only that copy', async () => {
    const prepared = await desktop.app.dispatch('transfer:drag-out', {
      profileId: desktop.profile.id,
      remotePath: 'pickup/drag-me.pdf',
    })
    if (!prepared.ok) throw new Error(prepared.error.message)
    const localPath = prepared.value as string
    expect(readFileSync(localPath, 'utf8')).toBe('a document')
    expect(localPath.endsWith(join('', 'drag-me.pdf'))).toBe(true)
    expect(existsSync(join(server.jail, 'pickup/drag-me.pdf'))).toBe(true)
    // Marked as from the internet, as a picked-up file is: the OS's copy on drop keeps it.
    expect(
      execFileSync('getfattr', ['--only-values', '-n', 'user.xdg.origin.url', localPath], {
        encoding: 'utf8',
      }),
    ).toBe(`sftp://${server.username}@${server.host}:${server.port}/pickup/drag-me.pdf`)
    expect(await desktop.app.dispatch('transfer:start-drag', { localPath })).toEqual({
      ok: true,
      value: null,
    })
    expect(dragged).toEqual([localPath])
    expect(
      await desktop.app.dispatch('transfer:start-drag', { localPath: '/etc/passwd' }),
    ).toMatchObject({ ok: false, error: { kind: 'invalid-input' } })
    expect(dragged).toHaveLength(1)
  })

  it('says that the web UI cannot drag onto the desktop', async () => {
    expect(
      await web.app.dispatch('transfer:drag-out', {
        profileId: web.profile.id,
        remotePath: 'pickup/drag-me.pdf',
      }),
    ).toMatchObject({ ok: false, error: { kind: 'not-supported' } })
  })
})

import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectedMailroom, valueOf } from '../fixtures/connected-mailroom'
import { startSshd, type TestSshd } from '../fixtures/sshd-server'

/** A large folder is read batch by batch: progress streams in, and a cancel stops it. */
describe('listing a large mailbox', () => {
  let server: TestSshd
  let mailroom: Awaited<ReturnType<typeof connectedMailroom>>
  const progress = (listingId: string) =>
    mailroom.events.flatMap((event) =>
      event.name === 'listing:progress' && event.payload.listingId === listingId
        ? [event.payload.count]
        : [],
    )

  beforeAll(async () => {
    server = await startSshd()
    for (let index = 0; index < 5000; index += 1) server.writeFile(`pickup/file-${index}.txt`, 'x')
    mailroom = await connectedMailroom(server)
    await mailroom.open()
  })
  afterAll(async () => {
    await mailroom?.close()
    await server?.stop()
  })

  it('reports the count as batches arrive, and lists everything', async () => {
    const listingId = randomUUID()
    const files = valueOf<unknown[]>(
      await mailroom.app.dispatch('mailboxes:list-files', {
        profileId: mailroom.profile.id,
        path: 'pickup',
        receive: true,
        listingId,
      }),
    )
    expect(files).toHaveLength(5000)
    const counts = progress(listingId)
    expect(counts.length).toBeGreaterThan(5)
    expect(counts.at(-1)).toBe(5000)
    expect([...counts].sort((a, b) => a - b)).toEqual(counts)
  })

  it('stops when cancelled', async () => {
    const listingId = randomUUID()
    const stop = mailroom.app.subscribe((event) => {
      if (event.name === 'listing:progress' && event.payload.listingId === listingId)
        void mailroom.app.dispatch('mailboxes:cancel-listing', { listingId })
    })
    const result = await mailroom.app.dispatch('mailboxes:list-files', {
      profileId: mailroom.profile.id,
      path: 'pickup',
      receive: true,
      listingId,
    })
    stop()
    expect(result).toMatchObject({ ok: false, error: { kind: 'cancelled' } })
    expect(progress(listingId).at(-1)).toBeLessThan(5000)
  })
})

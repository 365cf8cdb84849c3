import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { PickupJournal, type JournalEntry } from '../../../../src/main/core/pickup/pickup-journal'
import { MailroomStore } from '../../../../src/main/core/store/mailroom-store'
import type { PickupStatus } from '../../../../src/main/core/store/pickup-files-table'

const listed = (id: string, at = 1): JournalEntry => ({
  step: 'listed',
  id,
  profileId: 'p1',
  remotePath: `pickup/${id}.xml`,
  size: 10,
  modifiedAt: 1_000,
  localFolder: '/in',
  at,
})

/** A file's whole pickup, step by step. */
const stepsOf = (id: string): JournalEntry[] => [
  listed(id),
  { step: 'verified', id, sha256: `sha-${id}`, at: 2 },
  { step: 'saved', id, localPath: `/in/${id}.xml`, sha256: `sha-${id}`, at: 3 },
  { step: 'deleted', id, at: 4 },
]

describe('the pickup journal commits steps in groups', () => {
  const dirs: string[] = []
  const stores: MailroomStore[] = []
  const readers: DatabaseSync[] = []
  afterEach(() => {
    vi.restoreAllMocks()
    for (const reader of readers.splice(0)) reader.close()
    for (const store of stores.splice(0)) store.close()
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })
  /** A journal over a database file, and a second connection that sees only what is committed. */
  const open = () => {
    const dir = mkdtempSync(join(tmpdir(), 'mailroom-group-commit-'))
    dirs.push(dir)
    const path = join(dir, 'mailroom.db')
    const store = MailroomStore.open(path)
    stores.push(store)
    const reader = new DatabaseSync(path, { readOnly: true })
    readers.push(reader)
    const committed = (id: string) =>
      reader.prepare('SELECT status, sha256 FROM pickup_files WHERE id = ?').get(id) as
        { status: PickupStatus; sha256: string | null } | undefined
    const count = () =>
      (reader.prepare('SELECT COUNT(*) AS n FROM pickup_files').get() as { n: number }).n
    return { journal: new PickupJournal(store), store, committed, count }
  }

  it('commits 200 appends started at once in far fewer transactions, each resolving only once committed', async () => {
    const { journal, store, committed } = open()
    const apply = vi.spyOn(store.pickupFiles, 'apply')
    const ids = Array.from({ length: 200 }, (_, index) => `f${index}`)
    const seenAtResolve = await Promise.all(
      ids.map((id) => journal.append(listed(id)).then(() => committed(id)?.status)),
    )
    // Each promise saw its row through another connection: committed before it resolved.
    expect(seenAtResolve).toEqual(ids.map(() => 'listed'))
    // All were appended in one turn of the event loop: one commit.
    expect(apply).toHaveBeenCalledTimes(1)
    expect(apply.mock.calls.flatMap(([steps]) => steps.map((step) => step.id))).toEqual(ids)
    expect((await journal.unfinished('p1')).map((record) => record.id).sort()).toEqual(
      [...ids].sort(),
    )
  })

  it('resolves an append only after the commit that holds it has returned', async () => {
    const { journal, store, committed } = open()
    const apply = store.pickupFiles.apply.bind(store.pickupFiles)
    const done = new Set<string>()
    vi.spyOn(store.pickupFiles, 'apply').mockImplementation((steps) => {
      apply(steps)
      for (const step of steps) done.add(step.id)
    })
    const ids = Array.from({ length: 50 }, (_, index) => `f${index}`)
    const resolved: string[] = []
    const appended = ids.map((id) =>
      journal.append(listed(id)).then(() => {
        resolved.push(id)
        expect(done.has(id), id).toBe(true)
        expect(committed(id)?.status, id).toBe('listed')
      }),
    )
    for (let turn = 0; turn < 20; turn += 1) await Promise.resolve()
    // Still this turn of the event loop: nothing committed yet, so nothing resolved.
    expect(resolved).toEqual([])
    expect(committed('f0')).toBeUndefined()
    await Promise.all(appended)
    expect(resolved).toEqual(ids)
  })

  it('keeps the order of each file’s steps, within a commit and across commits', async () => {
    const { journal, store, committed } = open()
    const apply = vi.spyOn(store.pickupFiles, 'apply')
    // 40 files appended all at once, and 64 each awaiting its steps one after another.
    const atOnce = Array.from({ length: 40 }, (_, index) => `a${index}`)
    const oneByOne = Array.from({ length: 64 }, (_, index) => `b${index}`)
    await Promise.all([
      ...atOnce.flatMap((id) => stepsOf(id).map((step) => journal.append(step))),
      ...oneByOne.map(async (id) => {
        for (const step of stepsOf(id)) {
          await journal.append(step)
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 3))
        }
      }),
    ])
    const order = new Map<string, string[]>()
    for (const [steps] of apply.mock.calls)
      for (const step of steps) order.set(step.id, [...(order.get(step.id) ?? []), step.step])
    for (const id of [...atOnce, ...oneByOne]) {
      expect(order.get(id), id).toEqual(['listed', 'verified', 'saved', 'deleted'])
      expect(committed(id), id).toEqual({ status: 'deleted', sha256: `sha-${id}` })
    }
    const total = (atOnce.length + oneByOne.length) * 4
    expect(apply.mock.calls.length).toBeLessThan(total / 4)
  })

  it('rejects every append of a failed commit, records none of them, and commits later appends', async () => {
    const { journal, store, committed, count } = open()
    const ids = Array.from({ length: 20 }, (_, index) => `f${index}`)
    // A step SQLite refuses (a NOT NULL column left empty) fails the whole commit it is in.
    const broken = { ...listed('broken'), remotePath: null } as unknown as JournalEntry
    const outcomes = await Promise.allSettled([
      ...ids.slice(0, 10).map((id) => journal.append(listed(id))),
      journal.append(broken),
      ...ids.slice(10).map((id) => journal.append(listed(id))),
    ])
    expect(outcomes.map((outcome) => outcome.status)).toEqual(outcomes.map(() => 'rejected'))
    const reasons = new Set(
      outcomes.map((outcome) => (outcome.status === 'rejected' ? outcome.reason : undefined)),
    )
    expect(reasons.size).toBe(1)
    expect(String([...reasons][0])).toMatch(/NOT NULL/)
    expect(count()).toBe(0)

    // The database the store throws for (a full disk, say) reaches every waiting append as is.
    const full = new Error('database or disk is full')
    vi.spyOn(store.pickupFiles, 'apply').mockImplementationOnce(() => {
      throw full
    })
    const failed = await Promise.allSettled(ids.map((id) => journal.append(listed(id))))
    expect(failed).toEqual(ids.map(() => ({ status: 'rejected', reason: full })))
    expect(count()).toBe(0)

    await journal.append(listed('after'))
    expect(committed('after')?.status).toBe('listed')
    expect(count()).toBe(1)
  })

  it('lets a read see every step appended before it, even one not yet committed', async () => {
    const { journal, committed } = open()
    const pending = journal.append(listed('x'))
    void journal.append({ step: 'saved', id: 'x', localPath: '/in/x.xml', sha256: 'xx', at: 2 })
    // Before the end of the turn, a read commits what waits, as when every append did at once.
    expect((await journal.pickedUp('p1')).map((record) => record.status)).toEqual(['saved'])
    expect(committed('x')?.status).toBe('saved')
    await pending
    expect((await journal.findSaved('/in/x.xml'))?.id).toBe('x')
    expect((await journal.history()).map((record) => record.id)).toEqual(['x'])
    void journal.append({ step: 'deleted', id: 'x', at: 3 })
    expect(await journal.unfinished('p1')).toEqual([])
  })

  it('loses no step reported as committed when its process is killed (SIGKILL) at random moments', async () => {
    const runs = Array.from({ length: 5 }, (_, index) => {
      const dir = mkdtempSync(join(tmpdir(), 'mailroom-journal-kill-'))
      dirs.push(dir)
      return killedRun(join(dir, 'mailroom.db'), 150 + index * 150 + Math.random() * 150)
    })
    const rank: Record<string, number> = { listed: 0, verified: 1, saved: 2, deleted: 3 }
    let checked = 0
    for (const { path, reported } of await Promise.all(runs)) {
      // A run that got nowhere proves nothing.
      expect(reported.size, path).toBeGreaterThan(20)
      // Opened as the next Mailroom would: the WAL is recovered.
      stores.push(MailroomStore.open(path))
      const reader = new DatabaseSync(path, { readOnly: true })
      readers.push(reader)
      const rows = new Map(
        (
          reader.prepare('SELECT id, status FROM pickup_files').all() as Array<{
            id: string
            status: PickupStatus
          }>
        ).map((row) => [row.id, row]),
      )
      for (const [id, step] of reported) {
        const row = rows.get(id)
        expect(row, `${id} reported ${step}`).toBeDefined()
        // The step reported, or a later one committed but not yet reported.
        expect(rank[row?.status ?? ''], `${id} reported ${step}`).toBeGreaterThanOrEqual(
          rank[step] ?? 0,
        )
        checked += 1
      }
    }
    expect(checked).toBeGreaterThan(100)
  }, 20_000)
})

/**
 * A child that picks up files forever, 64 at a time, appending each file's steps and printing
 * "<id> <step>" once an append resolved; killed `killAfterMs` after its first line.
 */
async function killedRun(
  path: string,
  killAfterMs: number,
): Promise<{ path: string; reported: Map<string, string> }> {
  const journalModule = join(import.meta.dirname, '../../../../src/main/core/pickup/pickup-journal')
  const storeModule = join(import.meta.dirname, '../../../../src/main/core/store/mailroom-store')
  const script = `
    const { PickupJournal } = await import(${JSON.stringify(journalModule)})
    const { MailroomStore } = await import(${JSON.stringify(storeModule)})
    const journal = new PickupJournal(MailroomStore.open(${JSON.stringify(path)}))
    let next = 0
    const pause = () => new Promise((resolve) => setTimeout(resolve, Math.random() * 2))
    const file = async () => {
      for (;;) {
        const id = 'f' + next++
        const steps = [
          { step: 'listed', id, profileId: 'p1', remotePath: 'pickup/' + id, size: 10,
            modifiedAt: 1000, localFolder: '/in', at: Date.now() },
          { step: 'verified', id, sha256: 'sha-' + id, at: Date.now() },
          { step: 'saved', id, localPath: '/in/' + id, sha256: 'sha-' + id, at: Date.now() },
          { step: 'deleted', id, at: Date.now() },
        ]
        for (const step of steps) {
          await journal.append(step)
          process.stdout.write(id + ' ' + step.step + '\\n')
          // What a pickup does between steps (hashing, say) takes time in the same turn: a
          // journal that reported a step before writing it would be caught in that time.
          const busy = performance.now() + 0.2
          while (performance.now() < busy);
          await pause()
        }
      }
    }
    for (let index = 0; index < 64; index += 1) void file()
  `
  // tsx as a loader in this very process: its command line would run the script in a child of
  // its own, which outlives the kill long enough to commit what it had.
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '--eval', script],
    { cwd: join(import.meta.dirname, '../../../..'), stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let output = ''
  let errors = ''
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()))
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.once('exit', (_code, signal) => resolve(signal)),
  )
  child.stdout.on('data', (chunk: Buffer) => {
    if (output === '') setTimeout(() => child.kill('SIGKILL'), killAfterMs)
    output += chunk.toString()
  })
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
  const signal = await exited
  clearTimeout(timer)
  if (signal !== 'SIGKILL' || output === '')
    throw new Error(`the journal child ended on its own (${signal}): ${errors}`)
  const reported = new Map<string, string>()
  // The last line may be cut short by the kill: only whole lines count.
  for (const line of output.split('\n').slice(0, -1)) {
    const [id, step] = line.split(' ')
    if (id && step) reported.set(id, step)
  }
  return { path, reported }
}

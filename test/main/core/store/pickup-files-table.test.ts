import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { MailroomStore } from '../../../../src/main/core/store/mailroom-store'
import type { PickupFileStep } from '../../../../src/main/core/store/pickup-files-table'
import { SentLog } from '../../../../src/main/core/transfer/sent-log'

const listed = (id: string, remotePath: string, at: number, profileId = 'p1') => ({
  step: 'listed' as const,
  id,
  profileId,
  remotePath,
  size: 10,
  modifiedAt: 1_000,
  localFolder: '/in',
  at,
})

/** The steps that take a file from listed to saved under `localPath`. */
const savedSteps = (id: string, at: number, profileId = 'p1'): PickupFileStep[] => [
  listed(id, `pickup/${id}.xml`, at, profileId),
  { step: 'verified', id, sha256: `${id}${id}`, at: at + 1 },
  { step: 'saved', id, localPath: `/in/${id}.xml`, sha256: `${id}${id}`, at: at + 2 },
]

describe('PickupFilesTable', () => {
  const dirs: string[] = []
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'mailroom-pickup-files-'))
    dirs.push(dir)
    return dir
  }
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })

  it('keeps one row per file, moved on by each step, with what the step adds', () => {
    const { pickupFiles } = MailroomStore.open(':memory:')
    pickupFiles.apply([listed('x', 'pickup/x.xml', 1)])
    expect(pickupFiles.unfinished('p1')).toEqual([
      {
        id: 'x',
        profileId: 'p1',
        remotePath: 'pickup/x.xml',
        size: 10,
        modifiedAt: 1_000,
        localFolder: '/in',
        at: 1,
        status: 'listed',
      },
    ])
    pickupFiles.apply([{ step: 'verified', id: 'x', sha256: 'xx', at: 2 }])
    expect(pickupFiles.unfinished('p1')[0]).toMatchObject({ status: 'verified', sha256: 'xx' })
    pickupFiles.apply([{ step: 'saved', id: 'x', localPath: '/in/x.xml', sha256: 'xx', at: 3 }])
    expect(pickupFiles.unfinished('p1')[0]).toMatchObject({
      status: 'saved',
      localPath: '/in/x.xml',
      savedAt: 3,
    })
    pickupFiles.apply([{ step: 'deleted', id: 'x', at: 4 }])
    expect(pickupFiles.unfinished('p1')).toEqual([])
    expect(pickupFiles.byLocalPath('/in/x.xml')).toMatchObject({ status: 'deleted', sha256: 'xx' })
  })

  it('records the decrypt step (plaintext SHA-256, verdict) as unfinished, then the saved file with its encrypted copy and note', () => {
    const { pickupFiles } = MailroomStore.open(':memory:')
    const verdict = { state: 'unknown-signer' as const, keyId: 'ABCDEF0123456789' }
    pickupFiles.apply([
      listed('x', 'pickup/x.xml.pgp', 1),
      { step: 'verified', id: 'x', sha256: 'enc', at: 2 },
      { step: 'decrypted', id: 'x', plainSha256: 'plain', verdict, at: 3 },
    ])
    expect(pickupFiles.unfinished('p1')[0]).toMatchObject({
      status: 'decrypted',
      sha256: 'enc',
      plainSha256: 'plain',
      verdict,
    })
    pickupFiles.apply([
      {
        step: 'saved',
        id: 'x',
        localPath: '/in/x.xml',
        sha256: 'plain',
        encryptedPath: '/in/x.xml.pgp',
        note: 'decrypted, signed by an unknown key 0xABCDEF0123456789',
        at: 4,
      },
    ])
    expect(pickupFiles.byLocalPath('/in/x.xml')).toMatchObject({
      status: 'saved',
      sha256: 'plain',
      encryptedPath: '/in/x.xml.pgp',
      note: 'decrypted, signed by an unknown key 0xABCDEF0123456789',
      verdict,
    })
  })

  it('records each step as the journal file did, a step for an unknown file changing nothing', () => {
    const { pickupFiles } = MailroomStore.open(':memory:')
    pickupFiles.apply([listed('x', 'pickup/x.xml', 1)])
    pickupFiles.apply([{ step: 'verified', id: 'x', sha256: 'xx', at: 2 }])
    expect(pickupFiles.unfinished('p1')[0]).toMatchObject({ status: 'verified', sha256: 'xx' })
    pickupFiles.apply([{ step: 'kept', id: 'x', reason: 'keep on server', at: 3 }])
    pickupFiles.apply([{ step: 'deleted', id: 'nobody', at: 4 }])
    expect(pickupFiles.unfinished('p1')).toEqual([])
    expect(pickupFiles.unfinished('p2')).toEqual([])
    expect(pickupFiles.byLocalPath('nobody')).toBeUndefined()
  })

  it("lists a profile's unfinished files in the order they were listed, and its files still on the server", () => {
    const { pickupFiles } = MailroomStore.open(':memory:')
    pickupFiles.apply([
      listed('late', 'pickup/late.xml', 9),
      listed('early', 'pickup/early.xml', 2),
      ...savedSteps('saved', 5),
      ...savedSteps('kept', 6),
      { step: 'kept', id: 'kept', reason: 'keep on server', at: 10 },
      ...savedSteps('gone', 7),
      { step: 'deleted', id: 'gone', at: 10 },
      listed('dropped', 'pickup/dropped.xml', 8),
      { step: 'abandoned', id: 'dropped', reason: 'it changed on the server', at: 10 },
      listed('theirs', 'pickup/theirs.xml', 1, 'p2'),
    ])
    expect(pickupFiles.unfinished('p1').map((row) => row.id)).toEqual(['early', 'saved', 'late'])
    expect(
      pickupFiles
        .pickedUp('p1')
        .map((row) => row.id)
        .sort(),
    ).toEqual(['kept', 'saved'])
    expect(pickupFiles.pickedUp('p1').find((row) => row.id === 'kept')).toMatchObject({
      status: 'kept',
      reason: 'keep on server',
    })
    expect(pickupFiles.unfinished('p2').map((row) => row.id)).toEqual(['theirs'])
  })

  it('shows the history of saved files newest first, up to a limit, without abandoned ones', () => {
    const { pickupFiles } = MailroomStore.open(':memory:')
    pickupFiles.apply([
      ...savedSteps('first', 10),
      ...savedSteps('second', 20, 'p2'),
      { step: 'deleted', id: 'second', at: 30 },
      ...savedSteps('third', 40),
      ...savedSteps('taken-again', 50),
      { step: 'abandoned', id: 'taken-again', reason: 'taken again', at: 60 },
      listed('not-saved', 'pickup/not-saved.xml', 70),
    ])
    expect(pickupFiles.history(10).map((row) => [row.id, row.status])).toEqual([
      ['third', 'saved'],
      ['second', 'deleted'],
      ['first', 'saved'],
    ])
    expect(pickupFiles.history(2).map((row) => row.id)).toEqual(['third', 'second'])
  })

  it('finds a saved file by its local path', () => {
    const { pickupFiles } = MailroomStore.open(':memory:')
    pickupFiles.apply([...savedSteps('a', 1), ...savedSteps('b', 5)])
    expect(pickupFiles.byLocalPath('/in/b.xml')).toMatchObject({ id: 'b', sha256: 'bb' })
    expect(pickupFiles.byLocalPath('/in/c.xml')).toBeUndefined()
  })

  it('lists a file again under the same id as a new pickup of it', () => {
    const { pickupFiles } = MailroomStore.open(':memory:')
    pickupFiles.apply([...savedSteps('x', 1), { step: 'deleted', id: 'x', at: 4 }])
    pickupFiles.apply([listed('x', 'pickup/x.xml', 9)])
    const [again, ...others] = pickupFiles.unfinished('p1')
    expect(others).toEqual([])
    expect(again).toMatchObject({ status: 'listed', at: 9 })
    expect(again?.localPath).toBeUndefined()
    expect(again?.sha256).toBeUndefined()
  })

  it('records all the steps of one call or none of them, and takes the next call', () => {
    const { pickupFiles } = MailroomStore.open(':memory:')
    const damaged = {
      ...listed('b', 'pickup/b.xml', 2),
      remotePath: null,
    } as unknown as PickupFileStep
    expect(() => pickupFiles.apply([listed('a', 'pickup/a.xml', 1), damaged])).toThrow(/NOT NULL/)
    expect(pickupFiles.unfinished('p1')).toEqual([])
    pickupFiles.apply([listed('a', 'pickup/a.xml', 1)])
    expect(pickupFiles.unfinished('p1').map((row) => row.id)).toEqual(['a'])
  })

  it('starts a pickup and records a sent file in under 10 ms more with 1,000,000 files in the history', () => {
    const timed = (store: MailroomStore) => {
      const log = new SentLog(store)
      const samples = Array.from({ length: 30 }, (_, index) => {
        const started = performance.now()
        // What starting a pickup asks the journal: unfinished files, then those picked up already.
        store.pickupFiles.unfinished('p1')
        store.pickupFiles.pickedUp('p1')
        log.record('p1', 'input', `sent-${index}.xml`)
        return performance.now() - started
      })
      return samples.sort((a, b) => a - b)[samples.length / 2] ?? Infinity
    }
    const empty = MailroomStore.open(join(dataDir(), 'mailroom.db'))
    const full = MailroomStore.open(join(dataDir(), 'mailroom.db'))
    const steps: PickupFileStep[] = []
    for (let index = 0; index < 1_000_000; index += 1) {
      const id = `f${index}`
      steps.push(
        { ...listed(id, `pickup/${id}.xml`, index), profileId: `p${index % 20}` },
        { step: 'saved', id, localPath: `/in/${id}.xml`, sha256: 'ab', at: index },
        { step: 'deleted', id, at: index },
      )
    }
    full.pickupFiles.apply(steps)
    expect(full.pickupFiles.history(1)[0]?.id).toBe('f999999')
    const extra = timed(full) - timed(empty)
    expect(extra).toBeLessThan(10)
    empty.close()
    full.close()
  }, 120_000)
})

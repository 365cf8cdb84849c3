import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  readLegacyJournal,
  setLegacyJournalAside,
} from '../../../../src/main/core/pickup/legacy-journal-file'

const listed = (id: string, at: number) => ({
  step: 'listed',
  id,
  profileId: 'p1',
  remotePath: `pickup/${id}.xml`,
  size: 10,
  modifiedAt: 1_000,
  localFolder: '/in',
  at,
})

describe("Mailroom 0.1's journal file", () => {
  let folder: string
  let file: string
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'mailroom-legacy-journal-'))
    file = join(folder, 'pickup-journal.jsonl')
  })
  afterEach(() => rmSync(folder, { recursive: true, force: true }))
  const write = (...lines: unknown[]) =>
    writeFileSync(
      file,
      lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n'),
    )

  it('folds the steps of each file into one record, in the order first listed', () => {
    write(
      listed('a', 1),
      listed('b', 2),
      { step: 'verified', id: 'a', sha256: 'aa', at: 3 },
      { step: 'saved', id: 'a', localPath: '/in/a.xml', sha256: 'aa', at: 4 },
      { step: 'kept', id: 'a', reason: 'kept on the server as chosen', at: 5 },
      { step: 'abandoned', id: 'b', reason: 'it changed', at: 6 },
      listed('c', 7),
      { step: 'deleted', id: 'c', at: 8 },
    )
    expect(readLegacyJournal(file)).toEqual([
      {
        id: 'a',
        profileId: 'p1',
        remotePath: 'pickup/a.xml',
        size: 10,
        modifiedAt: 1_000,
        localFolder: '/in',
        at: 1,
        status: 'kept',
        localPath: '/in/a.xml',
        sha256: 'aa',
        savedAt: 4,
        reason: 'kept on the server as chosen',
      },
      {
        id: 'b',
        profileId: 'p1',
        remotePath: 'pickup/b.xml',
        size: 10,
        modifiedAt: 1_000,
        localFolder: '/in',
        at: 2,
        status: 'abandoned',
        reason: 'it changed',
      },
      {
        id: 'c',
        profileId: 'p1',
        remotePath: 'pickup/c.xml',
        size: 10,
        modifiedAt: 1_000,
        localFolder: '/in',
        at: 7,
        status: 'deleted',
      },
    ])
  })

  it('skips a torn or unknown line, and a step of a file never listed', () => {
    write(
      listed('a', 1),
      '{"step":"ver',
      '{"step":"teleported","id":"a"}',
      { step: 'deleted', id: 'ghost', at: 2 },
      '',
    )
    expect(readLegacyJournal(file).map((record) => [record.id, record.status])).toEqual([
      ['a', 'listed'],
    ])
  })

  it('reads no records where there is no file', () => {
    expect(readLegacyJournal(file)).toEqual([])
    setLegacyJournalAside(file)
    expect(existsSync(`${file}.migrated`)).toBe(false)
  })

  it('sets the file aside under another name, kept, so it is not read again', () => {
    write(listed('a', 1))
    setLegacyJournalAside(file)
    expect(existsSync(file)).toBe(false)
    expect(readFileSync(`${file}.migrated`, 'utf8')).toContain('"id":"a"')
    expect(readLegacyJournal(file)).toEqual([])
  })

  it('says so when the file cannot be read or set aside', () => {
    mkdirSync(file)
    expect(() => readLegacyJournal(file)).toThrow(
      expect.objectContaining({
        message: expect.stringContaining('Could not read the pickup journal'),
      }),
    )
    mkdirSync(join(`${file}.migrated`, 'in the way'), { recursive: true })
    expect(() => setLegacyJournalAside(file)).toThrow(
      expect.objectContaining({
        message: expect.stringContaining('Could not set the old pickup journal aside'),
      }),
    )
  })
})

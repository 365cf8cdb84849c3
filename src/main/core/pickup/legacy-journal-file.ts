import { readFileSync, renameSync } from 'node:fs'
import { z } from 'zod'
import { translateLocalError } from '../errors'
import type { PickupFileRow } from '../store/pickup-files-table'

/**
 * The pickup journal as Mailroom 0.1 kept it: one JSON line per step in an append-only file.
 * Read once, to be taken into the database, then set aside under another name (kept, not
 * deleted: it is the record of what was picked up).
 */
const entry = z.discriminatedUnion('step', [
  z.object({
    step: z.literal('listed'),
    id: z.string(),
    profileId: z.string(),
    remotePath: z.string(),
    size: z.number(),
    modifiedAt: z.number(),
    localFolder: z.string(),
    at: z.number(),
  }),
  z.object({ step: z.literal('verified'), id: z.string(), sha256: z.string(), at: z.number() }),
  z.object({
    step: z.literal('saved'),
    id: z.string(),
    localPath: z.string(),
    sha256: z.string(),
    at: z.number(),
  }),
  z.object({ step: z.literal('deleted'), id: z.string(), at: z.number() }),
  z.object({ step: z.literal('kept'), id: z.string(), reason: z.string(), at: z.number() }),
  z.object({ step: z.literal('abandoned'), id: z.string(), reason: z.string(), at: z.number() }),
])

/** Folds the file into one record per file. A torn last line (a crash mid-write) is ignored. */
export function readLegacyJournal(path: string): PickupFileRow[] {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return []
    throw translateLocalError(error, 'read the pickup journal', path)
  }
  const byId = new Map<string, PickupFileRow>()
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue
    let parsed: z.infer<typeof entry>
    try {
      parsed = entry.parse(JSON.parse(line))
    } catch {
      continue
    }
    if (parsed.step === 'listed') {
      const { step: _step, ...listed } = parsed
      byId.set(parsed.id, { ...listed, status: 'listed' })
      continue
    }
    const current = byId.get(parsed.id)
    if (!current) continue
    if (parsed.step === 'verified')
      byId.set(parsed.id, { ...current, status: 'verified', sha256: parsed.sha256 })
    else if (parsed.step === 'saved')
      byId.set(parsed.id, {
        ...current,
        status: 'saved',
        localPath: parsed.localPath,
        sha256: parsed.sha256,
        savedAt: parsed.at,
      })
    else if (parsed.step === 'deleted') byId.set(parsed.id, { ...current, status: 'deleted' })
    else byId.set(parsed.id, { ...current, status: parsed.step, reason: parsed.reason })
  }
  return [...byId.values()]
}

/** Sets the taken-in file aside, so it is not read again. */
export function setLegacyJournalAside(path: string): void {
  try {
    renameSync(path, `${path}.migrated`)
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return
    throw translateLocalError(error, 'set the old pickup journal aside', path)
  }
}

import { open, readFile } from 'node:fs/promises'
import { z } from 'zod'
import { translateLocalError } from '../errors'

/**
 * The pickup journal: one JSON line per step, appended and flushed to disk before the next step
 * runs, so after a crash, a kill, a cut connection or a full disk the next pickup knows exactly
 * how far each file got: listed (maybe partly downloaded), verified (complete in its part file,
 * with its SHA-256), saved under its final local name (so the server copy may go), deleted on
 * the server, kept there on purpose, or abandoned (it changed, or was taken again).
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
export type JournalEntry = z.infer<typeof entry>
type Listed = Extract<JournalEntry, { step: 'listed' }>

/** Everything the journal knows about one picked-up file. */
export interface PickupRecord extends Omit<Listed, 'step'> {
  readonly status: 'listed' | 'verified' | 'saved' | 'deleted' | 'kept' | 'abandoned'
  readonly localPath?: string
  readonly sha256?: string
  readonly savedAt?: number
  readonly reason?: string
}

export class PickupJournal {
  constructor(private readonly path: string) {}

  /** Appends one step and waits until it is on disk. */
  async append(step: JournalEntry): Promise<void> {
    let handle
    try {
      handle = await open(this.path, 'a', 0o600)
      await handle.appendFile(`${JSON.stringify(step)}\n`, 'utf8')
      await handle.sync()
    } catch (error) {
      throw translateLocalError(error, 'write the pickup journal', this.path)
    } finally {
      await handle?.close()
    }
  }

  /** Folds the journal into one record per file. A torn last line (a crash mid-write) is ignored. */
  async records(): Promise<PickupRecord[]> {
    let text: string
    try {
      text = await readFile(this.path, 'utf8')
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return []
      throw translateLocalError(error, 'read the pickup journal', this.path)
    }
    const byId = new Map<string, PickupRecord>()
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue
      let parsed: JournalEntry
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
}

import { describe, expect, it } from 'vitest'
import { Output } from '../../src/cli/output'
import { TransferProgress } from '../../src/cli/transfer-progress'
import type { Transfer, TransferId } from '../../src/shared/domain'
import { transferRow } from '../fixtures/transfer-row'

/** A terminal that keeps what was written to it. */
function terminal() {
  const written: string[] = []
  const stream = {
    columns: 200,
    write: (text: string) => written.push(text) > 0,
  } as unknown as NodeJS.WriteStream
  return { output: new Output('terminal', stream, stream), written }
}

// Sizes in decimal units, as the command prints them.
const update = (changes: Partial<Transfer>) => transferRow({ totalBytes: 1_000_000, ...changes })

describe("the command's progress line", () => {
  it('names the OpenPGP step and how far it got, then the file alone once it moves', () => {
    const { output, written } = terminal()
    const progress = new TransferProgress(output)
    progress.add(['aaaaaaaa' as TransferId])
    const event = (payload: Transfer) => progress.onEvent({ name: 'transfer:update', payload })
    event(update({ state: 'encrypting', work: { doneBytes: 400_000, totalBytes: 1_000_000 } }))
    expect(written.at(-1)).toMatch(
      /0\/1 files · 0 B of 1\.0 MB · .* · encrypting invoice\.xml\.pgp 40%$/,
    )
    event(update({ transferredBytes: 500_000 }))
    expect(written.at(-1)).toMatch(/· invoice\.xml\.pgp$/)
    event(
      update({ direction: 'pickup', state: 'decrypting', work: { doneBytes: 0, totalBytes: 0 } }),
    )
    expect(written.at(-1)).toMatch(/· decrypting invoice\.xml\.pgp 0%$/)
  })
})

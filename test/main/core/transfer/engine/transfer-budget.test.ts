import { describe, expect, it } from 'vitest'
import {
  DEFAULT_BUDGET,
  FILES_IN_FLIGHT_UNSTATED_LIMIT,
  fileWindowBytes,
  filesInFlightFor,
  lanesFor,
  MOST_LANES,
  planTransfer,
} from '../../../../../src/main/core/transfer/engine/transfer-budget'

const KIB = 1024
const MIB = 1024 * KIB

describe('filesInFlightFor', () => {
  it('one in conservative mode, under the server handle limit where it gives one', () => {
    expect(filesInFlightFor({ conservative: true }, { openHandles: 1000 })).toBe(1)
    expect(filesInFlightFor({ conservative: false }, { openHandles: 20 })).toBe(16)
    expect(filesInFlightFor({ conservative: false }, { openHandles: 2 })).toBe(1)
  })

  it('keeps to fewer files on a server that does not state its limit', () => {
    expect(filesInFlightFor({ conservative: false }, { openHandles: undefined })).toBe(
      FILES_IN_FLIGHT_UNSTATED_LIMIT,
    )
    expect(filesInFlightFor({ conservative: false }, undefined)).toBe(
      FILES_IN_FLIGHT_UNSTATED_LIMIT,
    )
    expect(FILES_IN_FLIGHT_UNSTATED_LIMIT).toBeLessThan(DEFAULT_BUDGET.files)
  })
})

describe('planTransfer and fileWindowBytes', () => {
  // The request sizes met in practice: ssh2's one-packet reads, OpenSSH's 255 KiB writes,
  // ProFTPD's 32 KiB (no limits stated), and a server allowing 256 KiB.
  const requestSizes = [32 * KIB - 13, 32 * KIB, 255 * KIB, 256 * KIB]

  it("never holds more than the window the queue reserves for the file's direction", () => {
    for (const requestBytes of requestSizes) {
      for (let lanes = 1; lanes <= MOST_LANES; lanes += 1) {
        const download = planTransfer('download', requestBytes, lanes, false)
        expect(download.buffers * download.blockBytes).toBeLessThanOrEqual(
          fileWindowBytes('pickup'),
        )
        expect(download.buffers * download.blockBytes).toBeLessThanOrEqual(
          fileWindowBytes('download'),
        )
      }
      const upload = planTransfer('upload', requestBytes, 1, false)
      expect(upload.buffers * upload.blockBytes).toBeLessThanOrEqual(fileWindowBytes('upload'))
    }
  })

  it("keeps ssh2's 2 MiB window full on each lane: two blocks of about 1 MiB, whole requests", () => {
    const plan = planTransfer('download', 32 * KIB - 13, 1, false)
    expect(plan.blockBytes % plan.requestBytes).toBe(0)
    expect(plan.blockBytes).toBeGreaterThan(MIB - 32 * KIB)
    expect(plan.blocksPerLane).toBe(2)
    // In flight, as many waiting to be written in order, and one more.
    expect(plan.buffers).toBe(5)
    expect(planTransfer('download', 32 * KIB - 13, 4, false).buffers).toBe(17)
  })

  it('sends 4 MiB of writes ahead on one channel, with one block read ahead', () => {
    const plan = planTransfer('upload', 255 * KIB, 1, false)
    expect(plan.blocksPerLane * plan.blockBytes).toBeLessThanOrEqual(4 * MIB)
    expect(plan.blocksPerLane * plan.blockBytes).toBeGreaterThan(3 * MIB)
    expect(plan.buffers).toBe(plan.blocksPerLane + 1)
  })

  it('moves one request at a time in conservative mode', () => {
    expect(planTransfer('download', 32 * KIB, 4, true)).toEqual({
      requestBytes: 32 * KIB,
      blockBytes: 32 * KIB,
      blocksPerLane: 1,
      buffers: 2,
    })
  })

  it('reserves a large download more than an upload (its channels), both under the budget', () => {
    expect(fileWindowBytes('pickup')).toBe(17 * MIB)
    expect(fileWindowBytes('upload')).toBe(5 * MIB)
    expect(fileWindowBytes('pickup') * 2).toBeLessThan(DEFAULT_BUDGET.bytes)
  })
})

describe('lanesFor', () => {
  it('keeps a short round trip to one channel and opens more as it grows, within MOST_LANES', () => {
    expect(lanesFor(1, 512 * MIB)).toBe(1)
    expect(lanesFor(12, 512 * MIB)).toBe(1)
    expect(lanesFor(25, 512 * MIB)).toBe(2)
    expect(lanesFor(50, 512 * MIB)).toBe(MOST_LANES)
    expect(lanesFor(500, 512 * MIB)).toBe(MOST_LANES)
  })

  it('opens no channel for less than 4 MiB of it', () => {
    expect(lanesFor(50, 4 * MIB)).toBe(1)
    expect(lanesFor(50, 9 * MIB)).toBe(2)
  })
})

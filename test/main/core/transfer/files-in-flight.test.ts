import { describe, expect, it } from 'vitest'
import {
  FILES_IN_FLIGHT_UNSTATED_LIMIT,
  filesInFlightFor,
} from '../../../../src/main/core/transfer/files-in-flight'
import { DEFAULT_BUDGET } from '../../../../src/main/core/transfer/transfer-queue'

describe('filesInFlightFor', () => {
  it('one in conservative mode, under the server handle limit where it gives one', () => {
    expect(filesInFlightFor({ conservative: true }, { maxOpenHandles: 1000 })).toBe(1)
    expect(filesInFlightFor({ conservative: false }, { maxOpenHandles: 20 })).toBe(16)
    expect(filesInFlightFor({ conservative: false }, { maxOpenHandles: 2 })).toBe(1)
  })

  it('keeps to fewer files on a server that does not state its limit', () => {
    expect(filesInFlightFor({ conservative: false }, { maxOpenHandles: undefined })).toBe(
      FILES_IN_FLIGHT_UNSTATED_LIMIT,
    )
    expect(filesInFlightFor({ conservative: false }, undefined)).toBe(
      FILES_IN_FLIGHT_UNSTATED_LIMIT,
    )
    expect(FILES_IN_FLIGHT_UNSTATED_LIMIT).toBeLessThan(DEFAULT_BUDGET.files)
  })
})

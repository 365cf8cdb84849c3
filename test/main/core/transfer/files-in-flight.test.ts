import { describe, expect, it } from 'vitest'
import { filesInFlightFor } from '../../../../src/main/core/transfer/files-in-flight'

describe('filesInFlightFor', () => {
  it('one in conservative mode, under the server handle limit where it gives one', () => {
    expect(filesInFlightFor({ conservative: true }, { maxOpenHandles: 1000 })).toBe(1)
    expect(filesInFlightFor({ conservative: false }, { maxOpenHandles: 20 })).toBe(16)
    expect(filesInFlightFor({ conservative: false }, { maxOpenHandles: 2 })).toBe(1)
    expect(filesInFlightFor({ conservative: false }, { maxOpenHandles: undefined })).toBe(undefined)
    expect(filesInFlightFor({ conservative: false }, undefined)).toBe(undefined)
  })
})

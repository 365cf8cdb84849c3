import { describe, expect, it } from 'vitest'
import {
  clampServerLimits,
  FALLBACK_REQUEST_BYTES,
  MOST_REQUEST_BYTES,
} from '../../../../src/main/core/sftp/server-limits'

const normal = { conservative: false }

describe('clampServerLimits', () => {
  it("takes a sane server's limits as stated (OpenSSH: 255 KiB, 64 handles)", () => {
    expect(
      clampServerLimits({ readBytes: 261_120, writeBytes: 261_120, openHandles: 64 }, normal),
    ).toEqual({ readBytes: 261_120, writeBytes: 261_120, openHandles: 64 })
  })

  it('caps absurdly large values, so no buffer is the size of the file nor a packet past 4 GiB', () => {
    expect(
      clampServerLimits({ readBytes: 2 ** 40, writeBytes: 2 ** 33, openHandles: 2 ** 40 }, normal),
    ).toEqual({
      readBytes: MOST_REQUEST_BYTES,
      writeBytes: MOST_REQUEST_BYTES,
      openHandles: 100_000,
    })
  })

  it.each([
    ['missing', undefined],
    ['zero', 0],
    ['negative', -5],
    ['less than one byte', 0.5],
    ['Infinity', Infinity],
    ['NaN', NaN],
    ['a string', '65536'],
    ['an object', { bytes: 65536 }],
    ['null', null],
  ])('falls back to 32 KiB requests and no stated handle limit for %s', (_label, value) => {
    expect(
      clampServerLimits({ readBytes: value, writeBytes: value, openHandles: value }, normal),
    ).toEqual({
      readBytes: FALLBACK_REQUEST_BYTES,
      writeBytes: FALLBACK_REQUEST_BYTES,
      openHandles: undefined,
    })
  })

  it('rounds a fractional value down to a whole number', () => {
    expect(
      clampServerLimits({ readBytes: 40_000.9, writeBytes: 1.5, openHandles: 10.2 }, normal),
    ).toEqual({ readBytes: 40_000, writeBytes: 1, openHandles: 10 })
  })

  it('keeps requests to 32 KiB in conservative mode, whatever the server states', () => {
    expect(
      clampServerLimits(
        { readBytes: 261_120, writeBytes: 2 ** 40, openHandles: 64 },
        { conservative: true },
      ),
    ).toEqual({ readBytes: 32 * 1024, writeBytes: 32 * 1024, openHandles: 64 })
    // A server stating less than 32 KiB is still taken at its word.
    expect(
      clampServerLimits({ readBytes: 16_384, writeBytes: 8_192 }, { conservative: true }),
    ).toMatchObject({ readBytes: 16_384, writeBytes: 8_192 })
  })

  it("applies the adapter's own cap on reads only, and never above the bounds", () => {
    expect(
      clampServerLimits(
        { readBytes: 261_120, writeBytes: 261_120 },
        { ...normal, readCap: 32_755 },
      ),
    ).toMatchObject({ readBytes: 32_755, writeBytes: 261_120 })
    expect(
      clampServerLimits({ readBytes: 2 ** 40 }, { ...normal, readCap: 2 ** 40 }),
    ).toMatchObject({ readBytes: MOST_REQUEST_BYTES })
    expect(
      clampServerLimits({ readBytes: 261_120 }, { conservative: true, readCap: 100_000 }),
    ).toMatchObject({ readBytes: FALLBACK_REQUEST_BYTES })
  })
})

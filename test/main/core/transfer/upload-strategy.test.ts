import { describe, expect, it } from 'vitest'
import { resolveUploadStrategy } from '../../../../src/main/core/transfer/upload-strategy'

describe('resolveUploadStrategy', () => {
  it.each([
    ['mft-gateway', 'direct'],
    ['amili', 'direct'],
    ['as2-gateway', 'temp-rename'],
    ['generic', 'temp-rename'],
  ] as const)('%s uploads %s by default', (preset, strategy) => {
    expect(resolveUploadStrategy({ preset, uploadStrategy: 'auto' })).toBe(strategy)
  })

  it('follows the profile when it overrides the preset', () => {
    expect(resolveUploadStrategy({ preset: 'mft-gateway', uploadStrategy: 'temp-rename' })).toBe(
      'temp-rename',
    )
    expect(resolveUploadStrategy({ preset: 'generic', uploadStrategy: 'direct' })).toBe('direct')
  })
})

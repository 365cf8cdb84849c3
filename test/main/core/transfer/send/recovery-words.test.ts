import { describe, expect, it } from 'vitest'
import { bytes, gatewayNote } from '../../../../../src/main/core/transfer/send/recovery-words'
import { PRESETS } from '../../../../../src/shared/presets'

describe('recovery words', () => {
  it('says sizes exactly', () => {
    expect(bytes(1)).toBe('1 byte')
    expect(bytes(1_048_576)).toBe('1,048,576 bytes')
  })

  it("says what each gateway may have done, from its preset's facts", () => {
    expect(gatewayNote(PRESETS.amili, 'partial', 'a.xml', 'input')).toBe(
      'Amili takes what lands in input and may take this incomplete copy as it is: if your partner receives an incomplete a.xml, ask them to disregard it.',
    )
    expect(gatewayNote(PRESETS['mft-gateway'], 'partial-taken', 'a.xml', 'AS2/send/S/P')).toContain(
      'A file of the same name sent within 6 hours is set aside as a duplicate',
    )
    expect(gatewayNote(PRESETS.generic, 'partial', 'a.xml', 'out')).toBe(
      'The incomplete copy stays in out until it is removed.',
    )
    expect(gatewayNote(PRESETS.generic, 'not-sent', 'a.xml', 'out')).toBe(
      'Nothing of it is in out.',
    )
    expect(
      gatewayNote(PRESETS['as2-gateway'], 'message-incomplete', 'm', 'outbox', {
        arrived: 1,
        total: 3,
        gone: true,
      }),
    ).toBe(
      'AS2 Gateway has taken the message folder 2 minutes after its last upload and sent it (or set it aside in failed/) with 1 of its 3 files whole: ask your partner to disregard it, and send the message again.',
    )
    expect(gatewayNote(PRESETS['as2-gateway'], 'message-completed', 'm', 'outbox')).toContain(
      '2 minutes after its last upload',
    )
  })
})

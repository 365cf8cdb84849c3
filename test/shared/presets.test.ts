import { describe, expect, it } from 'vitest'
import { mailboxRole } from '../../src/shared/mailbox-role'
import { keepsOnServerByDefault, PRESET_IDS, PRESETS } from '../../src/shared/presets'

describe('gateway presets', () => {
  it('keep picked-up files on the server by default only where the guide says, or for records', () => {
    const kept = (role: (typeof mailboxRole.options)[number]) =>
      PRESET_IDS.filter((preset) => keepsOnServerByDefault(preset, role))
    // MFT Gateway's guide only asks to download (its storage expires files after 70 days).
    expect(kept('receive')).toEqual(['mft-gateway'])
    // Sent files, MDNs, duplicates and failed files are records, not deliveries: never emptied.
    for (const role of mailboxRole.options.filter((role) => role !== 'receive'))
      expect(kept(role)).toEqual([...PRESET_IDS])
  })

  it('say what each guide says of retention, polling, duplicates and messages', () => {
    const HOUR = 3_600_000
    expect(PRESETS['as2-gateway'].retention).toEqual({
      warnAfterMs: 24 * HOUR,
      expireAfterMs: 48 * HOUR,
    })
    expect(PRESETS['mft-gateway'].retention?.expireAfterMs).toBe(70 * 24 * HOUR)
    expect(PRESETS.amili.retention).toBeUndefined()
    expect(PRESETS['as2-gateway'].minCheckEveryMinutes).toBe(5)
    expect(PRESETS['mft-gateway'].duplicateWindowMs).toBe(6 * HOUR)
    expect(PRESET_IDS.filter((id) => PRESETS[id].duplicateWindowMs !== undefined)).toEqual([
      'mft-gateway',
    ])
    expect(PRESETS['as2-gateway'].multiFileMessage).toEqual({
      files: 10,
      bytes: 10_000_000,
      quietMs: 120_000,
    })
    expect(PRESET_IDS.filter((id) => PRESETS[id].zipsSeveralFiles)).toEqual(['mft-gateway'])
    expect(PRESET_IDS.filter((id) => !PRESETS[id].takesSentFiles)).toEqual(['generic'])
    expect(PRESET_IDS.filter((id) => PRESETS[id].foldersNamedByPerson)).toEqual(['generic'])
  })

  it('say what each guide says of the server and who makes the key', () => {
    expect(PRESETS.amili.host).toBe('sftp.amili.se')
    expect(PRESETS['mft-gateway'].host).toBe('sftp.mftgateway.com')
    // AS2 Gateway's guide leaves its server name out; a plain server is the person's own.
    expect(PRESET_IDS.filter((id) => PRESETS[id].host === undefined)).toEqual([
      'as2-gateway',
      'generic',
    ])
    expect(PRESET_IDS.filter((id) => PRESETS[id].keyMadeBy === 'portal')).toEqual(['as2-gateway'])
    expect(PRESETS.amili.keyHandoff).toBe(
      'Send this public key to Amili; they register it on your account.',
    )
    expect(PRESETS['mft-gateway'].keyHandoff).toMatch(
      /^Paste it on the SFTP page of your MFT Gateway account/,
    )
    expect(PRESET_IDS.map((id) => PRESETS[id].choiceLabel)).toEqual([
      'Amili',
      'MFT Gateway',
      'AS2 Gateway',
      'Other SFTP server',
    ])
  })

  it('keep a temporary upload out of every folder a gateway takes files from', () => {
    // A gateway that takes what lands in its send folders takes a hidden file there too.
    for (const id of PRESET_IDS)
      expect(PRESETS[id].temporaryFolder).toBe(PRESETS[id].takesSentFiles ? 'parent' : 'beside')
    expect(PRESETS['as2-gateway'].uploadStrategy).toBe('temp-rename')
  })
})

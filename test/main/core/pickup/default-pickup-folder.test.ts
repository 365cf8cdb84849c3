import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ProfileId } from '../../../../src/shared/domain'
import {
  defaultPickupFolder,
  pickupFolderFor,
  rememberPickupFolder,
} from '../../../../src/main/core/pickup/default-pickup-folder'
import { SettingsFileStore } from '../../../../src/main/core/settings/settings-file'
import { MemorySettings } from '../../../fixtures/memory-settings'

const home = join('/home', 'pat')
const acme = { id: 'profile-acme' as ProfileId, name: 'Acme: EDI', preset: 'generic' as const }
const as2 = { id: 'profile-as2' as ProfileId, name: 'Acme: EDI', preset: 'as2-gateway' as const }
const other = { id: 'profile-other' as ProfileId, name: 'Other', preset: 'generic' as const }
const mailroom = (...parts: string[]) => join(home, 'Documents', 'Mailroom', ...parts)

describe('defaultPickupFolder', () => {
  it('is Documents/Mailroom/<profile>/<partner>, each made a safe folder name', () => {
    expect(defaultPickupFolder('Acme: EDI', '../DemoAS2', home)).toBe(
      mailroom('Acme_ EDI', '_DemoAS2'),
    )
  })
})

describe('pickupFolderFor', () => {
  it("names a gateway mailbox's default after its partner", () => {
    const settings = new SettingsFileStore(new MemorySettings())
    expect(
      pickupFolderFor(settings, as2, 'as2gateway/RJ_ONE/DemoAS2/inbox', 'DemoAS2', home),
    ).toEqual({ folder: mailroom('Acme_ EDI', 'DemoAS2'), remembered: false })
  })

  // A Generic SFTP profile without named folders browses the server: its folders have no partner.
  it("names a plain folder's default after the folder, made safe", () => {
    const settings = new SettingsFileStore(new MemorySettings())
    expect(pickupFolderFor(settings, acme, 'pickup', '', home)).toEqual({
      folder: mailroom('Acme_ EDI', 'pickup'),
      remembered: false,
    })
    expect(pickupFolderFor(settings, acme, 'in/COM1', '', home).folder).toBe(
      mailroom('Acme_ EDI', '_COM1'),
    )
    expect(pickupFolderFor(settings, acme, '', '', home).folder).toBe(
      mailroom('Acme_ EDI', 'login folder'),
    )
  })

  // Discovery groups a Generic profile's named folders under the profile's own name.
  it('names each named folder of a Generic profile after the folder, not the profile', () => {
    const settings = new SettingsFileStore(new MemorySettings())
    expect(pickupFolderFor(settings, acme, 'in/orders', 'Acme: EDI', home).folder).toBe(
      mailroom('Acme_ EDI', 'orders'),
    )
    expect(pickupFolderFor(settings, acme, 'in/invoices', 'Acme: EDI', home).folder).toBe(
      mailroom('Acme_ EDI', 'invoices'),
    )
  })

  it('remembers a chosen folder per profile and remote folder', () => {
    const settings = new SettingsFileStore(new MemorySettings())
    rememberPickupFolder(settings, acme.id, 'pickup', '/data/acme-in')
    expect(pickupFolderFor(settings, acme, 'pickup', '', home)).toEqual({
      folder: '/data/acme-in',
      remembered: true,
    })
    expect(pickupFolderFor(settings, acme, 'input', '', home)).toEqual({
      folder: mailroom('Acme_ EDI', 'input'),
      remembered: false,
    })
    expect(pickupFolderFor(settings, other, 'pickup', '', home)).toEqual({
      folder: mailroom('Other', 'pickup'),
      remembered: false,
    })
  })
})

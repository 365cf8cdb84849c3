import { describe, expect, it } from 'vitest'
import { ProfilePasswords } from '../../../../src/main/core/secrets/profile-passwords'
import { MemorySecretStore } from '../../../../src/main/core/secrets/secret-store'
import type { ProfileId } from '../../../../src/shared/domain'

describe('ProfilePasswords', () => {
  it("keeps each profile's password under an account of its own in the secret store", async () => {
    const secrets = new MemorySecretStore()
    const passwords = new ProfilePasswords(secrets)
    const one = 'profile-0001' as ProfileId
    const two = 'profile-0002' as ProfileId
    expect(await passwords.has(one)).toBe(false)
    await passwords.remember(one, 'first')
    await passwords.remember(two, 'second')
    expect(await passwords.get(one)).toBe('first')
    expect(await secrets.get(`profile-password:${two}`)).toBe('second')
    expect(await passwords.forget(one)).toBe(true)
    expect(await passwords.forget(one)).toBe(false)
    expect(await passwords.get(one)).toBeUndefined()
    expect(await passwords.has(two)).toBe(true)
  })
})

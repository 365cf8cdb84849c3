import { describe, expect, it } from 'vitest'
import { ProxyPasswords } from '../../../../src/main/core/secrets/proxy-passwords'
import { MemorySecretStore } from '../../../../src/main/core/secrets/secret-store'
import type { ProfileId } from '../../../../src/shared/domain'

describe('ProxyPasswords', () => {
  it('keeps one password per profile in the secret store, copies it for a clone, forgets it', async () => {
    const secrets = new MemorySecretStore()
    const passwords = new ProxyPasswords(secrets)
    const one = 'profile-0001' as ProfileId
    const two = 'profile-0002' as ProfileId
    expect(await passwords.has(one)).toBe(false)
    await passwords.set(one, 's3cret')
    expect(await secrets.get('proxy-password:profile-0001')).toBe('s3cret')
    expect(await passwords.get(one)).toBe('s3cret')
    await passwords.copy(one, two)
    expect(await passwords.get(two)).toBe('s3cret')
    await passwords.set(one, null)
    expect(await passwords.has(one)).toBe(false)
    expect(await passwords.has(two)).toBe(true)
    // Copying nothing stores nothing.
    await passwords.copy(one, 'profile-0003' as ProfileId)
    expect(await passwords.has('profile-0003' as ProfileId)).toBe(false)
  })
})

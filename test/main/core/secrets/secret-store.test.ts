import { describe, expect, it } from 'vitest'
import { MemorySecretStore } from '../../../../src/main/core/secrets/secret-store'

describe('MemorySecretStore', () => {
  it('keeps a secret per account, replaces it, and forgets it once', async () => {
    const secrets = new MemorySecretStore()
    expect(await secrets.get('key-1')).toBeNull()
    await secrets.set('key-1', 'first')
    await secrets.set('key-2', 'other')
    await secrets.set('key-1', 'second')
    expect(await secrets.get('key-1')).toBe('second')
    expect(await secrets.delete('key-1')).toBe(true)
    expect(await secrets.delete('key-1')).toBe(false)
    expect(await secrets.get('key-1')).toBeNull()
    expect(await secrets.get('key-2')).toBe('other')
  })

  it('keeps an empty secret as a secret, not as none', async () => {
    const secrets = new MemorySecretStore()
    await secrets.set('empty', '')
    expect(await secrets.get('empty')).toBe('')
  })

  it('shares nothing between two stores', async () => {
    const first = new MemorySecretStore()
    await first.set('key-1', 'secret')
    expect(await new MemorySecretStore().get('key-1')).toBeNull()
  })
})

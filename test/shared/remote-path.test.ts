import { describe, expect, it } from 'vitest'
import { baseName, childPath, parentPath, remotePath } from '../../src/shared/remote-path'

describe('remotePath', () => {
  it.each(['', 'input', 'as2gateway/RJ_ONE/DemoAS2/outbox', 'a b/c:d'])('accepts %j', (path) => {
    expect(remotePath.safeParse(path).success).toBe(true)
  })

  it.each(['/etc', '../up', 'a/../b', 'a//b', 'a/', './a', 'a\u0000b'])('refuses %j', (path) => {
    expect(remotePath.safeParse(path).success).toBe(false)
  })

  it('joins, splits and finds the parent', () => {
    const folder = remotePath.parse('pickup')
    const file = childPath(folder, 'x.edi')
    expect(file).toBe('pickup/x.edi')
    expect(childPath(remotePath.parse(''), 'input')).toBe('input')
    expect(baseName(file)).toBe('x.edi')
    expect(parentPath(file)).toBe('pickup')
    expect(parentPath(folder)).toBe('')
  })

  it('refuses a listed name that would escape its folder', () => {
    expect(() => childPath(remotePath.parse('pickup'), '..')).toThrow()
    expect(() => childPath(remotePath.parse('pickup'), 'a/b')).toThrow(/cannot contain "\/"/)
  })
})

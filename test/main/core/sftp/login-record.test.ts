import { describe, expect, it } from 'vitest'
import { LoginRecord } from '../../../../src/main/core/sftp/login-record'

describe('LoginRecord', () => {
  it("keeps the server's first list of methods as what it allows, and the last as what is left", () => {
    const record = new LoginRecord()
    record.noteSent('none')
    record.noteRefused(['publickey'], false)
    record.noteSent('publickey')
    record.noteRefused(['password'], true)
    expect(record.serverAllows).toEqual(['publickey'])
    expect(record.methodsLeft).toEqual(['password'])
    expect(record.lastAnswered()).toEqual({ method: 'publickey', outcome: 'partial' })
  })

  it('reports the methods that logged in, in order, and the agent key accepted', () => {
    const record = new LoginRecord()
    record.noteSent('none')
    record.noteRefused(['publickey', 'password'], false)
    record.noteSent('publickey', 'SHA256:refused')
    record.noteRefused(['publickey', 'password'], false)
    record.noteSent('publickey', 'SHA256:accepted')
    record.noteLoggedIn()
    expect(record.report()).toEqual({
      methods: ['publickey'],
      agentKey: 'SHA256:accepted',
      serverAllows: ['publickey', 'password'],
    })
  })

  it('leaves "none" and unanswered requests out of what was last answered', () => {
    const record = new LoginRecord()
    record.noteSent('none')
    record.noteRefused(['password'], false)
    expect(record.lastAnswered()).toBeUndefined()
    record.noteSent('password')
    expect(record.lastAnswered()).toBeUndefined()
    record.noteRefused(['password'], false)
    expect(record.lastAnswered()).toEqual({ method: 'password', outcome: 'refused' })
  })

  it('reports a login that needed nothing (a server taking "none")', () => {
    const record = new LoginRecord()
    record.noteSent('none')
    record.noteLoggedIn()
    expect(record.report()).toEqual({ methods: ['none'], serverAllows: [] })
  })
})

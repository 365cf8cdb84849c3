import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../../../../src/main/core/logging/logger'
import { SessionLog } from '../../../../src/main/core/session-log/session-log'
import { SessionLogRecorder } from '../../../../src/main/core/session-log/session-log-recorder'
import { MailroomStore } from '../../../../src/main/core/store/mailroom-store'
import type { ProfileId, Transfer, TransferId } from '../../../../src/shared/domain'
import { remotePath } from '../../../../src/shared/remote-path'

const PROFILE = 'profile-one-1' as ProfileId

describe('SessionLogRecorder', () => {
  let dir: string
  let store: MailroomStore
  let log: SessionLog
  let recorder: SessionLogRecorder
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mailroom-recorder-'))
    store = MailroomStore.open(join(dir, 'mailroom.db'))
    log = new SessionLog(store.sessionLog, { logger: silentLogger })
    recorder = new SessionLogRecorder(log, () => undefined)
  })
  afterEach(() => {
    log.close()
    store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const transfer = (changes: Partial<Transfer>): Transfer => ({
    id: 'transfer-0001' as TransferId,
    profileId: PROFILE,
    direction: 'pickup',
    name: 'invoice.edi',
    remotePath: remotePath.parse('pickup/invoice.edi'),
    localPath: '/home/someone/Mailroom/invoice.edi',
    totalBytes: 2048,
    transferredBytes: 0,
    state: 'queued',
    startedAt: Date.now(),
    ...changes,
  })
  const update = (changes: Partial<Transfer>) =>
    recorder.onEvent({ name: 'transfer:update', payload: transfer(changes) })

  it('writes one line per send recovered after a crash, with its facts, and none for its Transfers row', () => {
    recorder.onEvent({
      name: 'send:recovered',
      payload: {
        profileId: PROFILE,
        sends: [
          {
            id: 'upload-1',
            profileId: PROFILE,
            kind: 'file',
            name: 'invoice.xml',
            mailbox: remotePath.parse('input'),
            remotePath: remotePath.parse('input/invoice.xml'),
            localPaths: ['/here/invoice.xml'],
            startedAt: Date.UTC(2026, 10, 23, 10, 0, 0),
            sizeSent: 1000,
            sizeOnServer: 300,
            outcome: 'partial',
            summary: 'Mailroom stopped while sending it.',
            gateway: 'Amili may take it as it is.',
            reportOnly: false,
          },
        ],
      },
    })
    update({ direction: 'upload', state: 'failed', recovered: true, finishedAt: Date.now() })
    const entries = log.list()
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({
      level: 'warn',
      category: 'transfer',
      message:
        'Recovered after a crash: invoice.xml to input: Mailroom stopped while sending it. Amili may take it as it is.',
      details: {
        startedAt: '2026-11-23T10:00:00.000Z',
        sizeSent: '1000',
        sizeOnServer: '300',
        outcome: 'partial',
      },
    })
  })

  it('writes one line when a transfer starts and one when it ends, with size and duration', () => {
    update({})
    update({ state: 'running' })
    update({ state: 'running', transferredBytes: 1024 })
    update({ state: 'verifying', transferredBytes: 2048 })
    update({ state: 'done', transferredBytes: 2048, finishedAt: Date.now() + 1_500 })
    const entries = log.list()
    expect(entries.map((entry) => entry.message)).toEqual([
      'Picking up invoice.edi (2.0 KB)',
      expect.stringMatching(/^Picked up invoice\.edi \(2\.0 KB\) in 1\.\d s$/),
    ])
    expect(entries[1]).toMatchObject({
      level: 'info',
      category: 'transfer',
      profileId: PROFILE,
      details: { size: '2048', remotePath: 'pickup/invoice.edi' },
    })
    expect(Number(entries[1]?.details?.durationMs)).toBeGreaterThanOrEqual(1_500)
  })

  it('records a failure with its message and kind, key material redacted', () => {
    update({ state: 'running' })
    update({ state: 'reconnecting' })
    update({
      state: 'failed',
      finishedAt: Date.now(),
      error: {
        kind: 'connection-lost',
        message:
          'Lost the connection. -----BEGIN OPENSSH PRIVATE KEY-----\nAAAAsecret\n-----END OPENSSH PRIVATE KEY-----',
      },
    })
    const [, waiting, failed] = log.list()
    expect(waiting).toMatchObject({
      level: 'warn',
      message: 'invoice.edi: waiting for the connection to come back',
    })
    expect(failed).toMatchObject({
      level: 'error',
      message: 'Picking up invoice.edi failed: Lost the connection. [private key redacted]',
      details: { kind: 'connection-lost' },
    })
    expect(JSON.stringify(failed)).not.toContain('AAAAsecret')
  })

  it('records drops, reconnects, host key questions and answers, and new files', async () => {
    const reason = {
      kind: 'connection-lost' as const,
      message: 'The server closed the connection.',
    }
    recorder.onEvent({
      name: 'session:reconnecting',
      payload: { profileId: PROFILE, reason, attempt: 2, retryInMs: 1_000 },
    })
    recorder.onEvent({
      name: 'session:reconnected',
      payload: {
        profileId: PROFILE,
        host: 'sftp.example',
        port: 22,
        username: 'me',
        hostKey: { type: 'ssh-ed25519', fingerprint: 'SHA256:abc' },
      },
    })
    recorder.onEvent({
      name: 'hostkey:prompt',
      payload: {
        promptId: 'prompt-1',
        profileId: PROFILE,
        host: 'sftp.example',
        port: 22,
        hostKey: { type: 'ssh-ed25519', fingerprint: 'SHA256:abc' },
      },
    })
    const handlers = recorder.wrap({
      'hostkey:answer': async () => null,
    } as unknown as Parameters<SessionLogRecorder['wrap']>[0])
    await handlers['hostkey:answer']({ promptId: 'prompt-1', trust: true })
    recorder.onEvent({
      name: 'mailbox:new-files',
      payload: {
        profileId: PROFILE,
        mailboxPath: remotePath.parse('pickup'),
        partner: 'Amili',
        count: 3,
        autoPickup: false,
      },
    })
    recorder.onEvent({ name: 'session:closed', payload: { profileId: PROFILE } })
    expect(log.list().map((entry) => `${entry.category}/${entry.level}: ${entry.message}`)).toEqual(
      [
        'connection/warn: Connection lost: The server closed the connection. Reconnecting (attempt 2) in 1.0 s.',
        'connection/info: Reconnected to sftp.example port 22 as me',
        'host-key/warn: Unknown host key for sftp.example port 22: ssh-ed25519 SHA256:abc. Asking whether to trust it.',
        'host-key/info: Host key of sftp.example port 22 trusted: ssh-ed25519 SHA256:abc',
        'mailbox/info: 3 new files from Amili',
        'connection/info: Disconnected',
      ],
    )
  })

  it('says how a login went and what the server asks and allows, never what was answered', async () => {
    const profile = {
      id: PROFILE,
      name: 'Partner',
      host: 'sftp.example',
      port: 22,
      username: 'me',
      preset: 'generic',
      proxy: { kind: 'none' },
      jumps: [],
    }
    const withProfile = new SessionLogRecorder(log, () => profile as never)
    withProfile.onEvent({
      name: 'login:prompt',
      payload: {
        promptId: 'prompt-2',
        profileId: PROFILE,
        host: 'sftp.example',
        port: 22,
        username: 'me',
        name: '',
        instruction: '',
        prompts: [{ prompt: 'Verification code: ', echo: true }],
        round: 2,
      },
    })
    const handlers = withProfile.wrap({
      'session:open': async () => ({
        profileId: PROFILE,
        host: 'sftp.example',
        port: 22,
        username: 'me',
        hostKey: { type: 'ssh-ed25519', fingerprint: 'SHA256:abc' },
        login: {
          methods: ['publickey', 'password'],
          serverAllows: ['publickey'],
        },
      }),
      'login:answer': async () => null,
    } as unknown as Parameters<SessionLogRecorder['wrap']>[0])
    await handlers['login:answer']({ promptId: 'prompt-2', answers: ['424242'] })
    await handlers['session:open']({ profileId: PROFILE, password: 'hunter2' })
    withProfile.onEvent({
      name: 'session:reconnected',
      payload: {
        profileId: PROFILE,
        host: 'sftp.example',
        port: 22,
        username: 'me',
        hostKey: { type: 'ssh-ed25519', fingerprint: 'SHA256:abc' },
        login: { methods: ['publickey'], agentKey: 'SHA256:agentkey', serverAllows: ['publickey'] },
      },
    })
    const messages = log.list().map((entry) => `${entry.category}/${entry.level}: ${entry.message}`)
    expect(messages).toEqual([
      'authentication/info: sftp.example asks "Verification code:" (round 2 of its questions)',
      'connection/info: Connecting to sftp.example port 22 as me',
      "authentication/info: Logged in to sftp.example as me with the profile's key, then a password (server allows: publickey); host key ssh-ed25519 SHA256:abc",
      "connection/info: Reconnected to sftp.example port 22 as me with the agent's key SHA256:agentkey (server allows: publickey)",
    ])
    expect(JSON.stringify(log.list())).not.toMatch(/424242|hunter2/)
  })

  it('writes a password asked for, or a question cancelled, as a warning of the login', async () => {
    const handlers = recorder.wrap({
      'session:open': async () => {
        const { MailroomError } = await import('../../../../src/main/core/errors')
        throw new MailroomError(
          'cancelled',
          'Logging in to sftp.example was cancelled at its question "Code:".',
          {
            prompt: 'Code:',
          },
        )
      },
    } as unknown as Parameters<SessionLogRecorder['wrap']>[0])
    await expect(handlers['session:open']({ profileId: PROFILE })).rejects.toThrow('cancelled')
    expect(log.list()).toEqual([
      expect.objectContaining({
        category: 'authentication',
        level: 'warn',
        message: 'Login failed: Logging in to sftp.example was cancelled at its question "Code:".',
      }),
    ])
  })
})

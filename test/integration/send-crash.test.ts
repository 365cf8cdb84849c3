import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_USERS, startDemoGateway, type DemoGateway } from '../../src/demo/demo-gateway'
import { KeychainSecretStore } from '../../src/main/core/secrets/keychain-secret-store'
import type { SendStep } from '../../src/main/core/transfer/send/send-one'
import type { KeyInfo, Profile } from '../../src/shared/domain'
import { needsAttention, type RecoveredSend } from '../../src/shared/recovered-send'
import { mailroomOnDataFolder, valueOf } from '../fixtures/connected-mailroom'
import { connectAndRecover } from '../fixtures/recovering-app'
import { runSendChild } from '../fixtures/send-child-process'
import { startSshd, type TestSshd } from '../fixtures/sshd-server'

const MIB = 1024 * 1024
// Larger than what an upload has in flight (4 MiB): killed half way, part of it never left.
const LARGE = 16 * MIB
const OUTBOX = 'as2gateway/RJ_ONE/DemoAS2/outbox'

/** Every file under `folder` whose name marks it as a temporary upload, relative to `root`. */
function temporaryFilesIn(root: string, folder = root): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name)
    if (entry.isDirectory()) return temporaryFilesIn(root, path)
    return entry.name.endsWith('.mailroom-part') ? [relative(root, path)] : []
  })
}

/**
 * The test: the app's send killed (SIGKILL) at each step of a `temp-rename` upload, a
 * `direct` upload and an AS2 message, against OpenSSH's sshd, and the app started again on the
 * same data folder: no temporary file of Mailroom's is left once the profile connects again,
 * every file is on the server whole or reported, and what is reported can be sent again.
 */
describe('a send killed at each step, then the next connection (sshd)', () => {
  let server: TestSshd
  let dataDir: string
  let scratch: string
  const profiles: Record<'tempRename' | 'direct' | 'as2', Profile> = {} as never

  beforeAll(async () => {
    server = await startSshd()
    dataDir = mkdtempSync(join(tmpdir(), 'mailroom-send-crash-data-'))
    scratch = mkdtempSync(join(tmpdir(), 'mailroom-send-crash-local-'))
    const app = mailroomOnDataFolder(dataDir, { secrets: new KeychainSecretStore() })
    const key = valueOf<{ id: string }>(
      await app.dispatch('keys:import', {
        source: { kind: 'path', path: server.clientKeyPath },
        rememberPassphrase: false,
      }),
    )
    const save = async (name: string, extra: Record<string, unknown>) =>
      valueOf<Profile>(
        await app.dispatch('profiles:save', {
          profile: {
            name,
            group: '',
            host: server.host,
            port: server.port,
            username: server.username,
            keyId: key.id,
            preset: 'generic',
            ...extra,
          },
        }),
      )
    profiles.tempRename = await save('Temp rename', {})
    profiles.direct = await save('Direct', { uploadStrategy: 'direct' })
    profiles.as2 = await save('AS2 Gateway', { preset: 'as2-gateway' })
    // Trust the host key once, as the person did before the crash.
    valueOf(await app.dispatch('session:open', { profileId: profiles.direct.id }))
    await app.shutdown()
  })
  afterAll(async () => {
    await server?.stop()
    rmSync(dataDir, { recursive: true, force: true })
    rmSync(scratch, { recursive: true, force: true })
  })

  const localFile = (name: string, size: number) => {
    const path = join(scratch, name)
    writeFileSync(path, randomBytes(size))
    return path
  }
  const onServer = (path: string) => join(server.jail, path)
  const whole = (remote: string, local: string) =>
    existsSync(onServer(remote)) && readFileSync(onServer(remote)).equals(readFileSync(local))
  const reported = (told: readonly RecoveredSend[], remote: string) =>
    told.find((send) => send.remotePath === remote)

  it.each<[SendStep, number]>([
    ['started', 1],
    ['uploading', 1],
    ['uploaded', 1],
    ['written', 1],
    ['renamed', 1],
    ['sent', 1],
  ])(
    'temp-rename, killed at "%s": its temporary file removed, the file whole or reported, and sent again',
    async (step, nth) => {
      const name = `temp-${step}.bin`
      const local = localFile(name, 3 * MIB)
      const remote = `input/${name}`
      const killed = await runSendChild({
        dataDir,
        profileId: profiles.tempRename.id,
        remoteFolder: 'input',
        localPaths: [local],
        stopAt: { step, nth },
      })
      expect(killed.killed, killed.output).toBe(true)
      // Nothing but the whole file ever appears under its name.
      if (existsSync(onServer(remote))) expect(whole(remote, local)).toBe(true)

      const recovered = await connectAndRecover(dataDir, profiles.tempRename.id)
      try {
        expect(temporaryFilesIn(server.jail)).toEqual([])
        const told = reported(recovered.told, remote)
        if (step === 'sent') expect(told).toBeUndefined()
        else if (step === 'renamed') expect(told?.outcome).toBe('sent')
        else expect(told).toMatchObject({ outcome: 'not-sent', sizeSent: 3 * MIB })
        if (told && needsAttention(told.outcome)) {
          expect(existsSync(onServer(remote))).toBe(false)
          expect((await recovered.sendAgain(told)).state).toBe('done')
        }
        expect(whole(remote, local)).toBe(true)
      } finally {
        await recovered.close()
        rmSync(onServer(remote), { force: true })
      }
    },
  )

  it.each<SendStep>(['started', 'uploading', 'uploaded'])(
    'direct, killed at "%s": a partial copy reported (never removed unasked), and sent again whole',
    async (step) => {
      const name = `direct-${step}.bin`
      const local = localFile(name, LARGE)
      const remote = `input/${name}`
      const killed = await runSendChild({
        dataDir,
        profileId: profiles.direct.id,
        remoteFolder: 'input',
        localPaths: [local],
        stopAt: { step, nth: 1 },
      })
      expect(killed.killed, killed.output).toBe(true)
      const recovered = await connectAndRecover(dataDir, profiles.direct.id)
      try {
        const told = reported(recovered.told, remote)
        const expected: Partial<Record<SendStep, string>> = {
          started: 'not-sent',
          uploading: 'partial',
          uploaded: 'sent',
        }
        expect(told).toMatchObject({ outcome: expected[step], sizeSent: LARGE })
        if (step === 'uploading') {
          // Left on the server as it was until the person says: the report gives its size.
          expect(told?.sizeOnServer).toBeGreaterThan(0)
          expect(told?.sizeOnServer).toBeLessThan(LARGE)
          expect(readFileSync(onServer(remote)).length).toBe(told?.sizeOnServer)
        }
        if (told && needsAttention(told.outcome))
          expect((await recovered.sendAgain(told)).state).toBe('done')
        expect(whole(remote, local)).toBe(true)
      } finally {
        await recovered.close()
        rmSync(onServer(remote), { force: true })
      }
    },
  )

  it.each<SendStep>(['started', 'uploading', 'written'])(
    'AS2 Gateway, killed at "%s": nothing of the file is ever in the outbox but the whole file',
    async (step) => {
      const name = `single-${step}.xml`
      const local = localFile(name, 3 * MIB)
      const killed = await runSendChild({
        dataDir,
        profileId: profiles.as2.id,
        remoteFolder: OUTBOX,
        localPaths: [local],
        stopAt: { step, nth: 1 },
      })
      expect(killed.killed, killed.output).toBe(true)
      expect(readdirSync(onServer(OUTBOX))).toEqual([])
      // Its temporary file, if written yet, is beside the outbox, where the gateway takes nothing.
      expect(
        temporaryFilesIn(server.jail).every((path) =>
          path.startsWith('as2gateway/RJ_ONE/DemoAS2/.'),
        ),
      ).toBe(true)
      const recovered = await connectAndRecover(dataDir, profiles.as2.id)
      try {
        expect(temporaryFilesIn(server.jail)).toEqual([])
        const told = reported(recovered.told, `${OUTBOX}/${name}`)
        expect(told?.outcome).toBe('not-sent')
        expect((await recovered.sendAgain(told as RecoveredSend)).state).toBe('done')
        expect(readdirSync(onServer(OUTBOX))).toEqual([name])
        expect(whole(`${OUTBOX}/${name}`, local)).toBe(true)
      } finally {
        await recovered.close()
        rmSync(onServer(`${OUTBOX}/${name}`), { force: true })
      }
    },
  )

  it.each<[SendStep, number]>([
    ['started', 1],
    ['uploading', 2],
    ['uploaded', 2],
    ['sent', 1],
    ['sent', 3],
  ])(
    'an AS2 message killed at "%s" of its file %i: completed within its two minutes, one message, every file whole',
    async (step, nth) => {
      const names = ['a.xml', 'b.xml', 'c.xml'].map((file) => `${step}-${nth}-${file}`)
      const locals = names.map((name) => localFile(name, MIB))
      const killed = await runSendChild({
        dataDir,
        profileId: profiles.as2.id,
        remoteFolder: OUTBOX,
        localPaths: locals,
        asMessage: true,
        stopAt: { step, nth },
      })
      expect(killed.killed, killed.output).toBe(true)
      const recovered = await connectAndRecover(dataDir, profiles.as2.id)
      try {
        const folders = readdirSync(onServer(OUTBOX))
        expect(folders).toHaveLength(1)
        const folder = `${OUTBOX}/${folders[0] ?? ''}`
        expect(readdirSync(onServer(folder)).sort()).toEqual([...names].sort())
        for (const [index, name] of names.entries())
          expect(whole(`${folder}/${name}`, locals[index] ?? '')).toBe(true)
        const told = recovered.told.filter((send) => send.kind === 'message')
        if (step === 'sent' && nth === 3) expect(told).toEqual([])
        else expect(told.map((send) => send.outcome)).toEqual(['message-completed'])
        expect(temporaryFilesIn(server.jail)).toEqual([])
      } finally {
        await recovered.close()
        for (const made of readdirSync(onServer(OUTBOX)))
          rmSync(onServer(`${OUTBOX}/${made}`), { recursive: true, force: true })
      }
    },
  )

  it('never removes a look-alike: a file of the same pattern, another size, under the temporary name', async () => {
    const name = 'look-alike.bin'
    const local = localFile(name, 3 * MIB)
    const killed = await runSendChild({
      dataDir,
      profileId: profiles.tempRename.id,
      remoteFolder: 'input',
      localPaths: [local],
      stopAt: { step: 'uploading', nth: 1 },
    })
    expect(killed.killed, killed.output).toBe(true)
    const [temporary] = temporaryFilesIn(server.jail)
    expect(temporary).toMatch(/^input\/\.look-alike\.bin\.[0-9a-f]{8}\.mailroom-part$/)
    // Someone replaces it with a larger file of the very same name, and leaves another beside.
    const theirs = randomBytes(3 * MIB + 1)
    server.writeFile(temporary ?? '', theirs)
    const beside = server.writeFile('input/.look-alike.bin.00000000.mailroom-part', 'x')
    const recovered = await connectAndRecover(dataDir, profiles.tempRename.id)
    try {
      expect(readFileSync(onServer(temporary ?? '')).equals(theirs)).toBe(true)
      expect(readFileSync(beside, 'utf8')).toBe('x')
      expect(reported(recovered.told, `input/${name}`)).toMatchObject({ outcome: 'left-alone' })
    } finally {
      await recovered.close()
      rmSync(onServer(temporary ?? ''), { force: true })
      rmSync(beside, { force: true })
    }
  })
})

/**
 * The same against the demo gateway, which takes what lands in Amili's input/ and AS2 Gateway's
 * outboxes, hidden files too, as the real ones may: nothing the person did not send whole is
 * ever taken, and what is taken incomplete (a direct upload cut short) is reported.
 */
describe('a send killed mid-way, then the next connection (the demo gateway)', () => {
  let gateway: DemoGateway
  let dataDir: string
  let scratch: string
  const profiles: Record<'amili' | 'as2', Profile> = {} as never
  const QUIET_MS = 6_000

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'mailroom-send-crash-demo-'))
    scratch = mkdtempSync(join(tmpdir(), 'mailroom-send-crash-demo-local-'))
    gateway = await startDemoGateway({
      dataDir: join(dataDir, 'gateway'),
      takeAfterMs: 100,
      messageQuietMs: QUIET_MS,
      arrivalEveryMs: 3_600_000,
      failEvery: 0,
    })
    const app = mailroomOnDataFolder(join(dataDir, 'app'), {
      secrets: new KeychainSecretStore(),
    })
    const key = valueOf<KeyInfo>(
      await app.dispatch('keys:generate', { comment: 'crash test', rememberPassphrase: false }),
    )
    for (const user of ['amili', 'as2'] as const) {
      gateway.authorize(DEMO_USERS[user], key.publicKey)
      profiles[user] = valueOf<Profile>(
        await app.dispatch('profiles:save', {
          profile: {
            name: user,
            preset: user === 'as2' ? 'as2-gateway' : 'amili',
            group: '',
            host: '127.0.0.1',
            port: gateway.portOf(user),
            username: DEMO_USERS[user],
            keyId: key.id,
          },
        }),
      )
      valueOf(await app.dispatch('session:open', { profileId: profiles[user].id }))
    }
    await app.shutdown()
  })
  afterAll(async () => {
    await gateway?.stop()
    rmSync(dataDir, { recursive: true, force: true })
    rmSync(scratch, { recursive: true, force: true })
  })

  const appData = () => join(dataDir, 'app')
  const localFile = (name: string, size: number) => {
    const path = join(scratch, name)
    writeFileSync(path, randomBytes(size))
    return path
  }
  const takenOf = (name: string) =>
    gateway.taken.filter((taken) => taken.files.some((file) => file.name === name))
  const until = async (done: () => boolean, withinMs: number) => {
    for (const deadline = Date.now() + withinMs; !done();) {
      if (Date.now() > deadline) throw new Error('never happened')
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
  const twoTicks = () => new Promise((resolve) => setTimeout(resolve, 2_200))

  it('AS2 Gateway, killed while its temporary file is written: the gateway takes nothing until the whole file is sent again', async () => {
    const name = 'ORDERS-1.xml'
    const local = localFile(name, 3 * MIB)
    const killed = await runSendChild({
      dataDir: appData(),
      profileId: profiles.as2.id,
      remoteFolder: 'as2gateway/RJ_ONE/DemoAS2/outbox',
      localPaths: [local],
      stopAt: { step: 'uploading', nth: 1 },
    })
    expect(killed.killed, killed.output).toBe(true)
    // The gateway looks at its outboxes every second and takes even hidden files there.
    await twoTicks()
    expect(gateway.taken).toEqual([])
    const recovered = await connectAndRecover(appData(), profiles.as2.id)
    try {
      expect(temporaryFilesIn(join(dataDir, 'gateway'))).toEqual([])
      const told = recovered.told.find((send) => send.name === name)
      expect(told?.outcome).toBe('not-sent')
      expect((await recovered.sendAgain(told as RecoveredSend)).state).toBe('done')
      await until(() => takenOf(name).length > 0, 10_000)
      expect(gateway.taken).toEqual([
        expect.objectContaining({ user: 'as2', files: [{ name, size: 3 * MIB }] }),
      ])
    } finally {
      await recovered.close()
    }
  })

  it('Amili, killed mid-upload straight into input/: the incomplete copy is reported, whatever the import did with it, and sent again whole', async () => {
    const name = 'CLAIMS-1.csv'
    const local = localFile(name, LARGE)
    const killed = await runSendChild({
      dataDir: appData(),
      profileId: profiles.amili.id,
      remoteFolder: 'input',
      localPaths: [local],
      stopAt: { step: 'uploading', nth: 1 },
    })
    expect(killed.killed, killed.output).toBe(true)
    await twoTicks()
    const recovered = await connectAndRecover(appData(), profiles.amili.id)
    try {
      const told = recovered.told.find((send) => send.name === name)
      expect(['partial', 'partial-taken']).toContain(told?.outcome)
      expect(told?.gateway).toContain('Amili')
      // Whatever the import took of it before the report was incomplete, and is reported.
      const before = takenOf(name)
      for (const taken of before) expect(taken.files[0]?.size).toBeLessThan(LARGE)
      if (told?.outcome === 'partial-taken') expect(before).toHaveLength(1)
      expect((await recovered.sendAgain(told as RecoveredSend)).state).toBe('done')
      await until(() => takenOf(name).length > before.length, 10_000)
      expect(takenOf(name).at(-1)?.files).toEqual([{ name, size: LARGE }])
    } finally {
      await recovered.close()
    }
  })

  it('an AS2 message killed at its second file: completed within its quiet time, and sent by the gateway whole', async () => {
    const names = ['INVOIC-1.xml', 'INVOIC-2.xml', 'INVOIC-3.xml']
    const locals = names.map((name) => localFile(name, MIB))
    const killed = await runSendChild({
      dataDir: appData(),
      profileId: profiles.as2.id,
      remoteFolder: 'as2gateway/RJ_ONE/BigRetailer/outbox',
      localPaths: locals,
      asMessage: true,
      stopAt: { step: 'uploading', nth: 2 },
    })
    expect(killed.killed, killed.output).toBe(true)
    const recovered = await connectAndRecover(appData(), profiles.as2.id)
    try {
      expect(recovered.told.map((send) => send.outcome)).toEqual(['message-completed'])
      await until(() => takenOf(names[0] ?? '').length > 0, QUIET_MS + 10_000)
      expect(takenOf(names[0] ?? '')).toEqual([
        expect.objectContaining({
          user: 'as2',
          files: expect.arrayContaining(names.map((name) => ({ name, size: MIB }))),
        }),
      ])
      expect(takenOf(names[0] ?? '')[0]?.files).toHaveLength(3)
    } finally {
      await recovered.close()
    }
  })
})

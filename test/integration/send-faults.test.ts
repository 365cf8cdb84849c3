import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KeychainSecretStore } from '../../src/main/core/secrets/keychain-secret-store'
import type { Profile } from '../../src/shared/domain'
import { needsAttention, type RecoveredSend } from '../../src/shared/recovered-send'
import { mailroomOnDataFolder, valueOf } from '../fixtures/connected-mailroom'
import { connectAndRecover } from '../fixtures/recovering-app'
import { runSendChild } from '../fixtures/send-child-process'
import { seededRandom } from '../fixtures/seeded-random'
import { startSshd, type TestSshd } from '../fixtures/sshd-server'

const OUTBOX = 'as2gateway/RJ_ONE/DemoAS2/outbox'
// Bounded in time: rounds go on until this much has passed (and at least MIN_ROUNDS ran). The
// suite's share is 30 s (each run draws a new seed, so the runs together cover more); a longer
// campaign on demand: MAILROOM_FAULT_BUDGET_MS=600000.
const BUDGET_MS = Number(process.env.MAILROOM_FAULT_BUDGET_MS ?? 30_000)
const MIN_ROUNDS = 8

function filesUnder(root: string, folder = root): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? filesUnder(root, join(folder, entry.name))
      : [relative(root, join(folder, entry.name))],
  )
}

type Kind = 'temp-rename' | 'direct' | 'message'

/**
 * The send's own fault campaign, as pickup's 100 faults: the app's send of a few files (a
 * `temp-rename` upload, a `direct` one, or an AS2 message) killed (SIGKILL) at a random moment,
 * the link cut at random moments before that, then the app started again on the same data
 * folder. After each round: no temporary file of Mailroom's is left; every file is on the server
 * whole, or reported; a file under its final name is whole unless reported as partial; and sent
 * again where reported, every file arrives whole.
 */
describe('sending through random kills and cuts', () => {
  let server: TestSshd
  let dataDir: string
  let scratch: string
  const profiles = {} as Record<Kind, Profile>

  beforeAll(async () => {
    server = await startSshd()
    dataDir = mkdtempSync(join(tmpdir(), 'mailroom-send-faults-data-'))
    scratch = mkdtempSync(join(tmpdir(), 'mailroom-send-faults-local-'))
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
    profiles['temp-rename'] = await save('Temp rename', {})
    profiles.direct = await save('Direct', { uploadStrategy: 'direct' })
    profiles.message = await save('AS2 Gateway', { preset: 'as2-gateway' })
    valueOf(await app.dispatch('session:open', { profileId: profiles.direct.id }))
    await app.shutdown()
  })
  afterAll(async () => {
    await server?.stop()
    rmSync(dataDir, { recursive: true, force: true })
    rmSync(scratch, { recursive: true, force: true })
  })

  it(
    'loses no file, leaves no temporary file, and reports every file it did not send whole',
    { timeout: BUDGET_MS + 120_000 },
    async () => {
      const seed = Number(process.env.MAILROOM_FAULT_SEED ?? Date.now() % 1_000_000)
      const random = seededRandom(seed)
      const kinds: Kind[] = ['temp-rename', 'direct', 'message']
      const tally: Record<string, number> = {}
      const count = (key: string) => (tally[key] = (tally[key] ?? 0) + 1)
      const startedAt = Date.now()
      let rounds = 0
      let files = 0
      for (; rounds < MIN_ROUNDS || Date.now() - startedAt < BUDGET_MS; rounds += 1) {
        const kind = kinds[rounds % kinds.length] ?? 'direct'
        const folder = kind === 'message' ? OUTBOX : `round-${rounds}`
        if (kind !== 'message') server.writeFile(`${folder}/.keep`, '')
        const names = Array.from(
          { length: 2 + Math.floor(random() * 3) },
          (_, index) => `r${rounds}-${index}.bin`,
        )
        const locals = names.map((name) => {
          const path = join(scratch, name)
          // Up to 6 MiB, more than an upload has in flight, so a kill can cut a file short; a
          // message's files within AS2 Gateway's 10 MB.
          const most = (kind === 'message' ? 2 : 6) * 1024 * 1024
          writeFileSync(path, randomBytes(1 + Math.floor(random() ** 2 * most)))
          return path
        })
        // One round in six runs to its end; the others are killed within the time a send takes.
        const killAfterMs = random() < 1 / 6 ? undefined : Math.floor(random() * 350)
        const cuts = Array.from({ length: Math.floor(random() * 3) }, () =>
          Math.floor(random() * 250),
        )
        const timers: NodeJS.Timeout[] = []
        const end = await runSendChild(
          {
            dataDir,
            profileId: profiles[kind].id,
            remoteFolder: folder,
            localPaths: locals,
            ...(kind === 'message' ? { asMessage: true } : {}),
          },
          {
            ...(killAfterMs === undefined ? {} : { killAfterMs }),
            onSending: () => {
              for (const at of cuts) timers.push(setTimeout(() => server.dropConnections(), at))
            },
          },
        )
        for (const timer of timers) clearTimeout(timer)
        count(
          `${kind} ${end.killed ? 'killed' : 'ran to its end'}${cuts.length ? `, ${cuts.length} cut(s)` : ''}`,
        )

        const recovered = await connectAndRecover(dataDir, profiles[kind].id)
        try {
          for (const send of recovered.told) count(`recovered ${send.outcome}`)
          const context = `seed ${seed}, round ${rounds} (${kind}, kill ${killAfterMs ?? 'none'}, cuts ${cuts.join('/')})\n${end.output}`
          if (end.killed && recovered.told.length === 0 && !end.output.includes('AT ')) {
            // Killed before the send was journaled (the person's Send never returned): nothing
            // of it may be on the server, and there is nothing to report.
            count('killed before its files were queued')
            expect(
              filesUnder(server.jail).filter((path) => names.some((name) => path.endsWith(name))),
              context,
            ).toEqual([])
            continue
          }
          checkRound(server, kind, folder, names, locals, recovered.told, context, false)
          for (const send of recovered.told.filter((told) => needsAttention(told.outcome)))
            expect((await recovered.sendAgain(send)).state, context).toBe('done')
          checkRound(server, kind, folder, names, locals, recovered.told, context, true)
        } finally {
          await recovered.close()
          rmSync(join(server.jail, folder), { recursive: true, force: true })
          if (kind === 'message') server.writeFile(`${OUTBOX}/.keep`, '')
          files += names.length
        }
      }
      console.log(
        `Send fault rounds: ${rounds} in ${Math.round((Date.now() - startedAt) / 1000)} s (seed ${seed}), files: ${files}, lost: 0, temporary files left: 0; ${JSON.stringify(tally)}`,
      )
      expect(rounds).toBeGreaterThanOrEqual(MIN_ROUNDS)
    },
  )
})

/**
 * The invariants after a round's recovery (and, `sentAgain`, after what was reported was sent
 * again): no temporary file anywhere; each file whole on the server, or reported; a file under its
 * final name whole unless reported as a partial copy.
 */
function checkRound(
  server: TestSshd,
  kind: Kind,
  folder: string,
  names: readonly string[],
  locals: readonly string[],
  told: readonly RecoveredSend[],
  context: string,
  sentAgain: boolean,
): void {
  const all = filesUnder(server.jail)
  expect(
    all.filter((path) => path.endsWith('.mailroom-part')),
    context,
  ).toEqual([])
  const inFolder = all.filter((path) => path.startsWith(`${folder}/`))
  for (const [index, name] of names.entries()) {
    const content = readFileSync(locals[index] ?? '')
    const copies = inFolder.filter((path) => path.split('/').pop() === name)
    const whole = copies.filter((path) => readFileSync(join(server.jail, path)).equals(content))
    const report = told.find((send) =>
      send.kind === 'message' ? send.files?.some((file) => file.name === name) : send.name === name,
    )
    const reported = report !== undefined && needsAttention(report.outcome)
    if (sentAgain || !reported)
      expect(whole.length, `${name} whole on the server: ${context}`).toBeGreaterThanOrEqual(1)
    // A single file is never there twice; a message sent again leaves the incomplete one.
    if (kind !== 'message') expect(copies.length, `${name} once: ${context}`).toBeLessThanOrEqual(1)
    for (const copy of copies.filter((path) => !whole.includes(path)))
      expect(report?.outcome, `${copy} is cut short, and reported: ${context}`).toMatch(
        /^(partial|message-incomplete)$/,
      )
    if (kind === 'message' && !sentAgain && !reported)
      expect(existsSync(join(server.jail, folder)), context).toBe(true)
  }
}

/**
 * Mailroom as the UI drives it: every step is a `dispatch` call of the API contract, and a batch
 * is finished when every one of its transfers has reached a final state in the
 * `transfer:update` events, exactly what the Transfers panel waits for.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Mailroom } from '../src/main/core/app/create-mailroom'
import type { Profile, Transfer, TransferId } from '../src/shared/domain'
import type { PgpKeyInfo } from '../src/shared/pgp'
import type { BenchPgpKeys, BenchSendKeys } from './encrypted-workload'
import { trustingMailroom, valueOf } from '../test/fixtures/connected-mailroom'

/**
 * Where a profile points: the server itself, or the latency proxy in front of it; or the server
 * through jump hosts (the jump host behind a latency proxy), which log in with the same key.
 */
export interface Target {
  readonly host: string
  readonly port: number
  readonly username: string
  readonly jumps?: ReadonlyArray<{ host: string; port: number; username: string }>
}

const FINAL: ReadonlySet<Transfer['state']> = new Set(['done', 'failed', 'cancelled'])

export class MailroomDriver {
  private readonly latest = new Map<TransferId, Transfer>()
  private readonly waiters = new Set<() => void>()
  private keyId: string | undefined

  private constructor(
    readonly app: Mailroom,
    private readonly dataDir: string,
  ) {
    app.subscribe((event) => {
      if (event.name !== 'transfer:update') return
      this.latest.set(event.payload.id, event.payload)
      if (FINAL.has(event.payload.state)) for (const wake of this.waiters) wake()
    })
  }

  /** A Mailroom with its data in a new temporary folder, trusting every host key offered. */
  static create(): MailroomDriver {
    const dataDir = mkdtempSync(join(tmpdir(), 'mailroom-bench-app-'))
    return new MailroomDriver(trustingMailroom(dataDir), dataDir)
  }

  /**
   * Imports the key (once), saves a Generic SFTP profile for `target` with the bench's folders
   * named, files taken however fresh (minFileAgeSeconds 0), and connects it.
   */
  async connect(name: string, target: Target, keyPath: string): Promise<Profile> {
    if (this.keyId === undefined) {
      const key = valueOf<{ id: string }>(
        await this.app.dispatch('keys:import', {
          source: { kind: 'path', path: keyPath },
          rememberPassphrase: false,
        }),
      )
      this.keyId = key.id
    }
    const profile = valueOf<Profile>(
      await this.app.dispatch('profiles:save', {
        profile: {
          name,
          preset: 'generic',
          group: '',
          host: target.host,
          port: target.port,
          username: target.username,
          keyId: this.keyId,
          sendFolders: ['input'],
          receiveFolders: ['pickup'],
          minFileAgeSeconds: 0,
          jumps: (target.jumps ?? []).map((jump) => ({ ...jump, keyId: null })),
        },
      }),
    )
    valueOf(await this.app.dispatch('session:open', { profileId: profile.id }))
    return profile
  }

  /**
   * Imports the OpenPGP keys (the own secret key, the partner's public key) and turns on
   * decryption for every mailbox of the profile, a good signature required, as the issue's
   * partners send: then a pickup decrypts and verifies.
   */
  async decryptOnPickup(profile: Profile, keys: BenchPgpKeys): Promise<void> {
    for (const text of [keys.ownSecretKey, keys.partnerPublicKey])
      valueOf(
        await this.app.dispatch('pgp:import', {
          source: { kind: 'text', text },
          rememberPassphrase: false,
        }),
      )
    valueOf(
      await this.app.dispatch('profiles:save', {
        id: profile.id,
        profile: {
          ...profile,
          pgpReceive: { '': { decrypt: true, signature: 'require', keepEncrypted: false } },
        },
      }),
    )
  }

  /**
   * Imports the own secret key and the partner's public key, and has every send mailbox of the
   * profile encrypt to the partner's key and sign with the own (binary `.pgp`).
   */
  async encryptOnSend(profile: Profile, keys: BenchSendKeys): Promise<void> {
    const imported: PgpKeyInfo[] = []
    for (const text of [keys.ownSecretKey, keys.partnerPublicKey])
      imported.push(
        ...valueOf<Array<{ key: PgpKeyInfo }>>(
          await this.app.dispatch('pgp:import', {
            source: { kind: 'text', text },
            rememberPassphrase: false,
          }),
        ).map((entry) => entry.key),
      )
    const partner = imported.find((key) => !key.hasSecret)?.fingerprint
    if (!partner) throw new Error("The partner's key was not imported")
    valueOf(
      await this.app.dispatch('profiles:save', {
        id: profile.id,
        profile: {
          ...profile,
          pgpSend: { '': { encryptTo: [partner], sign: true, armored: false } },
        },
      }),
    )
  }

  /** "Pick up all" on a receive folder; resolves when every file's transfer has finished. */
  async pickUpAll(profile: Profile, mailboxPath: string, localFolder: string): Promise<number> {
    const started = valueOf<{ transferIds: TransferId[]; tooYoung: number }>(
      await this.app.dispatch('transfer:pickup', {
        profileId: profile.id,
        mailboxPath,
        localFolder,
      }),
    )
    if (started.tooYoung > 0) throw new Error(`${started.tooYoung} files were left as too young`)
    await this.finished(started.transferIds)
    return started.transferIds.length
  }

  /** Drops local files on a send folder; resolves when every upload has finished. */
  async send(profile: Profile, remoteFolder: string, localPaths: string[]): Promise<void> {
    const ids = valueOf<TransferId[]>(
      await this.app.dispatch('transfer:send', {
        profileId: profile.id,
        remoteFolder,
        localPaths,
      }),
    )
    await this.finished(ids)
  }

  /** What the file table asks for when a folder is opened (not a receive mailbox). */
  async listFolder(profile: Profile, path: string): Promise<number> {
    const files = valueOf<unknown[]>(
      await this.app.dispatch('mailboxes:list-files', {
        profileId: profile.id,
        path,
        receive: false,
      }),
    )
    return files.length
  }

  async shutdown(): Promise<void> {
    await this.app.shutdown()
    rmSync(this.dataDir, { recursive: true, force: true })
  }

  // Events can arrive before dispatch returns the ids, so every update is kept by id.
  private finished(ids: readonly TransferId[]): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!ids.every((id) => FINAL.has(this.latest.get(id)?.state ?? 'queued'))) return
        this.waiters.delete(check)
        const failed = ids
          .map((id) => this.latest.get(id))
          .filter((transfer) => transfer?.state !== 'done')
        for (const id of ids) this.latest.delete(id)
        if (failed.length === 0) resolve()
        else
          reject(
            new Error(
              `${failed.length} of ${ids.length} transfers did not finish: ${failed[0]?.name} ${failed[0]?.state} ${failed[0]?.error?.message ?? ''}`,
            ),
          )
      }
      this.waiters.add(check)
      check()
    })
  }
}

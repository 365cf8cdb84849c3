import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readdir, rename, rm, stat, utimes, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import {
  demoPgpKeysIn,
  encryptedBySigningPartner,
  PGP_PARTNER_INBOX,
  type DemoPgpKeys,
} from './demo-pgp-partner'
import {
  startFileServer,
  type DemoAccount,
  type FileServerEvents,
  type FileServerFaults,
} from './sftp-file-server'

/** The demo's three accounts, one per gateway, with the user names the presets expect. */
export const DEMO_USERS = { amili: '12345678', mft: 'demo_mft', as2: 'demo_as2' } as const

export interface DemoGatewayOptions {
  readonly dataDir: string
  /** Where the Amili and MFT Gateway accounts listen (theirs is port 22). 0 or absent: free. */
  readonly port?: number
  /** AS2 Gateway listens on a port of its own (9193 on the real one). 0 or absent: free. */
  readonly as2Port?: number
  /** How soon a sent file is taken (the gateways: within 30 s). */
  readonly takeAfterMs?: number
  /** AS2 Gateway sends a message folder this long after its last upload (2 minutes). */
  readonly messageQuietMs?: number
  /** How often a new file arrives in an inbox (every minute or two). */
  readonly arrivalEveryMs?: number
  /** Every Nth file sent through AS2 Gateway lands in failed/ with a reason. 0: never. */
  readonly failEvery?: number
  /** The server's host key (OpenSSH private key), kept across runs so it stays trusted. */
  readonly hostKey?: string
  /** Faults for tests: drop after N bytes read, slow replies, files growing while read. */
  readonly faults?: FileServerFaults
  /**
   * A partner (NordicRetail, on MFT Gateway) whose files arrive encrypted to the demo's own
   * OpenPGP key and signed by the partner's (demo-pgp-partner.ts); `pgpKeys` gives both keys.
   */
  readonly pgpPartner?: boolean
  /** Where a failure of the gateway's own work is reported (a file vanished meanwhile, say). */
  readonly onError?: (error: unknown) => void
}

/** A file or message the demo took from a send folder, as it found it. */
export interface DemoTaken {
  readonly user: 'amili' | 'as2'
  /** Where it was, relative to the account's root: a file, or an AS2 message folder. */
  readonly path: string
  readonly files: ReadonlyArray<{ readonly name: string; readonly size: number }>
  /** AS2 Gateway set it aside in failed/ instead of sending it. */
  readonly failed: boolean
}

export interface DemoGateway {
  /** The Amili and MFT Gateway accounts' port. */
  readonly port: number
  /** AS2 Gateway's own port: its account logs in there and nowhere else. */
  readonly as2Port: number
  portOf(user: keyof typeof DEMO_USERS): number
  readonly hostKeyPublic: string
  /** With `pgpPartner`: the partner's and the demo's own OpenPGP keys, for Mailroom to import. */
  readonly pgpKeys?: DemoPgpKeys
  /** Lets a public key (OpenSSH one-line form) log in as `username`. */
  authorize(username: string, publicKeyLine: string): void
  /** Every request the server saw, as "user REQUEST path". */
  readonly requests: string[]
  /** What Amili's import and AS2 Gateway took from their send folders, in order. */
  readonly taken: readonly DemoTaken[]
  /** One round of taking sent files and delivering new ones, now (the timer does it too). */
  tick(): Promise<void>
  stop(): Promise<void>
}

const SIX_HOURS = 6 * 60 * 60 * 1000
const LAYOUT: Record<keyof typeof DEMO_USERS, readonly string[]> = {
  amili: ['input', 'pickup'],
  mft: [
    'AS2/send/MAILROOM_DEMO/AcmeWholesale',
    'AS2/send/MAILROOM_DEMO/NordicRetail',
    'AS2/files/MAILROOM_DEMO/AcmeWholesale/inbox',
    'AS2/files/MAILROOM_DEMO/AcmeWholesale/outbox',
    'AS2/files/MAILROOM_DEMO/NordicRetail/inbox',
    'AS2/files/MAILROOM_DEMO/NordicRetail/outbox',
    'AS2/duplicate/MAILROOM_DEMO/AcmeWholesale',
    'AS2/duplicate/MAILROOM_DEMO/NordicRetail',
    'AS2/raw-mdn/incoming',
    'AS2/raw-mdn/outgoing',
    'AS2/keystore',
    'AS2/tmp',
  ],
  as2: [
    'as2gateway/RJ_ONE/DemoAS2/inbox',
    'as2gateway/RJ_ONE/DemoAS2/outbox',
    'as2gateway/RJ_ONE/DemoAS2/failed',
    'as2gateway/RJ_ONE/BigRetailer/inbox',
    'as2gateway/RJ_ONE/BigRetailer/outbox',
    'as2gateway/RJ_ONE/BigRetailer/failed',
    'as2gateway/RJ_ONE/BigRetailer/test/inbox',
    'as2gateway/RJ_ONE/BigRetailer/test/outbox',
    'as2gateway/RJ_ONE/BigRetailer/test/failed',
  ],
}

/**
 * A local gateway that behaves like the three of DESIGN.md section 1, so Mailroom can be tried
 * with no account anywhere: their folder layouts, key-only login, AS2 Gateway's own port and its
 * 20-connection throttle, sent files taken soon after they land (MFT Gateway only takes direct
 * uploads, never renames, and moves same-name files sent within 6 hours to duplicate/), failures
 * with a reason, and new files arriving in the inboxes. Loopback only; its files live in `dataDir`.
 */
export async function startDemoGateway(options: DemoGatewayOptions): Promise<DemoGateway> {
  const takeAfterMs = options.takeAfterMs ?? 8_000
  const messageQuietMs = options.messageQuietMs ?? 120_000
  const failEvery = options.failEvery ?? 7
  const keys = new Map<string, string[]>()
  const requests: string[] = []
  const taken: DemoTaken[] = []
  const directUploads = new Map<string, number>()
  const sentByName = new Map<string, number>()
  let sentCount = 0
  let arrivals = 0

  const roots = {
    amili: join(options.dataDir, 'amili'),
    mft: join(options.dataDir, 'mft'),
    as2: join(options.dataDir, 'as2'),
  }
  for (const [user, folders] of Object.entries(LAYOUT) as Array<
    [keyof typeof DEMO_USERS, readonly string[]]
  >) {
    for (const folder of folders) await mkdir(join(roots[user], folder), { recursive: true })
    // The folder whose listing the virtualFiles fault fills.
    if (options.faults?.virtualFiles)
      await mkdir(join(roots[user], options.faults.virtualFiles.folder), { recursive: true })
  }

  const account = (
    user: keyof typeof DEMO_USERS,
    extra: Partial<DemoAccount> = {},
  ): DemoAccount => ({
    username: DEMO_USERS[user],
    root: roots[user],
    authorizedKeys: () => keys.get(DEMO_USERS[user]) ?? [],
    refuseSetstat: false,
    ...extra,
  })
  const events: FileServerEvents = {
    onUpload: (who, path) => {
      if (who.username === DEMO_USERS.mft && path.startsWith('AS2/send/'))
        directUploads.set(path, Date.now())
    },
    onRequest: (who, request, path) => void requests.push(`${who.username} ${request} ${path}`),
  }
  const shared = {
    ...(options.hostKey === undefined ? {} : { hostKey: options.hostKey }),
    ...(options.faults ? { faults: options.faults } : {}),
  }
  const server = await startFileServer(
    [account('amili'), account('mft', { refuseSetstat: true })],
    events,
    {
      ...shared,
      ...(options.port === undefined ? {} : { port: options.port }),
    },
  )
  // The same host key on both ports, as one host would have.
  const as2Server = await startFileServer([account('as2')], events, {
    ...shared,
    hostKey: server.hostKeyPrivate,
    ...(options.as2Port === undefined ? {} : { port: options.as2Port }),
    connectionLimit: { perMinute: 20, atOnce: 20 },
  }).catch(async (error: unknown) => {
    await server.stop()
    throw error
  })

  const pgpKeys = options.pgpPartner ? await demoPgpKeysIn(options.dataDir) : undefined
  let encryptedArrivals = 0

  const oldEnough = async (path: string, quietMs: number) =>
    Date.now() - (await stat(path)).mtimeMs >= quietMs

  /** The files of what is taken (a file, or a message folder's files), as they are now. */
  const filesOf = async (path: string) => {
    const info = await stat(path)
    if (!info.isDirectory()) return [{ name: path.split('/').pop() ?? '', size: info.size }]
    const inside = await readdir(path)
    return Promise.all(
      inside.map(async (name) => ({ name, size: (await stat(join(path, name))).size })),
    )
  }

  /**
   * Amili imports what lands in input/; AS2 Gateway sends what lands in an outbox. Hidden files
   * too: neither guide excepts them, so a client's temporary file there is taken like any other.
   */
  const takeFromFolders = async () => {
    for (const name of await readdir(join(roots.amili, 'input'))) {
      const path = join(roots.amili, 'input', name)
      if (await oldEnough(path, takeAfterMs)) {
        taken.push({
          user: 'amili',
          path: `input/${name}`,
          files: await filesOf(path),
          failed: false,
        })
        await rm(path, { recursive: true, force: true })
      }
    }
    for (const outbox of LAYOUT.as2.filter((folder) => folder.endsWith('/outbox'))) {
      for (const name of await readdir(join(roots.as2, outbox))) {
        const path = join(roots.as2, outbox, name)
        const info = await stat(path)
        if (info.isDirectory()) {
          // A message folder is sent two minutes after its last upload.
          const inside = await readdir(path)
          const quiet = await Promise.all(
            inside.map((file) => oldEnough(join(path, file), messageQuietMs)),
          )
          if (inside.length > 0 && quiet.every(Boolean)) await send(path, outbox)
        } else if (await oldEnough(path, takeAfterMs)) {
          await send(path, outbox)
        }
      }
    }
  }

  const send = async (path: string, outbox: string) => {
    sentCount += 1
    const failed = failEvery > 0 && sentCount % failEvery === 0
    taken.push({
      user: 'as2',
      path: `${outbox}/${path.split('/').pop() ?? ''}`,
      files: await filesOf(path),
      failed,
    })
    if (failed) {
      const target = join(roots.as2, dirname(outbox), 'failed', path.split('/').pop() ?? 'file')
      await rename(path, target)
      await writeFile(
        `${target}.reason.txt`,
        'The partner certificate has expired: the message could not be enqueued. (Demo gateway)\n',
      )
    } else {
      await rm(path, { recursive: true, force: true })
    }
  }

  /** MFT Gateway sends direct uploads only, and sets aside a name sent in the last 6 hours. */
  const takeDirectUploads = async () => {
    for (const [path, at] of directUploads) {
      if (Date.now() - at < takeAfterMs) continue
      directUploads.delete(path)
      const full = join(roots.mft, path)
      if (!existsSync(full)) continue
      const [, , station, partner, ...rest] = path.split('/')
      const name = rest.join('/')
      const key = `${station}/${partner}/${name}`
      const duplicate = Date.now() - (sentByName.get(key) ?? -Infinity) < SIX_HOURS
      const target = join(
        roots.mft,
        'AS2',
        duplicate ? 'duplicate' : 'files',
        station ?? '',
        partner ?? '',
        duplicate ? '' : 'outbox',
        name,
      )
      await mkdir(dirname(target), { recursive: true })
      await rename(full, target)
      if (!duplicate) {
        sentByName.set(key, Date.now())
        await writeFile(
          join(roots.mft, 'AS2/raw-mdn/outgoing', `${name}.mdn`),
          `MDN for ${name}: processed (Demo gateway)\n`,
        )
      }
    }
  }

  /** A new file in one of the inboxes, in turn, with names like the real ones. */
  const deliver = async (waitingSince?: Date) => {
    arrivals += 1
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 17)
    const number = String(4000 + arrivals)
    const body = `<?xml version="1.0"?><Invoice><ID>${number}</ID><IssueDate>${new Date().toISOString().slice(0, 10)}</IssueDate></Invoice>\n`
    const where = [
      join(roots.amili, 'pickup', `INVOICE_${number}.xml`),
      join(
        roots.mft,
        'AS2/files/MAILROOM_DEMO/AcmeWholesale/inbox',
        `${stamp}-${randomBytes(2).readUInt16BE()}`,
        `ORDERS_${number}.edi`,
      ),
      join(
        roots.as2,
        'as2gateway/RJ_ONE/DemoAS2/inbox',
        `${stamp}-${randomBytes(2).readUInt16BE()}`,
        `INVOICE-${number}.xml`,
      ),
      join(
        roots.as2,
        'as2gateway/RJ_ONE/BigRetailer/inbox',
        `${stamp}-${randomBytes(2).readUInt16BE()}-DESADV-${number}.edi`,
      ),
      // AS2 Gateway's three inbox layouts: a folder per message, prefixed names, plain names.
      join(roots.as2, 'as2gateway/RJ_ONE/BigRetailer/test/inbox', `INVRPT-${number}.edi`),
    ][arrivals % 5] as string
    await mkdir(dirname(where), { recursive: true })
    await writeFile(
      where,
      where.endsWith('.xml')
        ? body
        : `UNA:+.? 'UNB+UNOC:3+SENDER+MAILROOM+${stamp.slice(2, 8)}:${stamp.slice(8, 12)}+${number}'UNH+1+ORDERS:D:96A:UN'\n`,
    )
    if (waitingSince) await utimes(where, waitingSince, waitingSince)
  }

  /** A file from the OpenPGP partner: an invoice, encrypted and signed, in a message folder. */
  const deliverEncrypted = async (keys: DemoPgpKeys, waitingSince?: Date) => {
    encryptedArrivals += 1
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 17)
    const number = String(7000 + encryptedArrivals)
    // Binary and armored in turn, as partners' programs make either.
    const armored = encryptedArrivals % 2 === 0
    const where = join(
      roots.mft,
      PGP_PARTNER_INBOX,
      `${stamp}-${randomBytes(2).readUInt16BE()}`,
      `INVOIC_${number}.xml${armored ? '.asc' : '.pgp'}`,
    )
    const plain = `<?xml version="1.0"?><Invoice><ID>${number}</ID><Seller>Nordic Retail</Seller></Invoice>\n`
    await mkdir(dirname(where), { recursive: true })
    await writeFile(where, await encryptedBySigningPartner(plain, keys, armored))
    if (waitingSince) await utimes(where, waitingSince, waitingSince)
  }

  // One round at a time, whether the timer or a test started it.
  let running: Promise<void> | undefined
  const tick = () =>
    (running ??= (async () => {
      await takeFromFolders()
      await takeDirectUploads()
    })().finally(() => (running = undefined)))
  const report = options.onError ?? ((error: unknown) => console.error('Demo gateway:', error))
  const timer = setInterval(() => void tick().catch(report), 1_000)
  const arrivalTimer = setInterval(() => {
    void deliver().catch(report)
    // The OpenPGP partner sends one file for every five of the others.
    if (pgpKeys && arrivals % 5 === 1) void deliverEncrypted(pgpKeys).catch(report)
  }, options.arrivalEveryMs ?? 90_000)
  // A few files waiting from the start (since ten minutes ago), so there is something to pick up.
  for (let index = 0; index < 5; index += 1) await deliver(new Date(Date.now() - 10 * 60_000))
  if (pgpKeys)
    for (let index = 0; index < 2; index += 1)
      await deliverEncrypted(pgpKeys, new Date(Date.now() - 10 * 60_000))

  return {
    port: server.port,
    as2Port: as2Server.port,
    portOf: (user) => (user === 'as2' ? as2Server.port : server.port),
    hostKeyPublic: server.hostKeyPublic,
    ...(pgpKeys ? { pgpKeys } : {}),
    requests,
    taken,
    authorize: (username, line) => keys.set(username, [...(keys.get(username) ?? []), line.trim()]),
    tick,
    stop: async () => {
      clearInterval(timer)
      clearInterval(arrivalTimer)
      await Promise.all([server.stop(), as2Server.stop()])
    },
  }
}

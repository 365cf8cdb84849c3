/**
 * `npm run bench`: Mailroom's core against OpenSSH's own `sftp` client, in the same run, on the
 * same loopback sshd: one large file down and up, and many small files down. Prints MiB/s,
 * files/s and Mailroom's peak memory. Numbers, not pass/fail: compare the two columns.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadPrivateKey } from '../src/main/core/keys/load-private-key'
import { silentLogger } from '../src/main/core/logging/logger'
import { openSftpSession } from '../src/main/core/sftp/open-session'
import { remotePath } from '../src/shared/remote-path'
import { startSshd } from '../test/fixtures/sshd-server'

const LARGE_MIB = Number(process.env.BENCH_LARGE_MIB ?? 256)
const SMALL_FILES = Number(process.env.BENCH_SMALL_FILES ?? 200)

const server = await startSshd()
const local = mkdtempSync(join(tmpdir(), 'mailroom-bench-'))
let peakRss = process.memoryUsage().rss
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20)

const time = async (run: () => Promise<unknown> | unknown): Promise<number> => {
  const start = process.hrtime.bigint()
  await run()
  return Number(process.hrtime.bigint() - start) / 1e9
}
const sftpBatch = (commands: string) => {
  const batch = join(local, 'batch.txt')
  writeFileSync(batch, commands)
  execFileSync('sftp', [
    '-q',
    '-b',
    batch,
    '-i',
    server.clientKeyPath,
    '-P',
    String(server.port),
    '-o',
    'StrictHostKeyChecking=no',
    '-o',
    'UserKnownHostsFile=/dev/null',
    '-o',
    'LogLevel=ERROR',
    `${server.username}@${server.host}`,
  ])
}

try {
  const session = await openSftpSession({
    host: server.host,
    port: server.port,
    username: server.username,
    privateKey: await loadPrivateKey(server.clientKeyPath),
    logger: silentLogger,
    verifyHostKey: async () => true,
  })
  const large = randomBytes(LARGE_MIB * 1024 * 1024)
  server.writeFile('pickup/large.bin', large)
  writeFileSync(join(local, 'large-up.bin'), large)
  for (let index = 0; index < SMALL_FILES; index += 1)
    server.writeFile(`AS2/files/RJ_ONE/DemoMFT/inbox/small-${index}.edi`, randomBytes(10 * 1024))

  const rows: Array<[string, number, number, string]> = []
  const mailroomDown = await time(() =>
    session.download(remotePath.parse('pickup/large.bin'), join(local, 'large-mailroom.bin')),
  )
  const opensshDown = await time(() =>
    sftpBatch(`get pickup/large.bin ${join(local, 'large-openssh.bin')}\n`),
  )
  rows.push([
    `download ${LARGE_MIB} MiB`,
    LARGE_MIB / mailroomDown,
    LARGE_MIB / opensshDown,
    'MiB/s',
  ])

  const mailroomUp = await time(() =>
    session.upload(join(local, 'large-up.bin'), remotePath.parse('input/large-mailroom.bin')),
  )
  const opensshUp = await time(() =>
    sftpBatch(`put ${join(local, 'large-up.bin')} input/large-openssh.bin\n`),
  )
  rows.push([`upload ${LARGE_MIB} MiB`, LARGE_MIB / mailroomUp, LARGE_MIB / opensshUp, 'MiB/s'])

  const smallDir = mkdtempSync(join(local, 'small-'))
  const mailroomSmall = await time(async () => {
    const entries = await session.list(remotePath.parse('AS2/files/RJ_ONE/DemoMFT/inbox'))
    for (const entry of entries) await session.download(entry.path, join(smallDir, entry.name))
  })
  const opensshDir = mkdtempSync(join(local, 'small-openssh-'))
  const opensshSmall = await time(() =>
    sftpBatch(`get AS2/files/RJ_ONE/DemoMFT/inbox/* ${opensshDir}/\n`),
  )
  rows.push([
    `download ${SMALL_FILES} x 10 KiB, one after another`,
    SMALL_FILES / mailroomSmall,
    SMALL_FILES / opensshSmall,
    'files/s',
  ])
  session.close()

  const version = spawnSync('ssh', ['-V'], { encoding: 'utf8' }).stderr.trim()
  console.log(`\nMailroom core vs OpenSSH sftp (${version}) on 127.0.0.1\n`)
  console.log('| case | Mailroom | OpenSSH sftp | unit |')
  console.log('|---|---|---|---|')
  for (const [name, ours, theirs, unit] of rows)
    console.log(`| ${name} | ${ours.toFixed(1)} | ${theirs.toFixed(1)} | ${unit} |`)
  console.log(
    `\nMailroom peak RSS during the run: ${(peakRss / 1024 / 1024).toFixed(0)} MiB (includes the ${LARGE_MIB} MiB test buffer)`,
  )
} finally {
  clearInterval(sampler)
  await server.stop()
  rmSync(local, { recursive: true, force: true })
}

/**
 * The tools Mailroom is measured against, run as a person would: OpenSSH's `sftp -b` (a batch:
 * get then rm for a pickup, put for a send, ls for a listing), rclone (`move`, `copy`, `lsf`,
 * its defaults), configured only by environment variables, and lftp's `mirror` tuned to 8
 * transfers at once (the project's standards ask for it). Each also has a connect measurement
 * (an empty batch; a listing of an empty folder) to subtract from its times, as Mailroom's time
 * starts once its session is open.
 */
import { execFile } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Target } from './mailroom-driver'

export type PeerOperation =
  | { readonly kind: 'pickup'; readonly remoteFolder: string; readonly localFolder: string }
  | { readonly kind: 'send'; readonly localFolder: string; readonly remoteFolder: string }
  | { readonly kind: 'list'; readonly remoteFolder: string }
  | { readonly kind: 'connect'; readonly emptyFolder: string }

/** The tools Mailroom is compared with, as the report names them. */
export type PeerName = 'OpenSSH' | 'rclone' | 'lftp'

export interface Peer {
  readonly name: PeerName
  /** Runs the operation; resolves with its output (a listing) once the tool has exited. */
  run(target: Target, keyPath: string, operation: PeerOperation): Promise<string>
  /** How many entries a listing's output names: the bench checks every one was read. */
  countEntries(listing: string): number
}

const nonEmptyLines = (output: string) =>
  output.split('\n').filter((line) => line.trim() !== '').length

const exec = (command: string, args: string[], env?: NodeJS.ProcessEnv) =>
  new Promise<string>((resolve, reject) => {
    execFile(
      command,
      args,
      { env: env ?? process.env, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) =>
        error
          ? reject(new Error(`${command} ${args.join(' ')}: ${error.message} ${stderr}`))
          : resolve(stdout),
    )
  })

/** OpenSSH's own client in batch mode; any failing command fails the run (no `-` prefixes). */
export function openssh(scratch: string): Peer {
  let batches = 0
  return {
    name: 'OpenSSH',
    run: (target, keyPath, operation) => {
      const commands =
        operation.kind === 'pickup'
          ? [
              `get ${operation.remoteFolder}/* ${operation.localFolder}/`,
              `rm ${operation.remoteFolder}/*`,
            ]
          : operation.kind === 'send'
            ? [`put ${operation.localFolder}/* ${operation.remoteFolder}/`]
            : operation.kind === 'list'
              ? [`ls -l ${operation.remoteFolder}`]
              : []
      batches += 1
      const batch = join(scratch, `batch-${batches}.txt`)
      writeFileSync(batch, commands.map((command) => `${command}\n`).join(''))
      return exec('sftp', [
        '-q',
        '-b',
        batch,
        '-i',
        keyPath,
        '-P',
        String(target.port),
        '-o',
        'StrictHostKeyChecking=no',
        '-o',
        'UserKnownHostsFile=/dev/null',
        '-o',
        'LogLevel=ERROR',
        `${target.username}@${target.host}`,
      ])
    },
    // `ls -l` prints one line per file starting with its mode.
    countEntries: (listing) => listing.split('\n').filter((line) => line.startsWith('-')).length,
  }
}

/**
 * rclone's SFTP backend as a remote named GW from environment variables alone. shell_type none:
 * a chrooted SFTP-only login has no shell for remote hashing, so rclone checks sizes only.
 */
export function rclone(): Peer {
  return {
    name: 'rclone',
    run: (target, keyPath, operation) => {
      const env = {
        ...process.env,
        RCLONE_CONFIG: '/dev/null',
        RCLONE_CONFIG_GW_TYPE: 'sftp',
        RCLONE_CONFIG_GW_HOST: target.host,
        RCLONE_CONFIG_GW_PORT: String(target.port),
        RCLONE_CONFIG_GW_USER: target.username,
        RCLONE_CONFIG_GW_KEY_FILE: keyPath,
        RCLONE_CONFIG_GW_SHELL_TYPE: 'none',
      }
      const args =
        operation.kind === 'pickup'
          ? ['move', `GW:${operation.remoteFolder}`, operation.localFolder]
          : operation.kind === 'send'
            ? ['copy', operation.localFolder, `GW:${operation.remoteFolder}`]
            : operation.kind === 'list'
              ? ['lsf', `GW:${operation.remoteFolder}`]
              : ['lsf', `GW:${operation.emptyFolder}`]
      return exec('rclone', ['-q', ...args], env)
    },
    countEntries: nonEmptyLines,
  }
}

/** How many files lftp's mirror moves at once: the standards' tuning for this comparison. */
export const LFTP_PARALLEL = 8

/**
 * lftp over SFTP, a script a run: `mirror` (with `--Remove-source-files` for a pickup, `-R` for
 * a send) at 8 transfers at once, `cls -1` for a listing. It speaks SFTP through the ssh program
 * it is given, so the bench's key goes there; `-u USER,` gives an empty password so it never
 * prompts, `cmd:fail-exit` makes any failing command fail the run, and `net:max-retries 1`
 * (lftp's 0 means for ever) stops it from retrying a failure out of sight. lftp does not report
 * a source it failed to remove; the bench's own check of the server's folder catches that.
 */
export function lftp(scratch: string): Peer {
  let scripts = 0
  return {
    name: 'lftp',
    run: (target, keyPath, operation) => {
      const command =
        operation.kind === 'pickup'
          ? `mirror --Remove-source-files --parallel=${LFTP_PARALLEL} ${operation.remoteFolder} ${operation.localFolder}`
          : operation.kind === 'send'
            ? `mirror -R --parallel=${LFTP_PARALLEL} ${operation.localFolder} ${operation.remoteFolder}`
            : operation.kind === 'list'
              ? `cls -1 ${operation.remoteFolder}`
              : `cls -1 ${operation.emptyFolder}`
      const ssh = [
        'ssh -a -x',
        `-i ${keyPath}`,
        '-o StrictHostKeyChecking=no',
        '-o UserKnownHostsFile=/dev/null',
        '-o BatchMode=yes',
        '-o LogLevel=ERROR',
      ].join(' ')
      scripts += 1
      const script = join(scratch, `lftp-${scripts}.lftp`)
      writeFileSync(
        script,
        [
          'set cmd:fail-exit yes',
          'set net:max-retries 1',
          `set sftp:connect-program "${ssh}"`,
          `open -u ${target.username}, -p ${target.port} sftp://${target.host}`,
          command,
        ]
          .map((line) => `${line}\n`)
          .join(''),
      )
      return exec('lftp', ['-f', script])
    },
    // `cls -1 FOLDER` prints one `FOLDER/name` a line.
    countEntries: nonEmptyLines,
  }
}

import type { RemotePath } from '../../../../shared/remote-path'
import { MailroomError, translateLocalError } from '../../errors'
import type { SftpSession } from '../../sftp/sftp-session'
import { BlockPipeline, moveInRequests } from './block-pipeline'
import { openLocalFile } from './local-file'
import { garbagePacer } from './garbage-pacer'
import { throwIfCancelled, type TransferControl } from './transfer-control'
import { planTransfer } from './transfer-budget'

/**
 * Writes the local file to `remotePath` (created or truncated) with requests pipelined, and
 * returns how many bytes were sent. Sends no SETSTAT: S3-backed gateways refuse it and some
 * report a good upload as failed. Always on the session's own channel, one handle, writes in
 * file order: an S3-backed server (AWS Transfer Family) warns that one file written over several
 * connections at once "can fail in unpredictable ways", and a watcher there could see a file
 * with holes.
 */
export async function uploadFile(
  session: SftpSession,
  localPath: string,
  remotePath: RemotePath,
  control: TransferControl = {},
): Promise<number> {
  const local = await openLocalFile(localPath, 'r', 'read')
  try {
    const { size } = await local.stat().catch((error: unknown) => {
      throw translateLocalError(error, 'read', localPath)
    })
    throwIfCancelled(control.signal)
    const handle = await session.open(remotePath, 'w')
    try {
      const plan = planTransfer('upload', session.limits.writeBytes, 1, session.conservative)
      let done = 0
      const pipeline: BlockPipeline = new BlockPipeline({
        start: 0,
        size,
        blockBytes: plan.blockBytes,
        buffers: plan.buffers,
        ...(control.signal ? { signal: control.signal } : {}),
        fill: async (block) => {
          const { bytesRead } = await local
            .read(block.buffer, 0, block.length, block.position)
            .catch((error: unknown) => {
              throw translateLocalError(error, 'read', localPath)
            })
          if (bytesRead !== block.length) {
            throw new MailroomError(
              'local-io',
              `${localPath} changed while it was being sent. Send it again once it is complete.`,
            )
          }
        },
        moved: (block) => {
          garbagePacer.paceFor(block.length)
          pipeline.release(block)
          done += block.length
          control.onProgress?.(done, size)
        },
      })
      pipeline.addLane({
        blocks: plan.blocksPerLane,
        move: (block) =>
          moveInRequests(block, plan.requestBytes, async (offset, length) => {
            await session.write(handle, block.buffer, offset, length, block.position + offset)
            return length
          }),
      })
      await pipeline.done()
      control.onProgress?.(size, size)
    } finally {
      await session.closeFile(handle)
    }
    return size
  } finally {
    await local.close()
  }
}

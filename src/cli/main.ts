import { realpathSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { runMailroomCommand } from './run-command'

export { runMailroomCommand }

/**
 * The `mailroom` command's plain-Node entry point (`npm run mailroom`). Importing this module
 * runs nothing: only when Node started it as the program does it read the command line.
 */
function isEntryPoint(argv1: string | undefined): boolean {
  if (argv1 === undefined) return false
  try {
    return realpathSync(argv1) === realpathSync(fileURLToPath(import.meta.url))
  } catch {
    // argv[1] names no file (a REPL, `node -e`): this module is not the program.
    return false
  }
}

if (isEntryPoint(process.argv[1]))
  process.exitCode = await runMailroomCommand(process.argv.slice(2))

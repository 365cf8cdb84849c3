import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * scripts/check-windows-agents.mjs, which the build workflow runs on the Windows app: how it
 * reads the packaged command's run (the run itself needs Windows and the packaged app).
 */
type AgentsChecker = {
  pageantProblems: (run: { status: number | null; stdout: string; stderr: string }) => string[]
}
const checker = () => import(resolve('scripts/check-windows-agents.mjs')) as Promise<AgentsChecker>

describe('check-windows-agents', () => {
  const run = (status: number, stderr: string) => ({ status, stdout: '', stderr })

  it('passes the run where pagent.exe started and found no Pageant', async () => {
    const { pageantProblems } = await checker()
    expect(
      pageantProblems(
        run(
          4,
          "mailroom: No SSH agent answered (Windows' OpenSSH agent (the ssh-agent service): Failed to connect to agent; Pageant: Pageant is not running). Start your agent and add your key to it, then connect again.",
        ),
      ),
    ).toEqual([])
  })

  it('fails the run where the packaged app could not start the helper', async () => {
    const { pageantProblems } = await checker()
    const problems = pageantProblems(
      run(
        4,
        "mailroom: No SSH agent answered (Pageant: Pageant's helper C:\\app\\resources\\app.asar\\node_modules\\ssh2\\util\\pagent.exe could not be started: spawn ENOTDIR).",
      ),
    )
    expect(problems[0]).toMatch(/^the packaged app could not start pagent\.exe/)
  })

  it('fails a run that says something else, or ends otherwise than exit 4', async () => {
    const { pageantProblems } = await checker()
    expect(pageantProblems(run(0, 'all done'))).toEqual([
      'mailroom check did not say "Pageant: Pageant is not running"; it printed:\nall done',
      'mailroom check exited 0, not 4 (cannot log in)',
    ])
  })
})

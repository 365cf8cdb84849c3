// Adds up the JSON reports of vitest and Playwright into one closing line that any CI can read.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const [folder = 'test-results', seconds = '?'] = process.argv.slice(2)
const read = (name) => {
  const path = join(folder, name)
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined
}

let passed = 0
let failed = 0
let skipped = 0
const lines = []
for (const name of ['unit', 'integration']) {
  const report = read(`${name}.json`)
  if (!report) {
    lines.push(`${name}: no report (the stage did not run)`)
    failed += 1
    continue
  }
  passed += report.numPassedTests
  failed += report.numFailedTests
  skipped += report.numPendingTests + report.numTodoTests
  lines.push(
    `${name}: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numPendingTests} skipped`,
  )
}
const e2e = read('e2e-report.json')
if (e2e) {
  const { expected, unexpected, skipped: e2eSkipped, flaky } = e2e.stats
  passed += expected + flaky
  failed += unexpected
  skipped += e2eSkipped
  lines.push(`e2e: ${expected + flaky} passed, ${unexpected} failed, ${e2eSkipped} skipped`)
} else {
  lines.push('e2e: no report (the stage did not run)')
  failed += 1
}
for (const line of lines) console.log(line)
console.log(`Suite wall time: ${seconds} s`)
console.log(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`)
process.exit(failed > 0 ? 1 : 0)

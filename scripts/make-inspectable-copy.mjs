// Copies a built, unpacked app and turns its --inspect fuse back on in the copy only, for
// Playwright: _electron.launch() drives the main process through the Node inspector, which the
// shipped app refuses (EnableNodeCliInspectArguments off). Signal Desktop's release test runs on
// a build with that one fuse on, as this copy has; everything else is the shipped app, checked
// by scripts/check-packaged-app.mjs first. The installers are never made from the copy.
//
//   node scripts/make-inspectable-copy.mjs <unpacked app folder> <copy folder>
//
// Prints the copy's executable, and on GitHub Actions writes it to the step's outputs.
import { appendFileSync, cpSync, existsSync, rmSync } from 'node:fs'
import { relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { FuseV1Options, FuseVersion, flipFuses } from '@electron/fuses'
import { locate } from './check-packaged-app.mjs'

/** Copies `from` to `to` (replacing it), flips the inspect fuse there; returns the copy's parts. */
export async function makeInspectableCopy(from, to) {
  const source = locate(from)
  if (!source.fuseTarget || !source.executable) throw new Error(`no Electron executable in ${from}`)
  rmSync(to, { recursive: true, force: true })
  // verbatimSymlinks: a macOS framework's Versions/Current links must stay links.
  cpSync(resolve(from), resolve(to), { recursive: true, verbatimSymlinks: true })
  const copy = locate(to)
  await flipFuses(copy.fuseTarget, {
    version: FuseVersion.V1,
    [FuseV1Options.EnableNodeCliInspectArguments]: true,
    // The copy's signature no longer matches; an ad-hoc one lets it start on any Mac.
    resetAdHocDarwinSignature: copy.platform === 'darwin',
  })
  return copy
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [from, to] = process.argv.slice(2)
  if (!from || !to || !existsSync(from)) {
    console.error(
      'usage: node scripts/make-inspectable-copy.mjs <unpacked app folder> <copy folder>',
    )
    process.exit(2)
  }
  const { executable } = await makeInspectableCopy(from, to)
  console.log(`inspectable copy of ${relative('.', resolve(from))}: executable=${executable}`)
  if (process.env.GITHUB_OUTPUT)
    appendFileSync(process.env.GITHUB_OUTPUT, `executable=${executable}\n`)
}

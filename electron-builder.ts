// The installers' configuration, read by electron-builder (`npm run dist`).
//
// Why a TypeScript file and not electron-builder.yml: electron-builder finds `electron-builder.ts`
// by itself (as Element's `electron-builder.ts`), the type checker holds every key to
// electron-builder's own `Configuration` type, comments can say why, and notarisation can
// depend on the environment as Tabby's build script does. The test
// (test/main/packaging/builder-config.test.ts) imports this very file.
import type { Configuration } from 'electron-builder'

/**
 * Whether the environment holds a complete set of Apple notarisation credentials, in one of the
 * three forms electron-builder (through @electron/notarize) reads. Without one, a Mac build is
 * left un-notarised instead of failing, so a build on a developer's Mac or on a fork's CI without
 * the secrets still works (as Tabby notarises only when APPLE_TEAM_ID is set).
 */
export function notarizeCredentialsPresent(env: NodeJS.ProcessEnv): boolean {
  const all = (...names: string[]) => names.every((name) => Boolean(env[name]))
  return (
    all('APPLE_API_KEY', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER') ||
    all('APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID') ||
    all('APPLE_KEYCHAIN_PROFILE')
  )
}

/** The configuration for the given environment; the default export uses the process's. */
export function builderConfig(env: NodeJS.ProcessEnv): Configuration {
  return {
    appId: 'com.mailroom.app',
    // Only the installers' names and the OS's labels. The packaged package.json keeps `name`
    // "mailroom" and gets no `productName` (no extraMetadata), so app.getName(), and with it the
    // userData folder, stays "mailroom" as src/cli/data-folder.ts expects.
    productName: 'Mailroom',
    copyright: 'Copyright © Mailroom contributors',
    directories: { output: 'dist', buildResources: 'resources' },
    // One name pattern for every target, with OS and architecture, so that the two macOS DMGs
    // and the other runners' artifacts never overwrite each other in one release.
    artifactName: '${productName}-${version}-${os}-${arch}.${ext}',

    // The built app and nothing else: electron-vite's output, and package.json for `main`.
    // electron-builder adds the production dependencies' node_modules on its own.
    files: [
      'out/**',
      'package.json',
      '!**/*.map',
      // ssh2's optional crypto binding and cpu-features are NAN addons that npm ci compiles for
      // Node's ABI (137 for Node 24), which Electron 45 (ABI 154) refuses to load; rebuilt for
      // Electron, sshcrypto.node calls OpenSSL symbols that Electron's BoringSSL lacks and the
      // app dies on connect (mscdex/ssh2 #1182). ssh2 falls back to Node's crypto without them
      // (both requires are in try/catch), so they are left out rather than shipped dead.
      '!**/node_modules/ssh2/lib/protocol/crypto/{build,src}/**',
      '!**/node_modules/ssh2/lib/protocol/crypto/binding.gyp',
      '!**/node_modules/cpu-features/**',
      '!**/node_modules/nan/**',
    ],
    asar: true,
    // A native module cannot be loaded from inside app.asar. Every .node file is unpacked
    // (were ssh2's bindings ever shipped, they would be too), which today are @napi-rs/keyring's
    // and @napi-rs/xattr's prebuilt binary packages; those are named as well, so that they stay
    // unpacked whatever their binaries are called.
    //
    // ssh2 reaches Pageant by starting its own util/pagent.exe, and no program can be started
    // from inside app.asar: it is unpacked too, and core/sftp/pageant-agent.ts starts it there.
    asarUnpack: [
      '**/*.node',
      '**/node_modules/@napi-rs/keyring-*/**',
      '**/node_modules/@napi-rs/xattr-*/**',
      '**/node_modules/ssh2/util/pagent.exe',
    ],
    // No rebuild for Electron: @napi-rs/keyring and @napi-rs/xattr are N-API and prebuilt, so they load in Electron
    // as it is; node:sqlite is built in; the NAN addons above are not shipped, and a rebuild of
    // sshcrypto would crash the app (see above).
    npmRebuild: false,
    buildDependenciesFromSource: false,
    // Fuses are flipped by the hook, not electron-builder's `electronFuses`, so that every fuse
    // of the wire must be decided (strictlyRequireAllFuses) and the built binary is checked.
    afterPack: './scripts/after-pack.mjs',
    // Releases are drafted by the workflow from the uploaded artifacts, never by electron-builder.
    publish: null,

    win: {
      target: [{ target: 'nsis', arch: ['x64'] }],
      icon: 'resources/icon.ico',
      // The `mailroom` command for scripts and Task Scheduler, beside Mailroom.exe
      // (docs/automation.md: why a launcher, not `Mailroom.exe --cli` typed by hand).
      extraFiles: [{ from: 'src/cli/launchers/mailroom.cmd', to: 'mailroom.cmd' }],
    },
    nsis: {
      // electron-builder's per-user defaults, spelled out: installs into the user's
      // %LOCALAPPDATA%\Programs with no administrator rights and never asks for them.
      oneClick: true,
      perMachine: false,
      allowElevation: false,
      createStartMenuShortcut: true,
      createDesktopShortcut: true,
      shortcutName: 'Mailroom',
      uninstallDisplayName: 'Mailroom',
      // The uninstaller removes the program, never the person's profiles, keys, pickup journal
      // and history in userData: files may still be waiting to be picked up.
      deleteAppDataOnUninstall: false,
    },

    mac: {
      target: [{ target: 'dmg', arch: ['arm64', 'x64'] }],
      icon: 'resources/icon.icns',
      category: 'public.app-category.business',
      hardenedRuntime: true,
      // Our own notarisation check (spctl) runs in the workflow instead.
      gatekeeperAssess: false,
      entitlements: 'resources/entitlements.mac.plist',
      entitlementsInherit: 'resources/entitlements.mac.inherit.plist',
      notarize: notarizeCredentialsPresent(env),
      // The `mailroom` command for launchd and cron, in Contents/Resources, to link onto the PATH.
      extraResources: [{ from: 'src/cli/launchers/mailroom', to: 'mailroom' }],
    },
    dmg: { title: '${productName} ${version}' },

    linux: {
      target: [
        { target: 'AppImage', arch: ['x64'] },
        { target: 'deb', arch: ['x64'] },
      ],
      // A folder of <size>x<size>.png, made by scripts/make-icons.mjs.
      icon: 'resources/icons',
      category: 'Network',
      synopsis: 'SFTP client for B2B mailbox gateways',
      // The deb needs a maintainer; its homepage comes from the git remote (as on CI).
      maintainer: 'Mailroom contributors',
      // The `mailroom` command for cron, in /opt/Mailroom/resources (the AppImage has no place
      // to link from: it is run as `Mailroom-<version>-linux-x86_64.AppImage --cli -- <command>`;
      // the deb links /usr/bin/mailroom to the app itself, so docs/automation.md links this one
      // as /usr/local/bin/mailroom).
      extraResources: [{ from: 'src/cli/launchers/mailroom', to: 'mailroom' }],
    },
  }
}

export default builderConfig(process.env)

import { defineConfig } from '@playwright/test'

/** End-to-end tests drive the real UI in Debian's Chromium through the web bridge. */
export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results/e2e',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  workers: 1,
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e-report.json' }]],
  // The suite runs against OpenSSH's sshd and again against the demo gateway's own SFTP server
  // (test/fixtures/e2e-server.ts). The demo gateway's own test and the Electron one run once.
  projects: [
    {
      name: 'openssh',
      metadata: { server: 'openssh' },
      testIgnore: ['**/demo-gateway.spec.ts', '**/accessibility.spec.ts'],
    },
    {
      name: 'demo-server',
      metadata: { server: 'demo' },
      testIgnore: [
        '**/demo-gateway.spec.ts',
        '**/accessibility.spec.ts',
        '**/electron-smoke.spec.ts',
      ],
    },
    // The demo gateway as `npm run demo` starts it, with its own profiles and behaviour; the
    // accessibility check walks its screens, which show every kind of mailbox.
    { name: 'demo-gateway', testMatch: ['**/demo-gateway.spec.ts', '**/accessibility.spec.ts'] },
  ],
  use: {
    browserName: 'chromium',
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      // As seen on this machine: without the background-networking flags, Chromium keeps
      // dialling hosts the closed network refuses. --no-sandbox is needed as root.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    trace: 'retain-on-failure',
  },
})

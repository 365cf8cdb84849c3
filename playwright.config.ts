import { defineConfig } from '@playwright/test'

// Specs that need the demo gateway's own profiles and mailboxes: they run in its project only.
const DEMO_GATEWAY_SPECS = [
  '**/demo-gateway.spec.ts',
  '**/app-commands.spec.ts',
  '**/session-log.spec.ts',
  '**/accessibility.spec.ts',
]

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
      testIgnore: DEMO_GATEWAY_SPECS,
    },
    {
      name: 'demo-server',
      metadata: { server: 'demo' },
      // Logging in starts servers of its own (passwords, questions, a proxy): once is enough.
      testIgnore: [...DEMO_GATEWAY_SPECS, '**/electron-smoke.spec.ts', '**/logging-in.spec.ts'],
    },
    // The demo gateway as `npm run demo` starts it, with its own profiles and behaviour; the
    // accessibility check walks its screens, which show every kind of mailbox.
    { name: 'demo-gateway', testMatch: DEMO_GATEWAY_SPECS },
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

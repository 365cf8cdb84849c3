import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          // Vitest's default is one worker fewer than the cores: one on CI's two, which ran the
          // unit tests one file at a time (210 s, 127 s of it tests). They share nothing (own
          // temp folders, no servers), so both cores run them.
          maxWorkers: 2,
          include: [
            'test/main/**/*.test.ts',
            'test/shared/**/*.test.ts',
            'test/renderer/**/*.test.ts',
            'test/cli/**/*.test.ts',
          ],
          environment: 'node',
          // Key tests run real ssh-keygen and puttygen: RSA-4096 generation alone took 5.6 s on a loaded run.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
    ],
  },
})

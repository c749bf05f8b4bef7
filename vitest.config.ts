import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Test tiers, named by file suffix so a file's tier is visible in its name:
//   *.test.ts      pure unit tests (domain core, CLI parsing, renderers) — no database
//   *.db.test.ts   storage / service / HTTP tests, run twice: on the embedded database and on the PostgreSQL server
//   *.e2e.test.ts  the built app driven in headless Chromium
const unitExclude = ['**/*.db.test.ts', '**/*.e2e.test.ts', 'node_modules/**', 'dist/**'];

export default defineConfig({
  test: {
    reporters: ['default', './test/support/closing-line-reporter.ts'],
    // Vitest's default for a run is one worker fewer than the cores: on the two-core CI machine, one, so every file ran
    // after the other. Most of a database or browser test's time is spent waiting on PostgreSQL or Chromium (other
    // processes), so three files at a time keep both cores busy.
    maxWorkers: Math.max(3, availableParallelism() - 1),
    // Every project sets `isolate: false`: a worker imports the app's modules once and runs file after file with them,
    // instead of importing them again for each file (on this machine about half of a database file's time was spent
    // importing). Files share no data through modules: each has its own database, org and ports, and a test that
    // stubs something (timers, fetch, a module's token) restores it in a finally or an afterEach.

    projects: [
      {
        test: {
          name: 'unit',
          isolate: false,
          include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
          exclude: unitExclude,
        },
      },
      {
        test: {
          name: 'embedded',
          isolate: false,
          include: ['src/**/*.db.test.ts', 'test/**/*.db.test.ts'],
          globalSetup: ['./test/support/global-db-setup.ts'],
          env: { PULSE_TEST_DB: 'embedded' },
          hookTimeout: 60_000,
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'server',
          isolate: false,
          include: ['src/**/*.db.test.ts', 'test/**/*.db.test.ts'],
          globalSetup: ['./test/support/global-db-setup.ts'],
          env: { PULSE_TEST_DB: 'server' },
          hookTimeout: 60_000,
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'browser',
          isolate: false,
          include: ['test/e2e/**/*.e2e.test.ts'],
          globalSetup: ['./test/support/global-db-setup.ts'],
          env: { PULSE_TEST_DB: 'embedded' },
          // Two files at a time: a browser test spends most of its time waiting on Chromium and the app (about 0.6 of
          // a core per file, measured here). `npm test` runs this tier in its own vitest process beside the others
          // (scripts/test.mjs); in a plain `vitest run` of every project, the later group order makes it run last.
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
          hookTimeout: 120_000,
          testTimeout: 120_000,
        },
      },
    ],
  },
});

import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { postgresReachable } from './test/support/database';

const root = fileURLToPath(new URL('.', import.meta.url));

/** Needs PostgreSQL whichever database the servers use. */
const POSTGRES_ONLY = 'test/integration/postgres.test.ts';

/**
 * The integration files run again on PostgreSQL: together they reach every
 * module of server/db/ (docs/OPERATIONS.md, PostgreSQL).
 */
const ON_POSTGRES = [
  'alerts',
  'alerts-restart',
  'alert-escalation',
  'alert-rules',
  'bridge',
  'fleet-settings',
  'history',
  'isolation',
  'keys',
  'notify-rest',
  'notify-webhooks',
  'ops',
  'rest',
  'restart',
  'sources-gtfs',
  'sources-http',
  'sources-osmand',
  'tracks',
  'wall-tokens',
].map((name) => `test/integration/${name}.test.ts`);

// Outside CI a machine without PostgreSQL runs only postgres.test.ts,
// which then skips itself saying why; in CI every file runs, and fails.
const skipPostgres = process.env['CI'] !== 'true' && !(await postgresReachable());

const integration = {
  environment: 'node' as const,
  testTimeout: 30_000,
  hookTimeout: 30_000,
  // Each file starts its own servers; one at a time keeps 2 cores calm.
  fileParallelism: false,
};

export default defineConfig({
  resolve: { alias: { '@': root } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          exclude: [POSTGRES_ONLY],
          ...integration,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration-pg',
          include: skipPostgres ? [POSTGRES_ONLY] : [POSTGRES_ONLY, ...ON_POSTGRES],
          env: { TEST_DATABASE: 'postgres' },
          ...integration,
        },
      },
    ],
  },
});

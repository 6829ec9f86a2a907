import { defineConfig } from 'vitest/config';

// Every database-backed test runs twice: on embedded PGlite and on a PostgreSQL server.
// The server project runs when TRYGG_TEST_DATABASE_URL names one (CI always sets it).
const dbTests = ['test/integration/**/*.test.ts', 'src/**/*.db.test.ts'];
const withServer = Boolean(process.env.TRYGG_TEST_DATABASE_URL);
if (!withServer) {
  console.warn('[trygg] TRYGG_TEST_DATABASE_URL is not set: database tests run on PGlite only.');
}

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'bench/**/*.test.ts', 'console/src/**/*.test.ts'],
          exclude: ['src/**/*.db.test.ts'],
        },
      },
      {
        extends: true,
        test: { name: 'pglite', include: dbTests, env: { TRYGG_TEST_DRIVER: 'pglite' } },
      },
      ...(withServer
        ? [{ extends: true as const, test: { name: 'postgres', include: dbTests, env: { TRYGG_TEST_DRIVER: 'postgres' } } }]
        : []),
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

import type { Command } from 'commander';
import { readEnv } from '../config/env.js';
import { migrate } from '../storage/migrate.js';
import { openRuntime } from '../server/runtime.js';
import { startServer } from '../server/start.js';

export function registerServerCommands(program: Command): void {
  program
    .command('start')
    .description('Start the Trygg server (API, console, jobs) with the configuration from the environment')
    .action(async () => {
      const server = await startServer(readEnv());
      console.log(`Trygg listening on ${server.url} (console: ${server.url}/console, API reference: ${server.url}/docs)`);
    });

  program
    .command('migrate')
    .description('Apply pending database migrations and exit')
    .action(async () => {
      const runtime = await openRuntime(readEnv());
      // openRuntime already migrated; run again to report the state.
      const result = await migrate(runtime.database);
      console.log(`Migrations: ${result.total} known, all applied${result.applied.length ? ` (applied now: ${result.applied.join(', ')})` : ''}.`);
      await runtime.close();
    });
}

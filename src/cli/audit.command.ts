import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { readEnv } from '../config/env.js';
import { openRuntime } from '../server/runtime.js';

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('The moderation event log');
  audit
    .command('verify')
    .description('Check the hash chain of the moderation event log; names the first broken row')
    .action(async () => {
      const runtime = await openRuntime(readEnv());
      try {
        const { rows } = await runtime.database.executeSql('SELECT count(*)::int AS n FROM moderation_events');
        const total = Number(rows[0]?.n ?? 0);
        const bar = process.stderr.isTTY ? new SingleBar({ format: 'verifying |{bar}| {value}/{total} events' }, Presets.shades_classic) : undefined;
        bar?.start(total, 0);
        const result = await runtime.services.audit.verify((checked) => bar?.update(checked));
        bar?.stop();
        if (result.ok) {
          console.log(`Audit chain intact: ${result.checked} events verified.`);
        } else {
          const broken = result.firstBroken!;
          console.error(`Audit chain BROKEN at event seq ${broken.seq} (id ${broken.id}): ${broken.reason}. ${result.checked} events before it are intact.`);
          process.exitCode = 2;
        }
      } finally {
        await runtime.close();
      }
    });
}

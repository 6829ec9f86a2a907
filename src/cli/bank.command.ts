import { Presets, SingleBar } from 'cli-progress';
import { Option, type Command } from 'commander';
import { readEnv } from '../config/env.js';
import { bankActions, bankKinds, type BankAction, type BankKind } from '../modules/media/banks.service.js';
import type { BankFormat } from '../modules/media/bank-formats.js';
import { openRuntime } from '../server/runtime.js';

const cli = { type: 'system', id: 'cli' } as const;

export function registerBankCommands(program: Command): void {
  const bank = program.command('bank').description('Hash banks for known-image matching');

  bank
    .command('create')
    .description('Create a hash bank')
    .argument('<name>', 'the bank name, e.g. "ncmec-2026-11"')
    .addOption(new Option('--kind <kind>', 'what the list is').choices([...bankKinds]).makeOptionMandatory())
    .addOption(new Option('--action <action>', 'what a match does (default by kind)').choices([...bankActions]))
    .option('--threshold <n>', 'PDQ distance that counts as a match', (v) => Number(v))
    .action(async (name: string, options: { kind: BankKind; action?: BankAction; threshold?: number }) => {
      const runtime = await openRuntime(readEnv());
      try {
        const created = await runtime.services.media.banks.create(cli, { name, kind: options.kind, action: options.action, pdqThreshold: options.threshold });
        console.log(`Bank "${created.name}" created (${created.kind}, on a match: ${created.action}, PDQ distance ≤ ${created.pdqThreshold}).`);
      } finally {
        await runtime.close();
      }
    });

  bank
    .command('import')
    .description('Import a hash file into a bank; an interrupted import of the same file resumes where it stopped')
    .argument('<file>', 'one hex hash a line; or csv hash,type,label; or StopNCII records (JSON lines or csv with status)')
    .requiredOption('--bank <name>', 'the bank to import into')
    .addOption(new Option('--format <format>', 'the file format (default: detected)').choices(['plain', 'csv', 'stopncii']))
    .addOption(new Option('--type <type>', 'what a 64-digit line of a plain file is').choices(['pdq', 'sha256']).default('pdq'))
    .action(async (file: string, options: { bank: string; format?: BankFormat; type: 'pdq' | 'sha256' }) => {
      const runtime = await openRuntime(readEnv());
      const stop = new AbortController();
      const interrupt = () => {
        if (stop.signal.aborted) process.exit(130);
        console.error('\nStopping after the batch in flight; run the same command again to resume.');
        stop.abort();
      };
      process.on('SIGINT', interrupt);
      const bar = process.stderr.isTTY
        ? new SingleBar({ format: 'importing |{bar}| {percentage}% {lines} lines, {added} added, {withdrawn} withdrawn, {errors} errors, {rate}/s' }, Presets.shades_classic)
        : undefined;
      const started = Date.now();
      try {
        let resumed = -1;
        const result = await runtime.services.media.imports.importFile(cli, {
          bankName: options.bank, path: file, format: options.format, plainType: options.type, signal: stop.signal,
          onProgress: (p) => {
            if (resumed < 0) {
              resumed = p.bytesDone;
              bar?.start(p.fileBytes, 0, { lines: 0, added: 0, withdrawn: 0, errors: 0, rate: 0 });
            }
            bar?.update(p.bytesDone, { lines: p.lines, added: p.added, withdrawn: p.withdrawn, errors: p.errors, rate: Math.round(p.lines / ((Date.now() - started) / 1000)) });
          },
          onIndexing: () => {
            bar?.stop();
            console.error('Read: removing repeats and building the indexes (about 4 s a million hashes), then the bank takes them at once.');
          },
        });
        bar?.stop();
        const seconds = (Date.now() - started) / 1000;
        if (result.resumedFrom > 0) console.log(`Resumed at byte ${result.resumedFrom} of ${result.fileBytes}.`);
        const how = result.mode === 'bulk' ? ' (the empty bank loaded whole)' : '';
        console.log(`${result.completed ? `Imported${how}` : 'Stopped'}: ${result.lines} lines, ${result.added} added, ${result.withdrawn} withdrawn, ${result.unchanged} already there, ${result.errors} malformed (${seconds.toFixed(1)} s).`);
        for (const e of result.firstErrors.slice(0, 20)) console.log(`  line ${e.line}: ${e.reason}`);
        if (result.errors > 20) console.log(`  … ${result.errors - 20} more`);
        if (!result.completed) process.exitCode = 130;
      } finally {
        bar?.stop();
        process.off('SIGINT', interrupt);
        await runtime.close();
      }
    });
}

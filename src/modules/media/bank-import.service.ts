import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { setImmediate } from 'node:timers/promises';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { Database } from '../../storage/db.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import { detectFormat, lineParser, type BankFormat } from './bank-formats.js';
import { BatchBuilder, type LineError, type ParsedBatch } from './bank-batch.js';
import type { BankLoadRepo } from './bank-load.repo.js';
import { EntryArrays, type BankImportRow, type BanksRepo } from './banks.repo.js';
import type { BanksService } from './banks.service.js';
import { HashKeySet } from './hash-key-set.js';

export interface ImportProgress {
  bytesDone: number;
  fileBytes: number;
  lines: number;
  added: number;
  withdrawn: number;
  errors: number;
}

export interface ImportOptions {
  bankName: string;
  path: string;
  format?: BankFormat;
  plainType?: 'pdq' | 'sha256';
  batchLines?: number;
  onProgress?: (p: ImportProgress) => void;
  /** Stops after the batch in flight is committed (Ctrl-C); a rerun resumes. */
  signal?: AbortSignal;
  /** Load an empty bank whole (plain and CSV files; the default), or write row by row regardless. */
  bulk?: boolean;
  /** A bulk import has read the file and starts removing repeats and building its indexes. */
  onIndexing?: () => void;
}

export interface ImportResult extends ImportProgress {
  importId: string;
  /** rows: written into the bank batch by batch; bulk: the bank was empty and loaded whole. */
  mode: 'rows' | 'bulk';
  resumedFrom: number;
  unchanged: number;
  firstErrors: LineError[];
  completed: boolean;
}

const KEPT_ERRORS = 100;
/** Lines parsed between turns of the event loop. */
const YIELD_EVERY = 500;

async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function firstLines(path: string, n: number): Promise<string[]> {
  for await (const chunk of createReadStream(path, { start: 0, end: 64 * 1024 })) return (chunk as Buffer).toString('utf8').split('\n').slice(0, n);
  return [];
}

/**
 * The file's lines from a byte offset, a read at a time, with the offset just after each line
 * (one array per read rather than one promise per line: that cost a sixth of an import's time).
 */
async function* linesFrom(path: string, start: number): AsyncGenerator<{ lines: string[]; ends: number[] }> {
  let rest: Buffer = Buffer.alloc(0);
  let position = start;
  for await (const chunk of createReadStream(path, { start, highWaterMark: 1 << 20 })) {
    const buffer = rest.length ? Buffer.concat([rest, chunk as Buffer]) : (chunk as Buffer);
    const lines: string[] = [];
    const ends: number[] = [];
    let from = 0;
    for (let nl = buffer.indexOf(10, from); nl !== -1; nl = buffer.indexOf(10, from)) {
      lines.push(buffer.toString('utf8', from, nl));
      ends.push(position + nl + 1);
      from = nl + 1;
    }
    position += from;
    rest = buffer.subarray(from);
    if (lines.length) yield { lines, ends };
  }
  if (rest.length) yield { lines: [rest.toString('utf8')], ends: [position + rest.length] };
}

/**
 * `trygg bank import FILE --bank NAME`: streams the file in batches, each committed with the
 * import's progress, so an interrupted import of the same file resumes after its last batch.
 */
export class BankImportService {
  constructor(
    private readonly database: Database,
    private readonly repo: BanksRepo,
    private readonly loads: BankLoadRepo,
    private readonly banks: BanksService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async importFile(actor: Actor, options: ImportOptions): Promise<ImportResult> {
    const bank = await this.banks.byName(options.bankName);
    const { size } = await stat(options.path);
    const sha256 = await fileSha256(options.path);
    const head = await firstLines(options.path, 20);
    const format = options.format ?? detectFormat(head);
    const run = (await this.repo.unfinishedImport(this.database.db, bank.id, sha256))
      ?? (await this.start(actor, bank.id, options.path, sha256, size, format, options.bulk ?? true));
    const bulk = run.mode === 'bulk';
    const parser = lineParser(format, options.plainType);
    // A resumed CSV import must learn the header again before its first batch.
    const header = head.find((l) => l.trim() !== '' && !l.trim().startsWith('#'));
    if (run.bytesDone > 0 && header !== undefined) parser.parse(header);

    const progress = { bytesDone: run.bytesDone, lines: run.linesDone, added: run.added, withdrawn: run.withdrawn, unchanged: run.unchanged, errors: run.errorCount };
    const kept: LineError[] = [...(run.errors as LineError[])];
    const batchLines = options.batchLines ?? 20_000;
    const write = async (batch: ParsedBatch, adds: EntryArrays, lineCount: number, end: number) => {
      const { next, errors } = await this.database.db.transaction(async (tx) => {
        const at = this.clock.now();
        const added = bulk
          ? await this.loads.append(tx, run.id, bank.id, adds, `import:${run.id}`, at)
          : await this.repo.add(tx, bank.id, adds, `import:${run.id}`, at);
        const withdrawn = await this.repo.withdraw(tx, bank.id, batch.withdrawals, at);
        const next = {
          bytesDone: end, lines: progress.lines + lineCount, added: progress.added + added, withdrawn: progress.withdrawn + withdrawn,
          unchanged: progress.unchanged + batch.hashes - added - withdrawn, errors: progress.errors + batch.errors.length,
        };
        const errors = [...kept, ...batch.errors.slice(0, Math.max(0, KEPT_ERRORS - kept.length))];
        await this.repo.updateImport(tx, run.id, {
          bytesDone: end, linesDone: next.lines, added: next.added, withdrawn: next.withdrawn, unchanged: next.unchanged, errorCount: next.errors, errors,
        });
        return { next, errors };
      });
      // Counted once committed: a failed batch leaves the progress as the database has it.
      Object.assign(progress, next);
      kept.splice(0, kept.length, ...errors);
      options.onProgress?.({ ...progress, fileBytes: size });
    };
    // Reading and parsing the next batch overlaps the database writing the previous one (one
    // write at a time, in file order, so progress and resumption stay as if sequential). Lines are
    // parsed as they are read, with a turn for the event loop every 500: parsing a whole
    // batch at once held up the replies to the write's statements, and the database waited.
    let writing: Promise<void> | undefined;
    // A bulk load from the file's first line sees every row it loads: if no two share a hash key,
    // the load has no repeats to look for (a resumed one did not see the rows loaded before).
    const keys = bulk && run.bytesDone === 0 ? new HashKeySet() : undefined;
    let batch = new BatchBuilder(parser, progress.lines + 1);
    let end = run.bytesDone;
    let stopped = false;
    /** Ends the batch read so far and writes it once the previous batch has committed (unless stopped meanwhile). */
    const submit = async () => {
      const parsed = batch.finish();
      if (keys) for (const entry of parsed.adds) keys.add(entry.hash);
      const adds = new EntryArrays(parsed.adds);
      const count = batch.lines;
      batch = new BatchBuilder(parser, batch.nextLine);
      await writing;
      // Stopped while the previous batch committed: that batch is the last; a rerun resumes after it.
      if (options.signal?.aborted) return void (stopped = true);
      writing = write(parsed, adds, count, end);
      // Observed here so a failure cannot go unhandled; it surfaces at the next await of `writing`.
      writing.catch(() => {});
    };
    read: for await (const chunk of linesFrom(options.path, run.bytesDone)) {
      for (let i = 0; i < chunk.lines.length; i++) {
        batch.push(chunk.lines[i]!);
        end = chunk.ends[i]!;
        if (batch.lines % YIELD_EVERY === 0) await setImmediate();
        if (batch.lines >= batchLines) await submit();
        if (stopped) break read;
      }
    }
    if (!stopped && batch.lines) await submit();
    await writing;
    const distinct = keys && !keys.repeated ? progress.added : undefined;
    if (!stopped && bulk) Object.assign(progress, await this.attach(run, progress, distinct, options.onIndexing));
    if (!stopped) await this.finish(actor, bank.id, run.id, run.mode, progress);
    await this.banks.followed();
    return { importId: run.id, mode: run.mode as 'rows' | 'bulk', resumedFrom: run.bytesDone, fileBytes: size, ...progress, firstErrors: kept, completed: !stopped };
  }

  private start(actor: Actor, bankId: string, path: string, sha256: string, size: number, format: BankFormat, allowBulk: boolean): Promise<BankImportRow> {
    return this.database.db.transaction(async (tx) => {
      // Plain and CSV files only add: an empty bank can be loaded whole (bank-load.repo.ts).
      const bulk = allowBulk && format !== 'stopncii' && !(await this.repo.hasEntries(tx, bankId));
      const run = await this.repo.insertImport(tx, {
        id: newId(), bankId, fileName: basename(path), fileSha256: sha256, fileBytes: size, format, mode: bulk ? 'bulk' : 'rows', status: 'running', startedAt: this.clock.now(),
      });
      if (bulk) await this.loads.create(tx, run.id, bankId);
      await this.audit.record(tx, {
        actor, type: 'bank.import_started', subject: { type: 'bank', id: bankId }, payload: { importId: run.id, file: run.fileName, sha256, bytes: size, format, mode: run.mode },
      });
      return run;
    });
  }

  /**
   * The end of a bulk import: repeats removed and indexes built (committed as `loaded`, so a rerun
   * after an interruption goes straight on), then the loaded table becomes the bank's entries. If
   * entries reached the bank meanwhile, the loaded ones are added the row-by-row way instead.
   */
  private async attach(
    run: BankImportRow, p: Omit<ImportProgress, 'fileBytes'> & { unchanged: number }, distinct: number | undefined, onIndexing?: () => void,
  ): Promise<{ added: number; unchanged: number }> {
    let counts = { added: p.added, unchanged: p.unchanged };
    if (run.status === 'running') {
      onIndexing?.();
      counts = await this.database.db.transaction(async (tx) => {
        const entries = await this.loads.finishLoading(tx, run.id, distinct);
        const next = { added: entries, unchanged: p.unchanged + p.added - entries };
        await this.repo.updateImport(tx, run.id, { status: 'loaded', ...next });
        return next;
      });
    }
    const attached = await this.database.db.transaction((tx) => this.loads.attach(tx, run.id, run.bankId, counts.added, this.clock.now()));
    if (attached) return counts;
    // Entries reached the bank meanwhile: add the loaded ones row by row, a committed page at a time.
    for (;;) {
      const done = await this.database.db.transaction(async (tx) => {
        const page = await this.loads.take(tx, run.id, 20_000);
        if (!page.length) {
          await this.loads.drop(tx, run.id);
          return true;
        }
        const added = await this.repo.add(tx, run.bankId, page, `import:${run.id}`, this.clock.now());
        counts = { added: counts.added - (page.length - added), unchanged: counts.unchanged + (page.length - added) };
        await this.repo.updateImport(tx, run.id, counts);
        return false;
      });
      if (done) return counts;
    }
  }

  private finish(actor: Actor, bankId: string, importId: string, mode: string, p: Omit<ImportProgress, 'fileBytes'> & { unchanged: number }): Promise<void> {
    return this.database.db.transaction(async (tx) => {
      await this.repo.updateImport(tx, importId, { status: 'completed', finishedAt: this.clock.now() });
      await this.audit.record(tx, {
        actor, type: 'bank.import_completed', subject: { type: 'bank', id: bankId },
        payload: { importId, mode, lines: p.lines, added: p.added, withdrawn: p.withdrawn, unchanged: p.unchanged, errors: p.errors },
      });
    });
  }
}

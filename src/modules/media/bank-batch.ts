import type { BankEntry } from './banks.repo.js';
import type { LineParser } from './bank-formats.js';

export interface LineError {
  line: number;
  reason: string;
}

export interface ParsedBatch {
  adds: BankEntry[];
  withdrawals: BankEntry[];
  errors: LineError[];
  /** Lines that named a hash (added or withdrawn), after collapsing repeats. */
  hashes: number;
}

/**
 * Builds a batch line by line. A hash named twice in one batch counts once and its last line wins
 * (added then withdrawn = withdrawn), so one statement never touches a row twice.
 */
export class BatchBuilder {
  /** Per hash type, each hash's last mention; Map order = order of the last mention. */
  private readonly last = new Map<string, Map<string, { op: 'add' | 'withdraw'; label: string | null }>>();
  private readonly errors: LineError[] = [];
  /** Lines pushed so far, blank and comment lines included. */
  lines = 0;

  constructor(
    private readonly parser: LineParser,
    private readonly firstLine: number,
  ) {}

  /** The number the next line pushed will have. */
  get nextLine(): number {
    return this.firstLine + this.lines;
  }

  push(line: string): void {
    const parsed = this.parser.parse(line);
    const number = this.firstLine + this.lines++;
    if (parsed.kind === 'skip') return;
    if (parsed.kind === 'error') return void this.errors.push({ line: number, reason: parsed.reason });
    let ofType = this.last.get(parsed.type);
    if (!ofType) this.last.set(parsed.type, (ofType = new Map()));
    ofType.delete(parsed.hash); // re-inserted: its place is its last mention
    ofType.set(parsed.hash, { op: parsed.op, label: parsed.label });
  }

  finish(): ParsedBatch {
    const adds: BankEntry[] = [];
    const withdrawals: BankEntry[] = [];
    let hashes = 0;
    for (const [type, ofType] of this.last) {
      hashes += ofType.size;
      for (const [hash, { op, label }] of ofType) (op === 'add' ? adds : withdrawals).push({ type: type as BankEntry['type'], hash, label });
    }
    return { adds, withdrawals, errors: this.errors, hashes };
  }
}

export function parseBatch(lines: string[], parser: LineParser, firstLine: number): ParsedBatch {
  const builder = new BatchBuilder(parser, firstLine);
  for (const line of lines) builder.push(line);
  return builder.finish();
}

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
 * Parses a batch of lines. A hash named twice in one batch counts once and its last line wins
 * (added then withdrawn = withdrawn), so one statement never touches a row twice.
 */
export function parseBatch(lines: string[], parser: LineParser, firstLine: number): ParsedBatch {
  const last = new Map<string, { op: 'add' | 'withdraw'; entry: BankEntry }>();
  const errors: LineError[] = [];
  for (let i = 0; i < lines.length; i++) {
    const parsed = parser.parse(lines[i]!);
    if (parsed.kind === 'skip') continue;
    if (parsed.kind === 'error') {
      errors.push({ line: firstLine + i, reason: parsed.reason });
      continue;
    }
    const key = `${parsed.type}:${parsed.hash}`;
    last.delete(key); // keep insertion order = order of the last mention
    last.set(key, { op: parsed.op, entry: { type: parsed.type, hash: parsed.hash, label: parsed.label } });
  }
  const adds: BankEntry[] = [];
  const withdrawals: BankEntry[] = [];
  for (const { op, entry } of last.values()) (op === 'add' ? adds : withdrawals).push(entry);
  return { adds, withdrawals, errors, hashes: last.size };
}

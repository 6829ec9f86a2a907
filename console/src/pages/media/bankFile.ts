// A bank file read in the browser and sent in batches (POST /v1/banks/:id/lines). The format
// rules follow the server's (src/modules/media/bank-formats.ts), so "detected" means the same
// in the console as in `trygg bank import`.
import { MAX_BATCH_LINES, type BankFormat } from '../../api/media';

/** The file's lines; a final newline does not make an extra, empty line. */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The index of the first line that is neither blank nor a # comment, or -1. */
function firstMeaningful(lines: readonly string[]): number {
  return lines.findIndex((l) => l.trim() !== '' && !l.trim().startsWith('#'));
}

/** The server's guess from the first meaningful line: "{" is StopNCII JSON, no comma is plain, a status or signal_type header is StopNCII CSV. */
export function detectFormat(lines: readonly string[]): BankFormat {
  const at = firstMeaningful(lines.slice(0, 200));
  const line = at === -1 ? '' : lines[at]!.trim();
  if (line.startsWith('{')) return 'stopncii';
  if (!line.includes(',')) return 'plain';
  const lower = line.toLowerCase();
  return lower.includes('status') || lower.includes('signal_type') ? 'stopncii' : 'csv';
}

/**
 * The index of the CSV header line, or -1. The server learns the columns from a header only
 * within one batch, so every later batch is sent with the header in front of it.
 */
export function headerIndex(lines: readonly string[], format: BankFormat): number {
  if (format === 'plain') return -1;
  const at = firstMeaningful(lines.slice(0, 200));
  if (at === -1 || lines[at]!.trim().startsWith('{')) return -1;
  const names = lines[at]!.split(',').map((f) => f.trim().replace(/^"|"$/g, '').toLowerCase());
  return names.includes('hash') || names.includes('hash_value') || names.includes('signal_type') ? at : -1;
}

export interface Batch {
  lines: string[];
  /** The file line number of lines[0]. */
  firstLine: number;
  /** The index of the file line after this batch: where to continue. */
  next: number;
}

/** The batch that starts at file index `from` (0-based), with the header in front of it after the first batch. */
export function batchAt(lines: readonly string[], from: number, header: number): Batch {
  const withHeader = header !== -1 && from > header;
  const next = Math.min(lines.length, from + MAX_BATCH_LINES - (withHeader ? 1 : 0));
  const body = lines.slice(from, next);
  // The header goes in as the line just before the batch, so the batch's own line numbers stay right.
  return withHeader ? { lines: [lines[header]!, ...body], firstLine: from, next } : { lines: body, firstLine: from + 1, next };
}

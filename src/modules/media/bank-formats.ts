/**
 * The hash-list formats a bank imports, one line at a time so a file of millions streams:
 * - plain: one hex hash a line (32 digits = MD5; 64 = the file's declared type, PDQ by default);
 * - csv: `hash,type,label` (a header line is recognised and skipped);
 * - stopncii: StopNCII / Take It Down records, JSON lines (`{"signalType":"PDQ","hashValue":"…","status":"Active"}`)
 *   or CSV with a `signal_type,hash_value,status` header; Withdrawn or Deleted removes the hash.
 * Blank lines and lines starting with # are skipped.
 */
export type HashType = 'pdq' | 'md5' | 'sha256';
export type BankFormat = 'plain' | 'csv' | 'stopncii';

export type ParsedLine =
  | { kind: 'skip' }
  | { kind: 'hash'; op: 'add' | 'withdraw'; type: HashType; hash: string; label: string | null }
  | { kind: 'error'; reason: string };

const HEX = /^[0-9a-f]+$/;
const LENGTH: Record<HashType, number> = { pdq: 64, md5: 32, sha256: 64 };
const SKIP = { kind: 'skip' } as const;

export function validHash(type: HashType, value: string): string | null {
  const hash = value.trim().toLowerCase();
  if (!HEX.test(hash)) return `not hexadecimal: a ${type} hash is ${LENGTH[type]} hex digits`;
  if (hash.length !== LENGTH[type]) return `wrong length: a ${type} hash is ${LENGTH[type]} hex digits, this has ${hash.length}`;
  return null;
}

export function hashTypeOf(value: string): HashType | null {
  const v = value.trim().toLowerCase().replace(/[^a-z0-9]/g, '');
  if (v === 'pdq' || v === 'photopdq' || v === 'pdqimage') return 'pdq';
  if (v === 'md5' || v === 'videomd5' || v === 'photomd5') return 'md5';
  if (v === 'sha256' || v === 'sha2256') return 'sha256';
  return null;
}

function entry(op: 'add' | 'withdraw', type: HashType, raw: string, label: string | null): ParsedLine {
  const problem = validHash(type, raw);
  return problem ? { kind: 'error', reason: problem } : { kind: 'hash', op, type, hash: raw.trim().toLowerCase(), label };
}

const statusOp = (status: string | undefined): 'add' | 'withdraw' | null => {
  const s = (status ?? 'active').trim().toLowerCase();
  if (s === 'active' || s === '') return 'add';
  if (s === 'withdrawn' || s === 'deleted') return 'withdraw';
  return null;
};

/** Splits a CSV line with optional double quotes (labels may hold commas). */
export function csvFields(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { out.push(field); field = ''; } else field += c;
  }
  out.push(field);
  return out.map((f) => f.trim());
}

export interface LineParser {
  parse(line: string): ParsedLine;
}

/** A parser for one file: it remembers the CSV header it has seen. */
export function lineParser(format: BankFormat, plainType: Exclude<HashType, 'md5'> = 'pdq'): LineParser {
  let columns: string[] | null = null;
  return {
    parse(rawLine: string): ParsedLine {
      const line = rawLine.trim();
      if (line === '' || line.startsWith('#')) return SKIP;
      if (format === 'plain') return entry('add', line.length === 32 ? 'md5' : plainType, line, null);
      if (format === 'stopncii' && line.startsWith('{')) return stopnciiJson(line);
      const fields = csvFields(line);
      const lower = fields.map((f) => f.toLowerCase());
      if (!columns && (lower.includes('hash') || lower.includes('hash_value') || lower.includes('signal_type'))) {
        columns = lower;
        return SKIP;
      }
      if (format === 'csv') {
        const at = (name: string, fallback: number) => fields[columns ? columns.indexOf(name) : fallback] ?? '';
        const type = hashTypeOf(at('type', 1) || 'pdq');
        if (!type) return { kind: 'error', reason: `unknown hash type "${at('type', 1)}" (pdq, md5 or sha256)` };
        return entry('add', type, at('hash', 0), at('label', 2) || null);
      }
      const at = (name: string, fallback: number) => fields[columns ? columns.indexOf(name) : fallback] ?? '';
      return stopnciiRecord(at('signal_type', 0), at('hash_value', 1), at('status', 2), at('label', 3) || null);
    },
  };
}

function stopnciiJson(line: string): ParsedLine {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return { kind: 'error', reason: 'not valid JSON' };
  }
  const pick = (...names: string[]) => names.map((n) => record[n]).find((v) => typeof v === 'string') as string | undefined;
  return stopnciiRecord(
    pick('signalType', 'signal_type', 'hashType', 'type') ?? '', pick('hashValue', 'hash_value', 'hash', 'value') ?? '',
    pick('status', 'hashStatus'), pick('caseNumber', 'case_number', 'label', 'id') ?? null,
  );
}

function stopnciiRecord(signal: string, value: string, status: string | undefined, label: string | null): ParsedLine {
  const type = hashTypeOf(signal);
  if (!type) return { kind: 'error', reason: `unknown signal type "${signal}" (PDQ, MD5 or SHA256)` };
  const op = statusOp(status);
  if (!op) return { kind: 'error', reason: `unknown status "${status}" (Active, Withdrawn or Deleted)` };
  return entry(op, type, value, label);
}

/** Guesses the format from the first meaningful line, for files given without --format. */
export function detectFormat(firstLines: string[]): BankFormat {
  const line = firstLines.map((l) => l.trim()).find((l) => l !== '' && !l.startsWith('#')) ?? '';
  if (line.startsWith('{')) return 'stopncii';
  if (!line.includes(',')) return 'plain';
  const lower = line.toLowerCase();
  return lower.includes('status') || lower.includes('signal_type') ? 'stopncii' : 'csv';
}

import { canonicalJson, sha256Hex } from '../../lib/crypto.js';
import type { ModerationEvent } from './audit.types.js';

type Hashed = Pick<
  ModerationEvent,
  'id' | 'occurredAt' | 'actorType' | 'actorId' | 'subjectType' | 'subjectId' | 'type' | 'payload' | 'prevHash'
>;

/** SHA-256 over the row's content and the previous row's hash. */
export function eventHash(row: Hashed): string {
  return sha256Hex(
    canonicalJson([
      row.id,
      row.occurredAt.toISOString(),
      row.actorType,
      row.actorId,
      row.subjectType,
      row.subjectId,
      row.type,
      row.payload,
      row.prevHash,
    ]),
  );
}

export interface ChainBreak {
  seq: number;
  id: string;
  reason: 'content-changed' | 'link-broken';
}

/** Checks rows in seq order, continuing from the hash before them; names the first bad row. */
export function checkChain(rows: ModerationEvent[], previousHash: string): { lastHash: string; broken?: ChainBreak } {
  let prev = previousHash;
  for (const row of rows) {
    if (row.prevHash !== prev) return { lastHash: prev, broken: { seq: row.seq, id: row.id, reason: 'link-broken' } };
    if (eventHash(row) !== row.hash) return { lastHash: prev, broken: { seq: row.seq, id: row.id, reason: 'content-changed' } };
    prev = row.hash;
  }
  return { lastHash: prev };
}

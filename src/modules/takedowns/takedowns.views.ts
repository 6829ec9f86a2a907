import { unseal } from '../../lib/crypto.js';
import type { TakedownRow } from './takedowns.repo.js';

export type TakedownKind = 'minor' | 'sexual' | 'other';

/** "Unsure" counts as a minor: the precaution errs toward the child. */
export const kindOf = (under18: string, sexual: boolean): TakedownKind => (under18 !== 'no' ? 'minor' : sexual ? 'sexual' : 'other');

export type TakedownView = ReturnType<typeof takedownView>;

type Contact = { name?: string; email?: string; phone?: string };

export function takedownView(r: TakedownRow, contactKey: Buffer) {
  let contact: Contact | null = null;
  if (r.contactSealed) {
    try {
      contact = JSON.parse(unseal(contactKey, r.contactSealed)) as Contact;
    } catch {
      contact = null;
    }
  }
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    id: r.id, status: r.status as 'open' | 'rejection_pending' | 'confirmed' | 'rejected', content: r.content as string[],
    hashes: r.hashes as { pdq?: string; quality?: number; md5?: string; fileName?: string }[], description: r.description,
    relation: r.relation, under18: r.under18, sexual: r.sexual, sensitive: r.sensitive, policeCaseNumber: r.policeCaseNumber, contact,
    country: r.country, language: r.language, caseId: r.caseId, category: r.category, priority: r.priority, bankMatch: r.bankMatch,
    hideActionIds: r.hideActionIds as string[], removeActionIds: (r.removeActionIds as string[] | null) ?? [],
    firstRejection: r.firstRejectedBy ? { by: r.firstRejectedBy, reason: r.firstRejectionReason ?? '', at: iso(r.firstRejectedAt)! } : null,
    decision: r.decidedBy ? { by: r.decidedBy, reason: r.decisionReason ?? '', at: iso(r.decidedAt)! } : null,
    bankedHashes: r.bankedHashes, receivedAt: r.receivedAt.toISOString(), updatedAt: r.updatedAt.toISOString(),
  };
}

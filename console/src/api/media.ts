// Shapes of the known-image matching API (src/modules/media/media.routes.ts, media.schemas.ts)
// and the evidence store (src/modules/evidence/evidence.routes.ts).
import type { Category } from './moderation';

export const bankKinds = ['clearinghouse_csam', 'victim_submitted', 'platform_confirmed', 'test'] as const;
export type BankKind = (typeof bankKinds)[number];
export const bankActions = ['block_and_case', 'block', 'flag'] as const;
export type BankAction = (typeof bankActions)[number];
export const bankFormats = ['plain', 'csv', 'stopncii'] as const;
export type BankFormat = (typeof bankFormats)[number];
export const hashTypes = ['pdq', 'md5', 'sha256'] as const;
export type HashType = (typeof hashTypes)[number];

export interface HashBank {
  id: string;
  name: string;
  kind: string;
  action: string;
  category: string;
  pdqThreshold: number;
  qualityFloor: number;
  description: string | null;
  /** How many hashes the bank matches against, and how many were withdrawn. */
  active: number;
  withdrawn: number;
  createdAt: string;
}

export interface NewBank {
  name: string;
  kind: BankKind;
  action?: BankAction;
  category?: Category;
  pdqThreshold?: number;
  qualityFloor?: number;
  description?: string;
}

/** At most this many lines in one POST /v1/banks/:id/lines. */
export const MAX_BATCH_LINES = 10_000;

export interface LineError {
  line: number;
  reason: string;
}

export interface LinesResult {
  added: number;
  withdrawn: number;
  unchanged: number;
  errors: LineError[];
}

export interface HashHolder {
  bankId: string;
  bank: string;
  type: string;
  hash: string;
  label: string | null;
  source: string;
  addedAt: string;
  withdrawnAt: string | null;
}

export interface MediaMatch {
  bank: { id: string; name: string; kind: string };
  type: HashType;
  distance: number;
  action: string;
  label: string | null;
}

export interface MatchLogEntry {
  checkId: string;
  verdict: 'block' | 'flag' | 'allow';
  hashes: { pdq: string | null; quality: number | null; md5: string | null; sha256: string | null };
  matches: MediaMatch[];
  caseId: string | null;
  evidenceId: string | null;
  accountId: string | null;
  contentId: string | null;
  checkedAt: string;
}

export interface MatchLogPage {
  items: MatchLogEntry[];
  next: string | null;
}

export interface EvidenceItem {
  id: string;
  kind: string;
  sha256: string;
  size: number;
  contentType: string;
  subject: { type: string; id: string };
  caseId: string | null;
  reason: string;
  provenance: unknown;
  preservedBy: { type: string; id: string | null };
  preservedAt: string;
  purged: boolean;
}

/** The roles that may open preserved evidence (GET /v1/evidence/:id/content). */
export const evidenceOpeners = ['moderator', 'senior_moderator', 'admin', 'legal'] as const;

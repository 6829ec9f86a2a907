// Shapes of the legal role's evidence API: legal holds and police data requests
// (src/modules/evidence/holds.routes.ts, police.routes.ts; docs/evidence.md).

export const holdScopes = ['account', 'case'] as const;
export type HoldScope = (typeof holdScopes)[number];

export interface LegalHold {
  id: string;
  scope: { type: HoldScope; id: string };
  reason: string;
  /** Staff id. */
  placedBy: string;
  placedAt: string;
  released: { by: string; at: string; reason: string } | null;
  active: boolean;
  /** Only in the answer to placing it: the items preserved at that moment. */
  preservedItems?: string[];
}

export const policeStates = ['received', 'accepted', 'rejected', 'fulfilled'] as const;
export type PoliceState = (typeof policeStates)[number];

export interface PoliceScope {
  /** Platform account ids. */
  accounts: string[];
  /** Case ids. */
  cases: string[];
  /** On when the evidence was preserved: a date (a `to` date covers that day) or an instant. */
  from: string | null;
  to: string | null;
}

export interface PoliceRequestInput {
  agency: string;
  officer: string;
  contact: string;
  caseNumber: string;
  legalBasis: string;
  scope: PoliceScope;
  /** An ISO instant with an offset. */
  deadline: string;
}

export interface PoliceExport {
  id: string;
  packageSha256: string;
  itemCount: number;
  exportedBy: string;
  exportedAt: string;
}

export interface PoliceRequest extends PoliceRequestInput {
  id: string;
  status: PoliceState;
  receivedBy: string;
  receivedAt: string;
  review: { by: string; at: string; decision: 'accept' | 'reject'; reason: string } | null;
  fulfilledAt: string | null;
  exports: PoliceExport[];
}

/** A request still owed an answer is overdue once its deadline has passed. */
export const isOverdue = (r: Pick<PoliceRequest, 'status' | 'deadline'>, now = Date.now()): boolean =>
  (r.status === 'received' || r.status === 'accepted') && Date.parse(r.deadline) < now;

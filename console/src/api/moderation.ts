// Shapes of the reports, cases, trusted-flagger, rules and actions API, mirrored from the
// OpenAPI document (/openapi.json) and src/modules/{reports,cases,actions}/*.routes.ts.
import type { Account } from './types';

/** The report taxonomy in queue order: child safety first (src/modules/cases/categories.ts). */
export const categories = [
  { id: 'csam', childSafety: true },
  { id: 'grooming', childSafety: true },
  { id: 'minor_selling_sexual_content', childSafety: true },
  { id: 'underage_member', childSafety: true },
  { id: 'sexual_services', childSafety: false },
  { id: 'threats', childSafety: false },
  { id: 'sexual_harassment', childSafety: false },
  { id: 'fraud', childSafety: false },
  { id: 'hate', childSafety: false },
  { id: 'fake_profile', childSafety: false },
  { id: 'spam', childSafety: false },
  { id: 'other', childSafety: false },
] as const;
export type Category = (typeof categories)[number]['id'];
export const childSafetyCategories: readonly Category[] = categories.filter((c) => c.childSafety).map((c) => c.id);
export const isChildSafety = (category: string): boolean => (childSafetyCategories as readonly string[]).includes(category);

export const subjectTypes = ['account', 'profile', 'message', 'image', 'conversation'] as const;
export type SubjectType = (typeof subjectTypes)[number];

/** The public form leaves out trusted_flagger: that comes from a verified organisation's member account. */
export const relations = ['self', 'witness', 'parent_or_guardian', 'representative', 'police', 'other'] as const;
export type Relation = (typeof relations)[number];

export const caseStatuses = ['open', 'in_review', 'escalated', 'waiting', 'resolved'] as const;
export type CaseStatus = (typeof caseStatuses)[number];

export interface Receipt {
  reportId: string;
  receiptCode: string;
  receivedAt: string;
  duplicate: boolean;
  trustedFlagger: boolean;
}

export interface ReportStatus {
  status: 'received' | 'decided';
  /** upheld | not_upheld, once decided. */
  outcome: string | null;
  category: string;
  receivedAt: string;
  /** The reporter may appeal a decision not to act (DSA Art. 20) until appealDeadline. */
  canAppeal: boolean;
  appealDeadline: string | null;
  appeal: { status: AppealStatus; receivedAt: string; decidedAt: string | null; decisionReason: string | null } | null;
}

export interface TrustedFlagger {
  id: string;
  name: string;
  contactEmail: string | null;
  verified: boolean;
  revoked: boolean;
  members: number;
  reports: number;
  decided: number;
  /** Share of decided reports upheld, 0-1; null before any is decided. */
  upheldShare: number | null;
  createdAt: string;
}

export interface Case {
  id: string;
  subject: { type: string; id: string };
  category: string;
  status: CaseStatus;
  priority: number;
  minorInvolved: boolean;
  trustedFlagger: boolean;
  reporters: number;
  signals: number;
  assigneeId: string | null;
  openedAt: string;
  slaDueAt: string | null;
  overdue: boolean;
  resolution: string | null;
}

export interface CasePage {
  items: Case[];
  nextCursor: string | null;
}

export interface CaseReport {
  id: string;
  category: string;
  source: string;
  relation: string | null;
  explanation: string;
  location: string | null;
  evidence: string[];
  minorInvolved: boolean;
  duplicates: number;
  outcome: string | null;
  receivedAt: string;
}

export interface CaseNote {
  id: string;
  authorId: string;
  text: string;
  createdAt: string;
}

/** GET /v1/cases/:id: the case and everything on it (reporters stay anonymous). */
export interface CaseDetail {
  case: Case;
  subjectAccount: Account | null;
  reports: CaseReport[];
  signals: { id: string; kind: string; evidence: unknown; createdAt: string }[];
  notes: CaseNote[];
  actions: { id: string; action: string; status: string; reason: string; decidedBy: string; decidedAt: string; endsAt: string | null }[];
  history: { type: string; actorType: string; actorId: string | null; occurredAt: string; payload: unknown }[];
}

export const actionTypes = ['dismiss', 'warn', 'hide', 'remove', 'restrict_minors', 'suspend', 'ban'] as const;
export type ActionType = (typeof actionTypes)[number];
/** Actions that need the member they affect (the subject, when it is an account or profile). */
export const actionsOnMember: readonly ActionType[] = ['warn', 'restrict_minors', 'suspend', 'ban'];

export const decisionGrounds = ['DECISION_GROUND_ILLEGAL_CONTENT', 'DECISION_GROUND_INCOMPATIBLE_CONTENT'] as const;
export type DecisionGround = (typeof decisionGrounds)[number];

export interface Rule {
  id: string;
  code: string;
  title: string;
  description: string;
  ground: DecisionGround;
  legalGround: string | null;
  retiredAt: string | null;
  createdAt: string;
}

/** A statement of reasons in the EU DSA Transparency Database shape (no personal data). */
export interface DsaStatement {
  decision_visibility?: string[];
  end_date_visibility_restriction?: string;
  decision_provision?: string;
  end_date_service_restriction?: string;
  decision_account?: string;
  end_date_account_restriction?: string;
  decision_ground: DecisionGround;
  illegal_content_legal_ground?: string;
  illegal_content_explanation?: string;
  incompatible_content_ground?: string;
  incompatible_content_explanation?: string;
  content_type: string[];
  content_type_other?: string;
  category: string;
  category_specification: string[];
  category_specification_other?: string;
  territorial_scope: string[];
  content_date: string;
  application_date: string;
  decision_facts: string;
  source_type: string;
  automated_detection: 'Yes' | 'No';
  automated_decision: string;
  puid: string;
}

export interface Redress {
  appealPath: string;
  appealDeadline: string;
  appealWindowMonths: number;
  text: string;
}

export interface ModerationAction {
  id: string;
  caseId: string;
  subject: { type: string; id: string };
  affectedExternalId: string | null;
  action: ActionType;
  /** pending_second_review | active | expired | rejected | reversed */
  status: string;
  rule: { id: string; code: string; title: string } | null;
  reason: string;
  endsAt: string | null;
  decidedBy: string;
  secondReviewerId: string | null;
  decidedAt: string;
  reversedAt: string | null;
  statement: { version: 1; dsa: DsaStatement; redress: Redress } | null;
}

export interface ActionResult {
  action: ModerationAction;
  case: { id: string; status: string; resolution: string | null };
  secondReviewRequired: boolean;
  strikes: { member: string; added: number; active: number; thresholds: number[]; thresholdCrossed: number | null } | null;
  suspensionSuggested: boolean;
}

/** GET /v1/public/statements/:token: what the affected member sees, without personal data. */
export interface PublicStatement {
  decision: { action: string; status: string; decidedAt: string; endsAt: string | null };
  statement: DsaStatement;
  redress: Redress;
  appeal: { status: string; receivedAt: string; decidedAt: string | null; decisionReason: string | null } | null;
  canAppeal: boolean;
}

/** Appeals (DSA Art. 20), as src/modules/actions/appeals.routes.ts answers them. */
export const appealStatuses = ['open', 'upheld', 'reversed'] as const;
export type AppealStatus = (typeof appealStatuses)[number];

export interface Appeal {
  id: string;
  actionId: string;
  appellantExternalId: string | null;
  /** public (the statement's page) | platform (the API, for the member) */
  channel: string;
  /** member: the decision's subject; reporter: a reporter contesting a decision not to act */
  appellant: 'member' | 'reporter';
  text: string;
  status: AppealStatus;
  decidedBy: string | null;
  decisionReason: string | null;
  receivedAt: string;
  decidedAt: string | null;
}

/** GET /v1/appeals: the list leaves the appellant's text out (only the single view has it). */
export interface AppealSummary extends Omit<Appeal, 'text'> {
  action: string;
  caseId: string;
  category: string;
  childSafety: boolean;
  originalDeciderId: string;
}

export interface AppealList {
  items: AppealSummary[];
  nextAfter: string | null;
}

/** GET /v1/appeals/:id: the appeal with the decision it contests. */
export interface AppealDetail extends Appeal {
  action: ModerationAction & { category: string; appeals: Appeal[] };
}

/** POST /v1/appeals/:id/decision */
export interface AppealDecision {
  appeal: Appeal;
  action: ModerationAction;
  case: { id: string; status: string; resolution: string | null };
}

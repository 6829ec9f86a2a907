import type { Clock } from '../../lib/clock.js';
import type { PublicLinks } from '../../lib/public-links.js';
import type { Role } from '../../server/access.js';
import type { Database, Tx } from '../../storage/db.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import type { PolicyService } from '../policy/policy.service.js';
import type { Outbox } from '../webhooks/outbox.js';
import type { ActionsRepo } from './actions.repo.js';
import type { ActionType, ContentType, DecisionGround, StoredStatement } from './actions.statement.js';

/** A decision's status: 'expired' is shown for an active one whose end has passed. */
export const actionStatuses = ['pending_second_review', 'active', 'expired', 'rejected', 'reversed'] as const;
export type ActionStatus = (typeof actionStatuses)[number];
export const appealStatuses = ['open', 'upheld', 'reversed'] as const;
export type AppealStatus = (typeof appealStatuses)[number];

/** What every use case of decisions works with; ActionsService builds it once and hands it to each. */
export interface ActionsDeps {
  database: Database;
  repo: ActionsRepo;
  audit: AuditService;
  policies: PolicyService;
  outbox: Outbox;
  clock: Clock;
  /** The key reporters' and appellants' e-mail addresses are sealed with (purpose 'email-addresses'). */
  emailKey: Buffer;
  /** Absolute links to the public appeal and report-status pages, for what leaves Trygg. */
  links: PublicLinks;
  /** Preserves the banned member's evidence in the ban's transaction (the evidence module). */
  preserveOnBan?: (tx: Tx, member: string, caseId: string, actionId: string, by: Actor) => Promise<void>;
  /**
   * Removed content confirmed as CSAM or non-consensual intimate imagery: its hashes join the
   * platform-confirmed bank in the removal's transaction (the media module); `after` runs after commit.
   */
  confirmRemovedMedia?: {
    inTransaction: (tx: Tx, removal: { caseId: string; contentId: string; confirmedAs: 'csam' | 'ncii'; by: Actor }) => Promise<number>;
    after: () => Promise<void>;
  };
}

/** A staff member deciding: who, in which role, and whether the session passed two-factor. */
export interface Reviewer {
  id: string;
  role: Role;
  twoFactor: boolean;
}

export interface RuleInput {
  code: string;
  title: string;
  description: string;
  ground: DecisionGround;
  legalGround?: string | null;
}

export interface ActionInput {
  action: ActionType;
  ruleId: string;
  reason: string;
  endsAt?: string;
  affectedExternalId?: string;
  contentDate?: string;
  contentTypes?: ContentType[];
  territorialScope?: string[];
  /** Take the action but leave the case undecided (e.g. remove now, suspend next). */
  keepOpen?: boolean;
  /** A removed image confirmed as CSAM or NCII: its hashes block re-uploads (a CSAM case confirms by default). */
  confirmMedia?: 'csam' | 'ncii' | 'none';
}

export interface RuleView {
  id: string;
  code: string;
  title: string;
  description: string;
  ground: DecisionGround;
  legalGround: string | null;
  retiredAt: string | null;
  createdAt: string;
}

export interface ActionView {
  id: string;
  caseId: string;
  subject: { type: string; id: string };
  affectedExternalId: string | null;
  action: ActionType;
  status: ActionStatus;
  rule: { id: string; code: string; title: string } | null;
  reason: string;
  endsAt: string | null;
  decidedBy: string;
  secondReviewerId: string | null;
  decidedAt: string;
  reversedAt: string | null;
  statement: StoredStatement | null;
}

export interface StrikeSummary {
  member: string;
  added: number;
  active: number;
  thresholds: number[];
  /** The highest threshold this action's strike crossed, if any. */
  thresholdCrossed: number | null;
}

export interface ActionResult {
  action: ActionView;
  case: { id: string; status: string; resolution: string | null };
  secondReviewRequired: boolean;
  strikes: StrikeSummary | null;
  suspensionSuggested: boolean;
}

export interface PublicAppeal {
  status: AppealStatus;
  receivedAt: string;
  decidedAt: string | null;
  decisionReason: string | null;
}

export interface AppealView {
  id: string;
  actionId: string;
  appellantExternalId: string | null;
  channel: string;
  /** member: the decision's subject contests it; reporter: a reporter contests a decision not to act. */
  appellant: 'member' | 'reporter';
  text: string;
  status: AppealStatus;
  decidedBy: string | null;
  decisionReason: string | null;
  receivedAt: string;
  decidedAt: string | null;
}

import type { Clock } from '../../lib/clock.js';
import type { PublicLinks } from '../../lib/public-links.js';
import type { Database } from '../../storage/db.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import type { PolicyService } from '../policy/policy.service.js';
import type { Outbox } from '../webhooks/outbox.js';
import type { ActionsRepo } from './actions.repo.js';
import type { ActionInput, ActionResult, ActionsDeps, AppealView, Reviewer, RuleInput, RuleView } from './actions.types.js';
import { AppealsService } from './appeals.service.js';
import { ContentActions } from './content-actions.js';
import { DecideService } from './decide.service.js';
import { RecordsService } from './records.service.js';
import { ReporterAppealsService } from './reporter-appeals.service.js';
import { RulesService } from './rules.service.js';
import { SecondReviewService } from './second-review.service.js';

export type { ActionInput, ActionResult, ActionView, AppealView, Reviewer, RuleInput, RuleView, StrikeSummary } from './actions.types.js';

/**
 * Every decision, second review and appeal: community rules, actions with statements, strikes, appeals.
 * One entry point for the routes and the composition root; each use case lives in its own service.
 */
export class ActionsService {
  private readonly rules: RulesService;
  private readonly decide: DecideService;
  private readonly secondReview: SecondReviewService;
  private readonly records: RecordsService;
  private readonly appeals: AppealsService;
  private readonly reporterAppeals: ReporterAppealsService;
  /** Hide and remove named content inside a caller's transaction (victim takedown requests). */
  readonly content: ContentActions;

  constructor(
    database: Database,
    repo: ActionsRepo,
    audit: AuditService,
    policies: PolicyService,
    outbox: Outbox,
    clock: Clock,
    /** The key reporters' and appellants' e-mail addresses are sealed with (purpose 'email-addresses'). */
    emailKey: Buffer,
    /** Absolute links (from TRYGG_PUBLIC_URL) for statements, e-mails and webhooks. */
    links: PublicLinks,
    /** Evidence preservation when a ban takes effect. */
    preserveOnBan?: ActionsDeps['preserveOnBan'],
    /** Confirmed removals feed the platform-confirmed hash bank. */
    confirmRemovedMedia?: ActionsDeps['confirmRemovedMedia'],
  ) {
    const deps = { database, repo, audit, policies, outbox, clock, emailKey, links, preserveOnBan, confirmRemovedMedia };
    this.rules = new RulesService(deps);
    this.decide = new DecideService(deps);
    this.secondReview = new SecondReviewService(deps);
    this.records = new RecordsService(deps);
    this.reporterAppeals = new ReporterAppealsService(deps);
    this.appeals = new AppealsService(deps, this.records, this.reporterAppeals);
    this.content = new ContentActions(deps);
  }

  // community rules
  listRules(includeRetired: boolean): Promise<RuleView[]> { return this.rules.listRules(includeRetired); }
  getRule(id: string): Promise<RuleView> { return this.rules.getRule(id); }
  createRule(actor: Actor, input: RuleInput): Promise<RuleView> { return this.rules.createRule(actor, input); }
  updateRule(actor: Actor, id: string, patch: Partial<Omit<RuleInput, 'code'>>): Promise<RuleView> { return this.rules.updateRule(actor, id, patch); }
  retireRule(actor: Actor, id: string): Promise<RuleView> { return this.rules.retireRule(actor, id); }

  // actions and four eyes
  takeAction(reviewer: Reviewer, caseId: string, input: ActionInput): Promise<ActionResult> { return this.decide.takeAction(reviewer, caseId, input); }
  confirmDismissal(reviewer: Reviewer, actionId: string, note?: string): Promise<ActionResult> { return this.secondReview.confirmDismissal(reviewer, actionId, note); }
  rejectDismissal(reviewer: Reviewer, actionId: string, reason: string): Promise<ActionResult> { return this.secondReview.rejectDismissal(reviewer, actionId, reason); }
  pendingSecondReviews(limit: number) { return this.secondReview.pendingSecondReviews(limit); }

  // records
  caseActions(viewer: Reviewer | null, caseId: string) { return this.records.caseActions(viewer, caseId); }
  getAction(viewer: Reviewer | null, actionId: string) { return this.records.getAction(viewer, actionId); }
  memberStrikes(member: string) { return this.records.memberStrikes(member); }
  publicStatement(token: string) { return this.records.publicStatement(token); }
  exportStatements(after: string | undefined, limit: number, from?: Date, to?: Date) { return this.records.exportStatements(after, limit, from, to); }

  // appeals
  appealByPlatform(actor: Actor, actionId: string, input: { memberExternalId: string; text: string }): Promise<AppealView> {
    return this.appeals.appealByPlatform(actor, actionId, input);
  }
  appealByToken(token: string, input: { text: string; contactEmail?: string }): Promise<AppealView> { return this.appeals.appealByToken(token, input); }
  /** A reporter contests a decision not to act on the report (DSA Art. 20): for a member through the platform, or by receipt code. */
  appealByReporter(actor: Actor, reportId: string, input: { reporterId: string; text: string }): Promise<AppealView> {
    return this.reporterAppeals.appealByReporter(actor, reportId, input.reporterId, input.text);
  }
  appealByReceipt(receiptCode: string, text: string): Promise<AppealView> { return this.reporterAppeals.appealByReceipt(receiptCode, text); }
  reportStatus(receiptCode: string) { return this.reporterAppeals.status(receiptCode); }
  listAppeals(status: string | undefined, after: string | undefined, limit: number) { return this.appeals.listAppeals(status, after, limit); }
  getAppeal(viewer: Reviewer, id: string) { return this.appeals.getAppeal(viewer, id); }
  decideAppeal(reviewer: Reviewer, appealId: string, input: { outcome: 'upheld' | 'reversed'; reason: string; caseAfter?: 'resolve' | 'reopen' }) {
    return this.appeals.decideAppeal(reviewer, appealId, input);
  }
}

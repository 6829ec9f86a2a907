import { newId } from '../../lib/ids.js';
import { conflict, notFound } from '../../server/errors.js';
import type { Queryable, Tx } from '../../storage/db.js';
import type { Actor } from '../audit/audit.types.js';
import type { ActionRow, AppealRow, CaseRow, ReportRow } from './actions.repo.js';
import { addMonths } from './actions.statement.js';
import type { ActionsDeps, ActionView, AppealView, PublicAppeal, Reviewer } from './actions.types.js';
import { actionView, actorOfReviewer, appealView, publicAppealView } from './actions.views.js';
import { unsealOrNull } from './notify.js';

/** What an appeal's details hold when the reporter lodged it. */
interface ReporterAppealDetails {
  appellant: 'reporter';
  channel: 'platform' | 'public';
  reportId: string;
}

export const isReporterAppeal = (a: AppealRow): boolean => (a.details as { appellant?: string } | null)?.appellant === 'reporter';
const reportIdOf = (a: AppealRow): string | undefined => (a.details as Partial<ReporterAppealDetails> | null)?.reportId;

export interface ReportStatusView {
  status: 'received' | 'decided';
  outcome: string | null;
  category: string;
  receivedAt: string;
  /** The reporter may appeal the decision not to act on the report (DSA Art. 20) until then. */
  canAppeal: boolean;
  appealDeadline: string | null;
  appeal: PublicAppeal | null;
}

/**
 * A reporter's appeal of a decision not to act on their report (DSA Art. 20 gives notifiers the
 * same right as the member affected). It is an appeal of the dismissal in the same appeals table,
 * decided through AppealsService by a reviewer who did not take the decision; a reversal reopens
 * the case for a new decision.
 */
export class ReporterAppealsService {
  constructor(private readonly deps: ActionsDeps) {}

  /** The platform appeals for the member who made the report. */
  async appealByReporter(actor: Actor, reportId: string, reporterId: string, text: string): Promise<AppealView> {
    return this.deps.database.db.transaction(async (tx) => {
      const report = await this.deps.repo.report(tx, { id: reportId });
      if (!report) throw notFound('Report');
      if (report.reporterExternalId !== reporterId) throw conflict('not-the-reporter', 'Only the member who made the report may appeal its outcome');
      return this.file(tx, actor, report, text, 'platform');
    });
  }

  /** A public reporter appeals on the report's status page, with the receipt code. */
  async appealByReceipt(receiptCode: string, text: string): Promise<AppealView> {
    return this.deps.database.db.transaction(async (tx) => {
      const report = await this.deps.repo.report(tx, { receiptCode });
      if (!report) throw notFound('Report');
      return this.file(tx, { type: 'anonymous' }, report, text, 'public');
    });
  }

  /** What the public status page shows: progress, outcome and the reporter's appeal; nothing about others. */
  async status(receiptCode: string): Promise<ReportStatusView> {
    const db = this.deps.database.db;
    const report = await this.deps.repo.report(db, { receiptCode });
    if (!report) throw notFound('Report');
    const { dismissal, deadline, appeal } = await this.appealState(db, report);
    return {
      status: report.outcome ? 'decided' : 'received', outcome: report.outcome, category: report.category, receivedAt: report.receivedAt.toISOString(),
      canAppeal: Boolean(dismissal && deadline && !appeal && this.deps.clock.now() <= deadline),
      appealDeadline: deadline && !appeal ? deadline.toISOString() : null,
      appeal: appeal ? publicAppealView(appeal) : null,
    };
  }

  /**
   * Decides a reporter's appeal (the reviewer checks are the caller's). Upheld: the dismissal stands.
   * Reversed: the dismissal is reversed and the case reopens for a new decision (unless another case
   * on the subject is open, which then carries the review); other reporters' open appeals of it are
   * settled the same way. The reporters hear by webhook, and by e-mail when they left an address.
   */
  async decide(
    tx: Tx, reviewer: Reviewer, appeal: AppealRow, row: ActionRow, c: CaseRow, outcome: 'upheld' | 'reversed', reason: string, now: Date,
  ): Promise<{ appeal: AppealView; action: ActionView; case: { id: string; status: string; resolution: string | null } }> {
    const actor = actorOfReviewer(reviewer);
    const decision = { status: outcome, decidedBy: reviewer.id, decisionReason: reason, decidedAt: now };
    const decided = await this.deps.repo.updateAppeal(tx, appeal.id, decision);
    const settled = [decided];
    let action = row;
    let caseState = { id: c.id, status: c.status, resolution: c.resolution };
    if (outcome === 'reversed') {
      action = await this.deps.repo.updateAction(tx, row.id, { status: 'reversed', reversedAt: now });
      for (const other of await this.deps.repo.appealsForAction(tx, row.id)) {
        if (other.id !== appeal.id && other.status === 'open') settled.push(await this.deps.repo.updateAppeal(tx, other.id, decision));
      }
      await this.deps.repo.setReportOutcome(tx, c.id, null);
      const otherOpen = await this.deps.repo.otherOpenCase(tx, c);
      if (otherOpen) {
        await this.deps.repo.updateCase(tx, c.id, { resolution: 'reversed_on_appeal', updatedAt: now });
        caseState = { id: c.id, status: c.status, resolution: 'reversed_on_appeal' };
      } else {
        await this.deps.repo.updateCase(tx, c.id, { status: 'open', resolution: null, resolvedAt: null, assigneeId: null, claimedAt: null, updatedAt: now });
        caseState = { id: c.id, status: 'open', resolution: null };
      }
      await this.deps.audit.record(tx, {
        actor, type: 'action.reversed', subject: { type: 'case', id: c.id },
        payload: { actionId: row.id, action: row.action, appealId: appeal.id, appellant: 'reporter', reason, caseStatus: caseState.status },
      });
      await this.deps.audit.record(tx, otherOpen
        ? { actor, type: 'case.resolved', subject: { type: 'case', id: c.id }, payload: { cause: 'reporter_appeal', actionId: row.id, resolution: 'reversed_on_appeal', openCaseOnSubject: otherOpen } }
        : { actor, type: 'case.reopened', subject: { type: 'case', id: c.id }, payload: { cause: 'reporter_appeal', actionId: row.id } });
    }
    await this.deps.audit.record(tx, {
      actor, type: `appeal.${outcome}`, subject: { type: 'case', id: c.id },
      payload: { appealId: appeal.id, actionId: row.id, appellant: 'reporter', reason, settled: settled.map((a) => a.id) },
    });
    for (const a of settled) await this.tellReporter(tx, a, c, outcome, reason, caseState.status, now);
    const rule = row.ruleId ? await this.deps.repo.rule(tx, row.ruleId) : undefined;
    return { appeal: appealView(decided), action: actionView(action, rule ?? null, now), case: caseState };
  }

  private async file(tx: Tx, actor: Actor, report: ReportRow, text: string, channel: 'platform' | 'public'): Promise<AppealView> {
    const now = this.deps.clock.now();
    const { dismissal, deadline, appeal: earlier } = await this.appealState(tx, report, true);
    if (!dismissal || !deadline) {
      throw conflict('not-appealable', 'Only a decision not to act on the report can be appealed by its reporter; this report has none standing');
    }
    if (earlier) throw conflict('already-appealed', 'This report’s outcome has already been appealed');
    if (now > deadline) throw conflict('appeal-window-closed', `The appeal window for this decision closed at ${deadline.toISOString()}`);
    const details: ReporterAppealDetails = { appellant: 'reporter', channel, reportId: report.id };
    const appeal = await this.deps.repo.insertAppeal(tx, {
      id: newId(), actionId: dismissal.id, appellantExternalId: report.reporterExternalId, text, status: 'open', receivedAt: now, details,
    });
    await this.deps.audit.record(tx, {
      actor, type: 'appeal.received', subject: { type: 'case', id: report.caseId },
      payload: { appealId: appeal.id, actionId: dismissal.id, appellant: 'reporter', reportId: report.id, channel, deadline: deadline.toISOString() },
    });
    return appealView(appeal);
  }

  /**
   * The dismissal a reporter may appeal (only while the report's outcome is that decision), its
   * deadline, and this report's appeal: of that dismissal while one stands, else its latest (a
   * reversed dismissal leaves the report undecided, and the page still shows how the appeal went).
   */
  private async appealState(tx: Queryable, report: ReportRow, lock = false) {
    const dismissal = report.outcome === 'not_upheld' ? await this.deps.repo.standingDismissal(tx, report.caseId, lock) : undefined;
    const { enforcement } = (await this.deps.policies.current()).document;
    const deadline = dismissal ? addMonths(dismissal.decidedAt, enforcement.appealWindowMonths) : null;
    const mine = (await this.deps.repo.appealsOfDismissals(tx, report.caseId)).filter((a) => reportIdOf(a) === report.id);
    const appeal = dismissal ? mine.find((a) => a.actionId === dismissal.id) : mine[mine.length - 1];
    return { dismissal, deadline, appeal };
  }

  private async tellReporter(tx: Tx, appeal: AppealRow, c: CaseRow, outcome: 'upheld' | 'reversed', reason: string, caseStatus: string, now: Date): Promise<void> {
    const reportId = reportIdOf(appeal);
    const report = reportId ? await this.deps.repo.report(tx, { id: reportId }) : undefined;
    if (!report) return;
    const statusUrl = this.deps.links.reportStatus(report.receiptCode);
    if (report.reporterExternalId) {
      await this.deps.outbox.emit(tx, 'report.appeal_decided', {
        reportId: report.id, receiptCode: report.receiptCode, reporter: report.reporterExternalId, caseId: c.id, appealId: appeal.id,
        outcome, reason, caseStatus, decidedAt: now.toISOString(), statusUrl,
      });
    }
    const to = report.reporterEmailSealed ? unsealOrNull(this.deps.emailKey, report.reporterEmailSealed) : null;
    if (to) {
      await this.deps.outbox.email(tx, {
        to, related: { type: 'appeal', id: appeal.id },
        subject: outcome === 'reversed' ? `Your appeal about report ${report.receiptCode} was accepted` : `Your appeal about report ${report.receiptCode} was not accepted`,
        body: [
          outcome === 'reversed'
            ? 'A reviewer who did not take the first decision looked at your appeal and reversed the decision not to act: the report will be decided again.'
            : 'A reviewer who did not take the first decision looked at your appeal and kept the decision not to act.',
          '', `Reason: ${reason}`, '', `Your report's page: ${statusUrl}`,
          'You may also turn to a certified out-of-court dispute settlement body (DSA Art. 21) or to a court.',
        ].join('\n'),
      });
    }
  }
}

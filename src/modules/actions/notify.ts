import { unseal } from '../../lib/crypto.js';
import type { Tx } from '../../storage/db.js';
import type { ActionRow, CaseRow, RuleRow } from './actions.repo.js';
import type { ActionType, StoredStatement } from './actions.statement.js';
import type { ActionsDeps } from './actions.types.js';
import { mailLanguage, statementMail, type MailLanguage } from './member-mail.js';

// Telling reporters, affected members and appellants what became of a report, a decision or an appeal.

/** Records each report's outcome and tells reporters: a webhook for members, e-mail to public reporters who gave one. */
export async function tellReporters(deps: ActionsDeps, tx: Tx, c: CaseRow, outcome: 'upheld' | 'not_upheld', action: ActionType | 'reversed', now: Date): Promise<void> {
  const reports = await deps.repo.reportsFor(tx, c.id);
  if (!reports.length) return;
  await deps.repo.setReportOutcome(tx, c.id, outcome);
  for (const r of reports) {
    if (r.reporterExternalId) {
      await deps.outbox.emit(tx, 'report.outcome', {
        reportId: r.id, receiptCode: r.receiptCode, reporter: r.reporterExternalId, caseId: c.id, outcome, action,
        decidedAt: now.toISOString(), statusUrl: deps.links.reportStatus(r.receiptCode),
      });
    }
    const to = r.reporterEmailSealed ? unsealOrNull(deps.emailKey, r.reporterEmailSealed) : null;
    if (to) {
      await deps.outbox.email(tx, {
        to, related: { type: 'report', id: r.id },
        subject: `The outcome of your report ${r.receiptCode}`,
        body: reporterEmail(r.receiptCode, outcome, action, deps.links.reportStatus(r.receiptCode)),
      });
    }
  }
}

/**
 * Sends the affected member the statement of reasons by e-mail, in their language, when Trygg holds
 * their address (from account events); the statement.issued webhook tells the platform either way.
 */
export async function tellMember(deps: ActionsDeps, tx: Tx, row: ActionRow, rule: RuleRow | null): Promise<void> {
  const statement = row.statement as StoredStatement | null;
  if (!statement || !row.affectedExternalId) return;
  const member = await memberAddress(deps, tx, row.affectedExternalId);
  if (!member) return;
  const mail = statementMail(member.lang, {
    action: row.action as ActionType, ruleTitle: rule?.title ?? '', facts: statement.dsa.decision_facts, endsAt: row.endsAt,
    appealUrl: deps.links.appeal(row.publicToken), appealDeadline: new Date(statement.redress.appealDeadline),
  });
  await deps.outbox.email(tx, { to: member.to, related: { type: 'action', id: row.id }, ...mail });
}

/** The member's unsealed address and mail language, or null when Trygg holds none. */
export async function memberAddress(deps: ActionsDeps, tx: Tx, externalId: string): Promise<{ to: string; lang: MailLanguage } | null> {
  const contact = await deps.repo.memberContact(tx, externalId);
  const to = contact ? unsealOrNull(deps.emailKey, contact.emailSealed) : null;
  return to ? { to, lang: mailLanguage(contact!.locale) } : null;
}

export function unsealOrNull(emailKey: Buffer, sealed: string): string | null {
  try {
    return unseal(emailKey, sealed);
  } catch {
    return null;
  }
}

function reporterEmail(receipt: string, outcome: 'upheld' | 'not_upheld', action: ActionType | 'reversed', statusUrl: string): string {
  const result =
    action === 'reversed'
      ? 'After an appeal by the member concerned, a second reviewer reversed the earlier decision: the content or account is no longer restricted.'
      : outcome === 'upheld'
        ? 'We found that it broke the platform’s rules and acted on it.'
        : 'We did not find that it broke the platform’s rules, so we did not act on it.';
  return [
    `Thank you for your report (receipt ${receipt}).`,
    '',
    result,
    '',
    `Your report's page: ${statusUrl}`,
    'If you disagree, you may turn to a certified out-of-court dispute settlement body (DSA Art. 21) or to a court.',
    'If a child is in danger, contact the police.',
  ].join('\n');
}

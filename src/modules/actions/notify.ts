import { unseal } from '../../lib/crypto.js';
import type { Tx } from '../../storage/db.js';
import type { CaseRow } from './actions.repo.js';
import type { ActionType } from './actions.statement.js';
import type { ActionsDeps } from './actions.types.js';

// Telling reporters and appellants what became of their report or appeal.

/** Records each report's outcome and tells reporters: a webhook for members, e-mail to public reporters who gave one. */
export async function tellReporters(deps: ActionsDeps, tx: Tx, c: CaseRow, outcome: 'upheld' | 'not_upheld', action: ActionType | 'reversed', now: Date): Promise<void> {
  const reports = await deps.repo.reportsFor(tx, c.id);
  if (!reports.length) return;
  await deps.repo.setReportOutcome(tx, c.id, outcome);
  for (const r of reports) {
    if (r.reporterExternalId) {
      await deps.outbox.emit(tx, 'report.outcome', {
        reportId: r.id, receiptCode: r.receiptCode, reporter: r.reporterExternalId, caseId: c.id, outcome, action,
        decidedAt: now.toISOString(),
      });
    }
    const to = r.reporterEmailSealed ? unsealOrNull(deps.emailKey, r.reporterEmailSealed) : null;
    if (to) {
      await deps.outbox.email(tx, {
        to, related: { type: 'report', id: r.id },
        subject: `The outcome of your report ${r.receiptCode}`,
        body: reporterEmail(r.receiptCode, outcome, action),
      });
    }
  }
}

export function unsealOrNull(emailKey: Buffer, sealed: string): string | null {
  try {
    return unseal(emailKey, sealed);
  } catch {
    return null;
  }
}

function reporterEmail(receipt: string, outcome: 'upheld' | 'not_upheld', action: ActionType | 'reversed'): string {
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
    'If you disagree, you may turn to a certified out-of-court dispute settlement body (DSA Art. 21) or to a court.',
    'If a child is in danger, contact the police.',
  ].join('\n');
}

export function appealEmail(outcome: 'upheld' | 'reversed', reason: string, path: string): string {
  return [
    outcome === 'reversed'
      ? 'A reviewer who did not take the first decision looked at your appeal and reversed the decision.'
      : 'A reviewer who did not take the first decision looked at your appeal and kept the decision.',
    '',
    `Reason: ${reason}`,
    '',
    `The decision and its statement of reasons: ${path}`,
    'You may also turn to a certified out-of-court dispute settlement body (DSA Art. 21) or to a court.',
  ].join('\n');
}

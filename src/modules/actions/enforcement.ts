import type { Tx } from '../../storage/db.js';
import type { ActionRow } from './actions.repo.js';
import { accountRestrictions } from './actions.statement.js';
import type { ActionsDeps } from './actions.types.js';

// What a decision or a reversal changes on the platform beyond the action itself: hides and the account's restriction.

const RESTRICTION_RANK: Record<string, number> = { ban: 3, suspend: 2, restrict_minors: 1 };

/** Lifts a case's precautionary hides (the platform restores the content). Returns their ids. */
export async function liftHides(deps: ActionsDeps, tx: Tx, caseId: string, reason: string, now: Date): Promise<string[]> {
  const hides = await deps.repo.activeHidesFor(tx, caseId);
  for (const h of hides) {
    await deps.repo.updateAction(tx, h.id, { status: 'reversed', reversedAt: now });
    await deps.outbox.emit(tx, 'action.reversed', {
      actionId: h.id, caseId, action: 'hide', subject: { type: h.subjectType, id: h.subjectId }, member: h.affectedExternalId,
      reason, reversedAt: now.toISOString(),
    });
  }
  return hides.map((h) => h.id);
}

/**
 * Sets the account's restriction from the actions in force, so contact decisions (capability 1)
 * deny a restricted, suspended or banned member contact with minors. The one lasting longest wins.
 */
export async function recomputeRestriction(deps: ActionsDeps, tx: Tx, member: string, now: Date): Promise<void> {
  const inForce = await deps.repo.restrictionsInForce(tx, member, now);
  const end = (r: ActionRow) => r.endsAt?.getTime() ?? Number.POSITIVE_INFINITY;
  inForce.sort((a, b) => end(b) - end(a) || (RESTRICTION_RANK[b.action] ?? 0) - (RESTRICTION_RANK[a.action] ?? 0));
  const top = inForce[0];
  await deps.repo.setAccountRestriction(
    tx, member, top ? accountRestrictions[top.action as keyof typeof accountRestrictions] : null, top?.endsAt ?? null, now,
  );
  await deps.policies.contactFactsChanged(tx, { accounts: [member] });
}

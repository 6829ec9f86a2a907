import type { PolicyDocument } from '../policy/policy.document.js';
import type { AdultActivity } from './signals.repo.js';

export type SignalKind =
  | 'minor-first-contacts-24h'
  | 'minor-first-contacts-7d'
  | 'minors-reject'
  | 'age-gap-denials-24h'
  | 'buff-burst-to-minors';

export interface SignalFinding {
  kind: SignalKind;
  value: number;
  threshold: number;
  /** Which minors, when, what was denied: what a moderator needs to judge the signal. */
  evidence: Record<string, unknown>;
}

const DAY = 86_400_000;

/** The behaviour signals an adult's recent activity crosses. Pure: thresholds come from the policy. */
export function findSignals(activity: AdultActivity, thresholds: PolicyDocument['signals'], now: Date): SignalFinding[] {
  const findings: SignalFinding[] = [];
  const since = (ms: number) => now.getTime() - ms;
  const day = activity.firstContacts.filter((c) => Date.parse(c.at) > since(DAY));
  if (day.length >= thresholds.distinctMinorsFirstContacted24h) {
    findings.push({ kind: 'minor-first-contacts-24h', value: day.length, threshold: thresholds.distinctMinorsFirstContacted24h, evidence: { window: '24h', contacts: day } });
  }
  if (activity.firstContacts.length >= thresholds.distinctMinorsFirstContacted7d) {
    findings.push({
      kind: 'minor-first-contacts-7d', value: activity.firstContacts.length, threshold: thresholds.distinctMinorsFirstContacted7d,
      evidence: { window: '7d', contacts: activity.firstContacts },
    });
  }
  if (activity.contactedMinors >= thresholds.minorRejectionMinContacts && activity.contactedMinors > 0) {
    const share = activity.rejectingMinors.length / activity.contactedMinors;
    if (share >= thresholds.minorRejectionShare) {
      findings.push({
        kind: 'minors-reject', value: Math.round(share * 1000) / 1000, threshold: thresholds.minorRejectionShare,
        evidence: { contactedMinors: activity.contactedMinors, rejections: activity.rejectingMinors },
      });
    }
  }
  if (activity.ageGapDenials.length >= thresholds.ageGapDenials24h) {
    findings.push({
      kind: 'age-gap-denials-24h', value: activity.ageGapDenials.length, threshold: thresholds.ageGapDenials24h,
      evidence: { window: '24h', denials: activity.ageGapDenials },
    });
  }
  const burst = densestWindow(activity.buffsToMinors, thresholds.buffBurstMinutes * 60_000);
  if (burst.length >= thresholds.buffBurstToMinors) {
    findings.push({
      kind: 'buff-burst-to-minors', value: burst.length, threshold: thresholds.buffBurstToMinors,
      evidence: { windowMinutes: thresholds.buffBurstMinutes, buffs: burst },
    });
  }
  return findings;
}

/** The largest run of time-ordered items that fits within `windowMs` (two pointers). */
export function densestWindow<T extends { at: string }>(items: T[], windowMs: number): T[] {
  let best: [number, number] = [0, 0];
  let start = 0;
  for (let end = 0; end < items.length; end++) {
    while (Date.parse(items[end]!.at) - Date.parse(items[start]!.at) > windowMs) start++;
    if (end + 1 - start > best[1] - best[0]) best = [start, end + 1];
  }
  return items.slice(best[0], best[1]);
}

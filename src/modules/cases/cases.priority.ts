import { categories, type Category } from './categories.js';

export interface PriorityFacts {
  category: string;
  minorInvolved: boolean;
  trustedFlagger: boolean;
  /** Distinct reporters. */
  reporters: number;
  signals: number;
}

/**
 * 0-100: category severity first, then a minor on either side, a trusted flagger, more distinct
 * reporters and more signals. Waiting time enters through the queue key, not here.
 */
export function casePriority(f: PriorityFacts): number {
  const severity = categories[f.category as Category]?.severity ?? 10;
  const score =
    severity * 0.6 +
    (f.minorInvolved ? 20 : 0) +
    (f.trustedFlagger ? 10 : 0) +
    Math.min(Math.max(f.reporters - 1, 0), 5) * 2 +
    Math.min(f.signals, 5) * 2;
  return Math.min(100, Math.round(score));
}

/** Each priority point moves a case this much earlier in the queue: priority 100 ≈ 10 hours. */
export const PRIORITY_HEAD_START_MS = 6 * 60_000;

/**
 * The queue's order: opened_at moved earlier by the priority. A case waiting longer rises; a more
 * urgent one starts higher. A stored timestamp, so pages are stable and keyset-paged on an index.
 */
export const queueKey = (openedAt: Date, priority: number): Date => new Date(openedAt.getTime() - priority * PRIORITY_HEAD_START_MS);

/** When a case in this category must have been handled (service-level timer). */
export const slaDue = (from: Date, category: string): Date =>
  new Date(from.getTime() + (categories[category as Category]?.slaHours ?? 24) * 3_600_000);

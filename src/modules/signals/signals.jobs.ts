import type { JobQueue } from '../../jobs/queue.js';
import type { Queryable } from '../../storage/db.js';
import { SignalsPacing } from './signals.pacing.js';
import type { SignalsService } from './signals.service.js';

export const SIGNALS_QUEUE = 'signals.evaluate';
const SIGNALS_CONCURRENCY = 2;
/** Due jobs a signals worker takes at once. */
const SIGNALS_BATCH = 100;

export interface SignalsJob {
  members: string[];
  /** Queued for the end of the members' pacing window (signals.pacing.ts): evaluate them whatever it says. */
  due?: boolean;
}

/**
 * Asks for the members' signals to be evaluated after this transaction commits. One job per
 * batch, not per member: a wave of 500 contacts costs one insert. Evaluation is idempotent
 * (one case item per signal per day), so a redelivered job adds nothing.
 */
export async function requestSignals(
  jobs: JobQueue | undefined, tx: Queryable, members: Iterable<string>, due?: { at: Date },
): Promise<void> {
  const unique = [...new Set(members)];
  if (!jobs || unique.length === 0) return;
  if (due) await jobs.enqueue<SignalsJob>(tx, SIGNALS_QUEUE, { members: unique, due: true }, { startAfter: due.at });
  else await jobs.enqueue<SignalsJob>(tx, SIGNALS_QUEUE, { members: unique });
}

export async function registerSignalJobs(jobs: JobQueue, signals: SignalsService, pacing = new SignalsPacing()): Promise<void> {
  // A job mostly waits on the database (opening cases, preserving evidence): two at once drain a
  // wave of denials faster. Cases lock their subject, so two jobs about one member do not race.
  // Each worker takes the jobs due together (a denial batch asks for one every 50 ms while
  // decisions deny): one fetch, one completion and one pass of pacing and evaluation for them all.
  await jobs.workBatch<SignalsJob>(SIGNALS_QUEUE, async (batch) => {
    // An evaluation queued for a window's end runs whatever the window says; a member it covers
    // who was also asked about again is evaluated once, by it.
    const due = new Set(batch.filter((job) => job.data.due === true).flatMap((job) => job.data.members));
    const asked = batch.filter((job) => job.data.due !== true).flatMap((job) => job.data.members).filter((m) => !due.has(m));
    const forced = pacing.take([...due], true);
    const { now, later, laterInMs } = pacing.take(asked);
    if (later.length) await signals.evaluateLater(jobs, later, new Date(Date.now() + laterInMs));
    const evaluate = [...forced.now, ...now];
    if (evaluate.length) await signals.evaluateMany(evaluate);
  }, { concurrency: SIGNALS_CONCURRENCY, batchSize: SIGNALS_BATCH });
}

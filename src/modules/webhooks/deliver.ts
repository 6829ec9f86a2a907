import { performance } from 'node:perf_hooks';
import { runJobOnce } from '../../jobs/job-runs.js';
import type { Job, JobQueue } from '../../jobs/queue.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { Database, Queryable } from '../../storage/db.js';
import { DELIVER_WEBHOOK_QUEUE } from './outbox.js';
import { openSecrets, signMessage, signingSecrets } from './signing.js';
import type { DeliveryRow, EndpointRow, MessageRow, WebhooksRepo } from './webhooks.repo.js';

export interface DeliveryConfig {
  /** One request's limit; slower counts as a failed attempt. */
  timeoutMs: number;
  /** Seconds to wait before each retry; after the last retry fails, the delivery is `failed`. */
  retryScheduleSeconds: readonly number[];
}

export const defaultDeliveryConfig: DeliveryConfig = {
  timeoutMs: 10_000,
  // Standard Webhooks' recommendation after the immediate first attempt: ~27.6 hours in all.
  retryScheduleSeconds: [5, 300, 1800, 7200, 18_000, 36_000, 36_000],
};

/**
 * The job's data. The Outbox enqueues `{deliveryId}` (the first attempt); each failed attempt
 * enqueues the next with its number and a start time from the schedule; a manual redelivery
 * starts again at attempt 1.
 */
export interface DeliverJob {
  deliveryId: string;
  attempt?: number;
}

export interface AttemptOutcome {
  ok: boolean;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
}

/** The body every attempt of a message carries: the same bytes each time. */
export function messageBody(message: Pick<MessageRow, 'eventType' | 'createdAt' | 'payload'>): string {
  return JSON.stringify({ type: message.eventType, timestamp: message.createdAt.toISOString(), data: message.payload });
}

/**
 * Sends one webhook attempt per job and decides what follows. Idempotent: a delivery that
 * succeeded or failed is never sent again by a stale or redelivered job, and a job whose outcome
 * committed (its runJobOnce marker exists) does not send twice. A crash between the request and
 * that commit sends the message again with the same webhook-id, which is what receivers dedupe on.
 */
export class WebhookDeliverer {
  constructor(
    private readonly database: Database,
    private readonly repo: WebhooksRepo,
    private readonly clock: Clock,
    private readonly secretKey: Buffer,
    private readonly jobs: JobQueue,
    private readonly config: DeliveryConfig,
    private readonly fetchFn: typeof fetch = fetch,
  ) {}

  async handle(job: Job<DeliverJob>): Promise<void> {
    const db = this.database.db;
    const { deliveryId } = job.data;
    const attempt = job.data.attempt ?? 1;
    const delivery = await this.repo.deliveryById(db, deliveryId);
    if (!delivery || delivery.status !== 'pending') return;
    if (await this.repo.jobDone(db, job.id)) return;

    const endpoint = await this.repo.endpointById(db, delivery.endpointId);
    const message = await this.repo.messageById(db, delivery.messageId);
    if (!endpoint || !endpoint.enabled || !message) {
      // Nothing is sent to a disabled or deleted endpoint: the delivery ends failed, and can be
      // redelivered once the endpoint is enabled again.
      const reason = !endpoint ? 'endpoint deleted' : !endpoint.enabled ? 'endpoint disabled' : 'message missing';
      await runJobOnce(db, job, async (tx) => {
        const current = await this.repo.deliveryById(tx, deliveryId, true);
        if (current?.status !== 'pending') return;
        await this.repo.updateDelivery(tx, deliveryId, { status: 'failed', nextAttemptAt: null, lastError: reason });
      });
      return;
    }

    const outcome = await this.send(endpoint, message);
    await runJobOnce(db, job, (tx) => this.record(tx, delivery.id, attempt, outcome));
  }

  /** One signed POST. Any 2xx succeeds; another status, a timeout or a network error fails. */
  async send(endpoint: Pick<EndpointRow, 'url' | 'secretSealed'>, message: MessageRow): Promise<AttemptOutcome> {
    const body = messageBody(message);
    // The timestamp is checked against the receiver's clock, so it is wall time, not the app clock.
    let signed;
    try {
      signed = signMessage(signingSecrets(openSecrets(this.secretKey, endpoint.secretSealed), this.clock.now()), message.id, new Date(), body);
    } catch {
      return { ok: false, statusCode: null, durationMs: 0, error: 'the signing secret cannot be unsealed (was TRYGG_SECRET_KEY changed?)' };
    }
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    try {
      const response = await this.fetchFn(endpoint.url, {
        method: 'POST',
        headers: { ...signed, 'content-type': 'application/json', 'user-agent': 'Trygg-Webhooks/1' },
        body,
        // A redirect is an answer, not a success: it is not followed (nor is the signed body re-sent elsewhere).
        redirect: 'manual',
        signal: AbortSignal.timeout(this.config.timeoutMs),
      });
      // The response body is not needed; release the connection without reading it.
      await response.body?.cancel().catch(() => {});
      const ok = response.status >= 200 && response.status < 300;
      return { ok, statusCode: response.status, durationMs: elapsed(), error: ok ? null : `HTTP ${response.status}` };
    } catch (error) {
      return { ok: false, statusCode: null, durationMs: elapsed(), error: describeFetchError(error, this.config.timeoutMs) };
    }
  }

  /** Records the attempt and what follows it: success, the next scheduled attempt, or failed. */
  private async record(tx: Queryable, deliveryId: string, attempt: number, outcome: AttemptOutcome): Promise<void> {
    const current: DeliveryRow | undefined = await this.repo.deliveryById(tx, deliveryId, true);
    if (!current) return;
    const now = this.clock.now();
    await this.repo.insertAttempt(tx, {
      id: newId(), deliveryId, attemptedAt: now, statusCode: outcome.statusCode, durationMs: outcome.durationMs, error: outcome.error,
    });
    const logged = { attempts: current.attempts + 1, lastAttemptAt: now, lastStatusCode: outcome.statusCode, lastError: outcome.error };
    if (current.status !== 'pending') {
      // Ended meanwhile (its endpoint was deleted): keep the log, change nothing else.
      await this.repo.updateDelivery(tx, deliveryId, logged);
      return;
    }
    if (outcome.ok) {
      await this.repo.updateDelivery(tx, deliveryId, { ...logged, status: 'succeeded', succeededAt: now, nextAttemptAt: null });
      return;
    }
    const delaySeconds = this.config.retryScheduleSeconds[attempt - 1];
    if (delaySeconds === undefined) {
      await this.repo.updateDelivery(tx, deliveryId, { ...logged, status: 'failed', nextAttemptAt: null });
      return;
    }
    const delayMs = delaySeconds * 1000;
    await this.repo.updateDelivery(tx, deliveryId, { ...logged, nextAttemptAt: new Date(now.getTime() + delayMs) });
    // pg-boss compares startAfter with the database's clock: the delay is counted in wall time.
    await this.jobs.enqueue<DeliverJob>(tx, DELIVER_WEBHOOK_QUEUE, { deliveryId, attempt: attempt + 1 }, { startAfter: new Date(Date.now() + delayMs) });
  }
}

/** A short, secret-free description: the kind of failure, never a header or the body. */
export function describeFetchError(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `timeout after ${timeoutMs} ms`;
  const cause = e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(error);
  return `network error: ${cause}`.slice(0, 300);
}

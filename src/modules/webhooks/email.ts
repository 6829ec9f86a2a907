import nodemailer from 'nodemailer';
import { runJobOnce } from '../../jobs/job-runs.js';
import type { Job, JobQueue } from '../../jobs/queue.js';
import type { Clock } from '../../lib/clock.js';
import { unseal } from '../../lib/crypto.js';
import type { Database, Queryable } from '../../storage/db.js';
import { SEND_EMAIL_QUEUE } from './outbox.js';
import type { WebhooksRepo } from './webhooks.repo.js';

export interface EmailConfig {
  /** smtp://[user:pass@]host:port or smtps://…; unset: nothing is sent, e-mails stay pending. */
  smtpUrl?: string;
  from: string;
  /** Seconds to wait before each retry of a temporary failure; then the e-mail is `failed`. */
  retryScheduleSeconds: readonly number[];
}

export interface SendEmailJob {
  emailId: string;
  attempt?: number;
}

/** What the sender needs from a mail transport (nodemailer's, or a test double). */
export interface MailTransport {
  sendMail(message: { from: string; to: string; subject: string; text: string; messageId: string }): Promise<unknown>;
  close(): void;
}

interface SendOutcome {
  ok: boolean;
  /** The server refused this message for good (a 5xx reply): no retry. */
  permanent: boolean;
  error: string | null;
}

export function smtpTransport(config: EmailConfig): MailTransport {
  return nodemailer.createTransport({
    url: config.smtpUrl,
    // Well under the job's 5-minute limit; nodemailer's defaults wait up to 10 minutes.
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
    // Never log: the envelope holds the recipient's address.
    logger: false,
    debug: false,
  }) as unknown as MailTransport;
}

/**
 * Sends the e-mails the Outbox recorded, one per job. The address is unsealed only here, in
 * memory, for the SMTP envelope; it is never logged, nor are the body or the server's reply
 * text (which may repeat the address): an error is kept as its code and SMTP reply code only.
 */
export class EmailSender {
  constructor(
    private readonly database: Database,
    private readonly repo: WebhooksRepo,
    private readonly clock: Clock,
    private readonly emailKey: Buffer,
    private readonly jobs: JobQueue,
    private readonly config: EmailConfig,
    private readonly transport: MailTransport,
  ) {}

  async handle(job: Job<SendEmailJob>): Promise<void> {
    const db = this.database.db;
    const { emailId } = job.data;
    const attempt = job.data.attempt ?? 1;
    const email = await this.repo.emailById(db, emailId);
    // Sent or failed: never again (a redelivered or stale job finds it so).
    if (!email || email.status !== 'pending') return;
    if (await this.repo.jobDone(db, job.id)) return;

    const outcome = await this.send(email.id, email.toSealed, email.subject, email.body);
    await runJobOnce(db, job, (tx) => this.record(tx, emailId, attempt, outcome));
  }

  private async send(id: string, toSealed: string, subject: string, body: string): Promise<SendOutcome> {
    let to: string;
    try {
      to = unseal(this.emailKey, toSealed);
    } catch {
      return { ok: false, permanent: true, error: 'the address cannot be unsealed (was TRYGG_SECRET_KEY changed?)' };
    }
    try {
      // The message id is stable across retries, so a receiving system can tell a repeat.
      await this.transport.sendMail({ from: this.config.from, to, subject, text: body, messageId: `<${id}@trygg>` });
      return { ok: true, permanent: false, error: null };
    } catch (error) {
      return describeSmtpError(error);
    }
  }

  private async record(tx: Queryable, emailId: string, attempt: number, outcome: SendOutcome): Promise<void> {
    const current = await this.repo.emailById(tx, emailId, true);
    if (current?.status !== 'pending') return;
    const now = this.clock.now();
    const attempts = current.attempts + 1;
    if (outcome.ok) {
      await this.repo.updateEmail(tx, emailId, { status: 'sent', attempts, sentAt: now, lastError: null });
      return;
    }
    const delaySeconds = outcome.permanent ? undefined : this.config.retryScheduleSeconds[attempt - 1];
    if (delaySeconds === undefined) {
      await this.repo.updateEmail(tx, emailId, { status: 'failed', attempts, lastError: outcome.error });
      return;
    }
    await this.repo.updateEmail(tx, emailId, { attempts, lastError: outcome.error });
    await this.jobs.enqueue<SendEmailJob>(tx, SEND_EMAIL_QUEUE, { emailId, attempt: attempt + 1 }, { startAfter: new Date(Date.now() + delaySeconds * 1000) });
  }

  close(): void {
    this.transport.close();
  }
}

/** The error's kind and SMTP reply code, never its text (a server's reply may quote the address). */
function describeSmtpError(error: unknown): SendOutcome {
  const e = (error ?? {}) as { code?: string; responseCode?: number; command?: string; permanent?: boolean };
  const parts = [e.code ?? 'error', e.responseCode ? String(e.responseCode) : '', e.command ? `at ${e.command.split(' ')[0]}` : ''];
  const responseCode = e.responseCode ?? 0;
  const permanent = e.permanent ?? (responseCode >= 500 && responseCode < 600 && responseCode !== 503);
  return { ok: false, permanent, error: `SMTP ${parts.filter(Boolean).join(' ')}`.slice(0, 200) };
}

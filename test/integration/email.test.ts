import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { OutboundEmail } from '../../src/modules/webhooks/outbox.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { testDriver } from '../support/database.js';
import { waitFor } from '../support/jobs.js';
import { startSmtp, withEnv } from '../support/smtp.js';

interface EmailRow {
  status: string;
  attempts: number;
  lastError: string | null;
  toSealed: string;
  sentAt: unknown;
}

describe(`e-mail over SMTP (${testDriver})`, () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await withEnv(
      { TRYGG_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, TRYGG_MAIL_FROM: 'Trygg Abuse Team <abuse@trygg.test>', TRYGG_EMAIL_RETRY_SCHEDULE: '1' },
      () => createTestApp({ jobs: true }),
    );
  });

  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const queue = (message: OutboundEmail) => t.db.database.db.transaction((tx) => t.services.outbox.email(tx, message));

  const row = async (id: string): Promise<EmailRow> => {
    const { rows } = await t.db.database.executeSql(
      'SELECT status, attempts, last_error, to_sealed, sent_at FROM outbound_emails WHERE id = $1', [id],
    );
    const r = rows[0]!;
    return { status: r.status as string, attempts: Number(r.attempts), lastError: r.last_error as string | null, toSealed: r.to_sealed as string, sentAt: r.sent_at };
  };

  it('sends a queued e-mail to the right recipient with the right subject, and marks it sent', async () => {
    const id = await queue({
      to: 'reporter@example.org', subject: 'The outcome of your report', body: 'We removed the content you reported. Case 42.',
      related: { type: 'report', id: 'r-42' },
    });
    expect((await row(id)).toSealed).not.toContain('reporter@example.org');

    await waitFor('the e-mail to arrive', () => smtp.received.some((m) => m.to.includes('reporter@example.org')));
    const mail = smtp.received.find((m) => m.to.includes('reporter@example.org'))!;
    expect(mail.to).toEqual(['reporter@example.org']);
    expect(mail.from).toBe('abuse@trygg.test');
    expect(mail.raw).toMatch(/^Subject: The outcome of your report\r?$/m);
    expect(mail.raw).toMatch(/^To: reporter@example\.org\r?$/m);
    expect(mail.raw).toMatch(new RegExp(`^Message-ID: <${id}@trygg>\\r?$`, 'mi'));
    expect(mail.raw).toContain('We removed the content you reported. Case 42.');

    await waitFor('the e-mail to be marked sent', async () => (await row(id)).status === 'sent');
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
    expect((await row(id)).sentAt).toBeTruthy();
  });

  it('retries a temporary refusal (451) and sends on the next attempt', async () => {
    const id = await queue({ to: 'member@temp-fail.test', subject: 'Statement of reasons', body: 'Your message was hidden.' });
    await waitFor('the e-mail to be sent on its second attempt', async () => (await row(id)).status === 'sent');
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
    expect(smtp.received.filter((m) => m.to.includes('member@temp-fail.test'))).toHaveLength(1);
  });

  it('marks a permanently refused e-mail (550) failed at once, keeping no address in the error', async () => {
    const id = await queue({ to: 'nobody@reject.test', subject: 'Outcome', body: 'secret body text' });
    await waitFor('the e-mail to fail', async () => (await row(id)).status === 'failed');
    const failed = await row(id);
    expect(failed.attempts).toBe(1);
    expect(failed.lastError).toMatch(/^SMTP \w+ 550/);
    expect(failed.lastError).not.toContain('nobody');
    await sleep(1_500);
    expect((await row(id)).attempts).toBe(1);
  });

  it('sends nothing for an e-mail queued in a transaction that rolled back', async () => {
    await expect(
      t.db.database.db.transaction(async (tx) => {
        await t.services.outbox.email(tx, { to: 'rolled-back@example.org', subject: 'x', body: 'y' });
        throw new Error('the report failed');
      }),
    ).rejects.toThrow('the report failed');
    const committed = await queue({ to: 'after@example.org', subject: 'after', body: 'z' });
    await waitFor('the committed e-mail to be sent', async () => (await row(committed)).status === 'sent');
    await sleep(1_000);
    expect(smtp.received.flatMap((m) => m.to)).not.toContain('rolled-back@example.org');
  });

  it('never logs addresses or bodies', () => {
    const logs = t.logs.join('\n');
    for (const secret of ['reporter@example.org', 'member@temp-fail.test', 'nobody@reject.test', 'We removed the content', 'secret body text']) {
      expect(logs).not.toContain(secret);
    }
  });
});

describe(`e-mail without an SMTP server configured (${testDriver})`, () => {
  it('keeps e-mails pending and warns once', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const t = await withEnv({ TRYGG_SMTP_URL: undefined }, () => createTestApp({ jobs: true }));
    try {
      const smtpWarnings = () => warn.mock.calls.filter((c) => String(c[0]).includes('TRYGG_SMTP_URL is not set'));
      expect(smtpWarnings()).toHaveLength(1);
      const id = await t.db.database.db.transaction((tx) => t.services.outbox.email(tx, { to: 'someone@example.org', subject: 's', body: 'b' }));
      await sleep(2_000);
      const { rows } = await t.db.database.executeSql('SELECT status, attempts FROM outbound_emails WHERE id = $1', [id]);
      expect(rows[0]).toMatchObject({ status: 'pending', attempts: 0 });
      expect(smtpWarnings()).toHaveLength(1);
      expect(warn.mock.calls.flat().join(' ')).not.toContain('someone@example.org');
    } finally {
      await t.close();
      warn.mockRestore();
    }
  });
});

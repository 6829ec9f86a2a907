import { describe, expect, it } from 'vitest';
import { readEnv } from '../../config/env.js';
import { TryggError } from '../../server/errors.js';
import { deliveryConfig, emailConfig } from './webhooks.jobs.js';
import { decodeCursor, encodeCursor, validateEndpointUrl } from './webhooks.service.js';

describe('endpoint URLs', () => {
  it.each([
    ['https://platform.example/hooks/trygg', 'https://platform.example/hooks/trygg'],
    ['  http://127.0.0.1:8080/in?token=abc ', 'http://127.0.0.1:8080/in?token=abc'],
    ['HTTPS://Example.ORG', 'https://example.org/'],
  ])('accepts %s', (raw, normalised) => {
    expect(validateEndpointUrl(raw)).toBe(normalised);
  });

  it.each([
    ['ftp://example.org/x', /http or https/],
    ['file:///etc/passwd', /http or https/],
    ['javascript:alert(1)', /http or https/],
    ['https://user:pass@example.org/hook', /credentials/],
    ['https://user@example.org/hook', /credentials/],
    ['https://example.org/hook#frag', /fragment/],
    ['not a url', /absolute/],
    ['/relative/path', /absolute/],
    [`https://example.org/${'a'.repeat(2001)}`, /at most/],
  ])('rejects %s', (raw, message) => {
    expect(() => validateEndpointUrl(raw)).toThrow(TryggError);
    expect(() => validateEndpointUrl(raw)).toThrow(message);
  });
});

describe('delivery log cursor', () => {
  it('round-trips and rejects anything else', () => {
    const row = { createdAt: new Date('2026-03-01T10:00:00.123Z'), id: '0195f1e2-0000-7000-8000-000000000001' };
    expect(decodeCursor(encodeCursor(row))).toEqual(row);
    for (const bad of ['', 'abc', Buffer.from('2026-03-01|x').toString('base64url'), '%%%']) {
      expect(() => decodeCursor(bad)).toThrow(/cursor/);
    }
  });
});

describe('webhook and e-mail configuration', () => {
  it('defaults to a 10 s timeout and the Standard Webhooks schedule over more than 24 hours', () => {
    const env = readEnv({});
    const config = deliveryConfig(env);
    expect(config.timeoutMs).toBe(10_000);
    expect(config.retryScheduleSeconds).toEqual([5, 300, 1800, 7200, 18_000, 36_000, 36_000]);
    expect(config.retryScheduleSeconds.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(24 * 3600);
    expect(emailConfig(env)).toMatchObject({ smtpUrl: undefined, from: 'Trygg <noreply@localhost>' });
  });

  it('reads a schedule, a timeout and an SMTP server', () => {
    const env = readEnv({
      TRYGG_WEBHOOK_RETRY_SCHEDULE: '1, 2,3.5', TRYGG_WEBHOOK_TIMEOUT_SECONDS: '0.5',
      TRYGG_SMTP_URL: 'smtp://mail.example:2525', TRYGG_MAIL_FROM: 'Abuse <abuse@example.org>', TRYGG_EMAIL_RETRY_SCHEDULE: '1',
    });
    expect(deliveryConfig(env)).toEqual({ timeoutMs: 500, retryScheduleSeconds: [1, 2, 3.5] });
    expect(emailConfig(env)).toEqual({ smtpUrl: 'smtp://mail.example:2525', from: 'Abuse <abuse@example.org>', retryScheduleSeconds: [1] });
  });

  it.each([
    ['TRYGG_WEBHOOK_RETRY_SCHEDULE', '5,soon'],
    ['TRYGG_WEBHOOK_RETRY_SCHEDULE', '-1'],
    ['TRYGG_WEBHOOK_RETRY_SCHEDULE', '999999999'],
    ['TRYGG_WEBHOOK_TIMEOUT_SECONDS', '0'],
    ['TRYGG_SMTP_URL', 'http://mail.example'],
  ])('fails naming %s when it is %s', (variable, value) => {
    expect(() => readEnv({ [variable]: value })).toThrow(new RegExp(`^Invalid configuration: ${variable}:`));
  });

  it('never repeats an SMTP URL (it may hold a password) in a configuration error', () => {
    expect(() => readEnv({ TRYGG_SMTP_URL: 'mailto://user:s3cret@mail.example' })).toThrow(/^Invalid configuration: TRYGG_SMTP_URL:/);
    expect(() => readEnv({ TRYGG_SMTP_URL: 'mailto://user:s3cret@mail.example' })).not.toThrow(/s3cret/);
  });
});

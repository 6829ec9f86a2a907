import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { ROTATION_GRACE_MS, generateSecret, isSecret, openSecrets, sealSecrets, signMessage, signingSecrets } from './signing.js';

const key = Buffer.alloc(32, 7);

describe('Standard Webhooks signing', () => {
  it('matches the specification example', () => {
    // https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
    const headers = signMessage(['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'], 'msg_p5jXN8AQM9LWM0D4loKWxJek', new Date(1614265330_000), '{"test": 2432232314}');
    expect(headers).toEqual({
      'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      'webhook-timestamp': '1614265330',
      'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    });
  });

  it('signs HMAC-SHA256 of id.timestamp.body with the base64-decoded secret', () => {
    const secret = generateSecret();
    const body = JSON.stringify({ type: 'action.taken', data: { ä: 'ö' } });
    const at = new Date();
    const headers = signMessage([secret], 'msg_1', at, body);
    const expected = createHmac('sha256', Buffer.from(secret.slice('whsec_'.length), 'base64'))
      .update(`msg_1.${Math.floor(at.getTime() / 1000)}.${body}`)
      .digest('base64');
    expect(headers['webhook-signature']).toBe(`v1,${expected}`);
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
  });

  it('makes secrets of 32 random bytes behind whsec_', () => {
    const a = generateSecret();
    expect(isSecret(a)).toBe(true);
    expect(Buffer.from(a.slice(6), 'base64')).toHaveLength(32);
    expect(generateSecret()).not.toBe(a);
  });

  it('signs with both secrets during a rotation, so a receiver with either accepts', () => {
    const [old, fresh] = [generateSecret(), generateSecret()];
    const headers = signMessage([fresh, old], 'msg_2', new Date(), '{}');
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(() => new Webhook(old).verify('{}', { ...headers })).not.toThrow();
    expect(() => new Webhook(fresh).verify('{}', { ...headers })).not.toThrow();
    expect(() => new Webhook(generateSecret()).verify('{}', { ...headers })).toThrow();
  });

  it('seals secrets and drops the previous one after its grace period', () => {
    const current = generateSecret();
    expect(openSecrets(key, sealSecrets(key, { current }))).toEqual({ current });
    const now = new Date('2026-02-01T00:00:00Z');
    const previousUntil = new Date(now.getTime() + ROTATION_GRACE_MS).toISOString();
    const sealed = sealSecrets(key, { current, previous: 'whsec_' + Buffer.alloc(32, 1).toString('base64'), previousUntil });
    expect(sealed).not.toContain('whsec_');
    const opened = openSecrets(key, sealed);
    expect(signingSecrets(opened, now)).toHaveLength(2);
    expect(signingSecrets(opened, new Date(now.getTime() + ROTATION_GRACE_MS + 1))).toEqual([current]);
  });
});

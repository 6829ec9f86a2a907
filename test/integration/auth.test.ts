import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../src/modules/staff/totp.js';
import { createTestApp, signInAs, type TestApp } from '../support/app.js';
import { testDriver } from '../support/database.js';

const password = 'correct horse battery staple';

describe(`staff sign-in, sessions and two-factor (${testDriver})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const signIn = (email: string, pw = password, ip = '198.51.100.7') =>
    t.app.inject({ method: 'POST', url: '/v1/auth/sign-in', payload: { email, password: pw }, remoteAddress: ip });
  const cookieOf = (res: { cookies: { name: string; value: string }[] }) => `trygg_session=${res.cookies.find((c) => c.name === 'trygg_session')!.value}`;

  it('sets an HttpOnly SameSite=Lax session cookie and answers the session', async () => {
    await t.services.staff.create({ type: 'system' }, { email: 'mod@example.test', role: 'moderator', password });
    const res = await signIn('MOD@example.test ');
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'trygg_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(res.json()).toMatchObject({ state: 'active', staff: { email: 'mod@example.test', role: 'moderator' } });
    const session = await t.app.inject({ url: '/v1/auth/session', headers: { cookie: cookieOf(res) } });
    expect(session.json().staff.email).toBe('mod@example.test');
  });

  it('marks the cookie Secure behind TLS', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/auth/sign-in', payload: { email: 'mod@example.test', password }, headers: { 'x-forwarded-proto': 'https' } });
    // trustProxy is off here: the header alone must not make a plain connection "TLS".
    expect(res.cookies.find((c) => c.name === 'trygg_session')!.secure).toBeFalsy();
    const proxied = await createTestApp({ http: { trustProxy: true } });
    try {
      await proxied.services.staff.create({ type: 'system' }, { email: 'mod@example.test', role: 'moderator', password });
      const behindTls = await proxied.app.inject({
        method: 'POST', url: '/v1/auth/sign-in', payload: { email: 'mod@example.test', password }, headers: { 'x-forwarded-proto': 'https' },
      });
      expect(behindTls.cookies.find((c) => c.name === 'trygg_session')!.secure).toBe(true);
    } finally {
      await proxied.close();
    }
  });

  it('gives the same answer for a wrong password and an unknown e-mail, and audits both', async () => {
    const wrong = await signIn('mod@example.test', 'not the password at all');
    const unknown = await signIn('nobody@example.test', 'not the password at all');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().detail).toBe(unknown.json().detail);
    const failures = await t.services.audit.list({ type: 'staff.sign_in_failed', limit: 10 });
    expect(failures.map((f) => (f.payload as { reason: string }).reason)).toEqual(expect.arrayContaining(['wrong-password', 'unknown-email']));
  });

  it('locks an account after five failures, even for the right password, until the lockout ends', async () => {
    await t.services.staff.create({ type: 'system' }, { email: 'locked@example.test', role: 'moderator', password });
    for (let i = 0; i < 5; i++) expect((await signIn('locked@example.test', 'wrong password here', `203.0.113.${i}`)).statusCode).toBe(401);
    const locked = await signIn('locked@example.test', password, '203.0.113.99');
    expect(locked.statusCode).toBe(423);
    expect(locked.json().code).toBe('signin-locked');
    expect((await t.services.audit.list({ type: 'staff.locked_out', limit: 5 })).length).toBeGreaterThan(0);
    t.clock.advance(16 * 60_000);
    expect((await signIn('locked@example.test', password, '203.0.113.99')).statusCode).toBe(200);
  });

  it('throttles sign-in attempts per IP address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await signIn('nobody@example.test', 'whatever whatever', '192.0.2.250')).statusCode);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });

  it('holds an admin without two-factor to enrolment, then lets them in', async () => {
    await t.services.staff.create({ type: 'system' }, { email: 'admin@example.test', role: 'admin', password });
    const res = await signIn('admin@example.test');
    expect(res.json().state).toBe('enrolment_required');
    const cookie = cookieOf(res);
    const csrf = res.json().csrfToken;
    const blocked = await t.app.inject({ url: '/v1/staff', headers: { cookie } });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe('two-factor-enrolment-required');
    const { secret } = (await t.app.inject({ method: 'POST', url: '/v1/auth/two-factor/enrolment', headers: { cookie, 'x-csrf-token': csrf } })).json();
    const wrong = await t.app.inject({ method: 'POST', url: '/v1/auth/two-factor/enrolment/confirm', headers: { cookie, 'x-csrf-token': csrf }, payload: { code: '000000' } });
    expect(wrong.statusCode).toBe(401);
    const ok = await t.app.inject({
      method: 'POST', url: '/v1/auth/two-factor/enrolment/confirm', headers: { cookie, 'x-csrf-token': csrf }, payload: { code: totpCode(secret, t.clock.now()) },
    });
    expect(ok.json()).toMatchObject({ state: 'active', twoFactorVerified: true });
    expect((await t.app.inject({ url: '/v1/staff', headers: { cookie } })).statusCode).toBe(200);
  });

  it('asks an enrolled admin for a code at sign-in and refuses a code used twice', async () => {
    const admin = await signInAs(t, 'admin');
    const email = (await t.services.staff.get(admin.staffId)).email;
    t.clock.advance(30_000);
    const res = await signIn(email);
    expect(res.json().state).toBe('two_factor_pending');
    const cookie = cookieOf(res);
    const headers = { cookie, 'x-csrf-token': res.json().csrfToken };
    const code = totpCode(admin.totpSecret!, t.clock.now());
    const first = await t.app.inject({ method: 'POST', url: '/v1/auth/two-factor/verify', headers, payload: { code } });
    expect(first.json().state).toBe('active');
    const again = await signIn(email);
    const replay = await t.app.inject({
      method: 'POST', url: '/v1/auth/two-factor/verify', headers: { cookie: cookieOf(again), 'x-csrf-token': again.json().csrfToken }, payload: { code },
    });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().code).toBe('invalid-two-factor-code');
  });

  it('refuses cookie writes without the CSRF token', async () => {
    const admin = await signInAs(t, 'admin');
    const payload = { email: 'new@example.test', role: 'moderator' };
    const none = await t.app.inject({ method: 'POST', url: '/v1/staff', headers: admin.headers(false), payload });
    const wrong = await t.app.inject({ method: 'POST', url: '/v1/staff', headers: { ...admin.headers(false), 'x-csrf-token': 'guess' }, payload });
    expect([none.statusCode, wrong.statusCode]).toEqual([403, 403]);
    expect(none.json().code).toBe('csrf-token-invalid');
    expect((await t.app.inject({ method: 'POST', url: '/v1/staff', headers: admin.headers(true), payload })).statusCode).toBe(201);
  });

  it('ends a session after idle time and on sign-out, with a clear 401', async () => {
    const mod = await signInAs(t, 'moderator');
    t.clock.advance(61 * 60_000);
    const idle = await t.app.inject({ url: '/v1/auth/session', headers: mod.headers() });
    expect(idle.statusCode).toBe(401);
    expect(idle.json().code).toBe('session-expired');
    const again = await signInAs(t, 'moderator');
    expect((await t.app.inject({ method: 'POST', url: '/v1/auth/sign-out', headers: again.headers(true) })).statusCode).toBe(204);
    expect((await t.app.inject({ url: '/v1/auth/session', headers: again.headers() })).statusCode).toBe(401);
  });

  it('revokes sessions when an admin disables someone or changes their role', async () => {
    const admin = await signInAs(t, 'admin');
    const mod = await signInAs(t, 'moderator');
    const patch = await t.app.inject({ method: 'PATCH', url: `/v1/staff/${mod.staffId}`, headers: admin.headers(true), payload: { role: 'auditor' } });
    expect(patch.json().role).toBe('auditor');
    expect((await t.app.inject({ url: '/v1/auth/session', headers: mod.headers() })).statusCode).toBe(401);
  });

  it('keeps the last active admin', async () => {
    const solo = await createTestApp();
    try {
      const admin = await signInAs(solo, 'admin');
      const res = await solo.app.inject({ method: 'PATCH', url: `/v1/staff/${admin.staffId}`, headers: admin.headers(true), payload: { role: 'moderator' } });
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('last-admin');
    } finally {
      await solo.close();
    }
  });

  it('never writes passwords, codes, cookies or keys to the logs', async () => {
    const admin = await signInAs(t, 'admin');
    const created = await t.app.inject({ method: 'POST', url: '/v1/api-keys', headers: admin.headers(true), payload: { name: 'platform', scopes: ['accounts:read'] } });
    const key = created.json().key as string;
    await t.app.inject({ url: '/v1/accounts/nobody', headers: { authorization: `Bearer ${key}` } });
    await signIn('mod@example.test', 'a very secret wrong password');
    const logs = t.logs.join('');
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of [password, 'a very secret wrong password', key, key.split('_')[2]!, admin.cookie.split('=')[1]!, admin.csrf]) {
      expect(logs).not.toContain(secret);
    }
  });
});

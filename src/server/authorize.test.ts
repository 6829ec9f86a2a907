import { describe, expect, it } from 'vitest';
import type { ResolvedSession } from '../modules/auth/auth.service.js';
import type { Access, Role } from './access.js';
import { authorize, type Principal } from './authorize.js';

const staff = (role: Role, state: ResolvedSession['state'] = 'active', twoFactorVerified = true): Principal => ({
  kind: 'staff',
  session: {
    tokenHash: 'h', state, csrfToken: 'csrf-ok', twoFactorVerified, expiresAt: '',
    staff: { id: 's', email: 'e', displayName: 'd', role, status: 'active', twoFactorEnabled: true, lockedUntil: null, lastSignInAt: null, createdAt: '' },
  },
});
const adminsOnly: Access = { roles: ['admin'] };

describe('authorize', () => {
  it('lets anyone call a public route and no one else an undeclared role', () => {
    expect(authorize({ public: true }, { kind: 'anonymous' }, 'POST', undefined).ok).toBe(true);
    expect(authorize(adminsOnly, { kind: 'anonymous' }, 'GET', undefined)).toMatchObject({ status: 401 });
    expect(authorize(adminsOnly, staff('moderator'), 'GET', undefined)).toMatchObject({ status: 403, code: 'forbidden-role' });
    expect(authorize(adminsOnly, staff('admin'), 'GET', undefined).ok).toBe(true);
  });

  it('requires the CSRF token on cookie writes but not reads or API keys', () => {
    expect(authorize(adminsOnly, staff('admin'), 'POST', undefined)).toMatchObject({ code: 'csrf-token-invalid' });
    expect(authorize(adminsOnly, staff('admin'), 'DELETE', 'wrong')).toMatchObject({ code: 'csrf-token-invalid' });
    expect(authorize(adminsOnly, staff('admin'), 'POST', 'csrf-ok').ok).toBe(true);
    const key: Principal = { kind: 'api_key', key: { id: 'k', name: 'n', scopes: ['events:write'] } };
    expect(authorize({ roles: [], scopes: ['events:write'] }, key, 'POST', undefined).ok).toBe(true);
  });

  it('allows an API key only with a declared scope', () => {
    const key: Principal = { kind: 'api_key', key: { id: 'k', name: 'n', scopes: ['media:check'] } };
    expect(authorize({ roles: ['admin'], scopes: ['events:write'] }, key, 'GET', undefined)).toMatchObject({ code: 'missing-scope' });
    expect(authorize(adminsOnly, key, 'GET', undefined)).toMatchObject({ status: 403 });
  });

  it('holds a session that has not passed two-factor to the sign-in routes', () => {
    expect(authorize(adminsOnly, staff('admin', 'enrolment_required', false), 'GET', undefined)).toMatchObject({ code: 'two-factor-enrolment-required' });
    expect(authorize(adminsOnly, staff('admin', 'two_factor_pending', false), 'GET', undefined)).toMatchObject({ code: 'two-factor-required' });
    expect(authorize({ roles: ['admin'], duringSignIn: true }, staff('admin', 'two_factor_pending', false), 'GET', undefined).ok).toBe(true);
  });

  it('demands a two-factor session for child-safety data from every role', () => {
    const childSafety: Access = { roles: ['moderator'], twoFactor: true };
    expect(authorize(childSafety, staff('moderator', 'active', false), 'GET', undefined)).toMatchObject({ code: 'two-factor-required' });
    expect(authorize(childSafety, staff('moderator', 'active', true), 'GET', undefined).ok).toBe(true);
  });
});

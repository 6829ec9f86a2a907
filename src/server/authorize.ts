import { safeEqual } from '../lib/crypto.js';
import type { ResolvedApiKey } from '../modules/apikeys/apikeys.service.js';
import type { ResolvedSession } from '../modules/auth/auth.service.js';
import type { Actor } from '../modules/audit/audit.types.js';
import type { Access } from './access.js';

export type Principal =
  | { kind: 'anonymous' }
  | { kind: 'staff'; session: ResolvedSession }
  | { kind: 'api_key'; key: ResolvedApiKey };

export type Decision = { ok: true } | { ok: false; status: 401 | 403; code: string; detail: string };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function actorOf(principal: Principal): Actor {
  if (principal.kind === 'staff') return { type: 'staff', id: principal.session.staff.id };
  if (principal.kind === 'api_key') return { type: 'api_key', id: principal.key.id };
  return { type: 'anonymous' };
}

/** Decides a call against a route's declaration. Pure, so every branch is tested directly. */
export function authorize(access: Access, principal: Principal, method: string, csrfHeader: string | undefined): Decision {
  if ('public' in access) return { ok: true };
  if (principal.kind === 'anonymous') {
    return { ok: false, status: 401, code: 'unauthenticated', detail: 'Sign in, or send an API key as a Bearer token' };
  }
  if (principal.kind === 'api_key') {
    const allowed = access.scopes ?? [];
    if (allowed.some((s) => principal.key.scopes.includes(s))) return { ok: true };
    return {
      ok: false, status: 403, code: 'missing-scope',
      detail: allowed.length ? `This API key needs one of the scopes: ${allowed.join(', ')}` : 'API keys cannot call this operation',
    };
  }
  const { session } = principal;
  // Cookies ride along on cross-site requests; a write must also prove it came from our console.
  if (!SAFE_METHODS.has(method) && !(csrfHeader && safeEqual(csrfHeader, session.csrfToken))) {
    return { ok: false, status: 403, code: 'csrf-token-invalid', detail: 'Missing or wrong x-csrf-token header' };
  }
  if (!access.roles.includes(session.staff.role)) {
    return { ok: false, status: 403, code: 'forbidden-role', detail: `The ${session.staff.role} role may not call this operation` };
  }
  if (session.state !== 'active' && !access.duringSignIn) {
    const code = session.state === 'enrolment_required' ? 'two-factor-enrolment-required' : 'two-factor-required';
    return { ok: false, status: 403, code, detail: 'Finish two-factor sign-in first' };
  }
  if (access.twoFactor && !session.twoFactorVerified) {
    return { ok: false, status: 403, code: 'two-factor-required', detail: 'This data needs a two-factor session: enrol in two-factor and sign in again' };
  }
  return { ok: true };
}

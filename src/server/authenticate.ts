import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TryggApp } from './app.js';
import { actorOf, authorize, type Principal } from './authorize.js';
import { sendProblem } from './errors.js';
import type { Services } from './services.js';

export const SESSION_COOKIE = 'trygg_session';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
}

export interface CookieOptions {
  secureCookies: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    secureCookies: boolean;
  }
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, expiresAt: Date): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.server.secureCookies || request.protocol === 'https',
    expires: expiresAt,
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

/** The session a request carries; routes declared for staff only get here with one. */
export function sessionOf(request: FastifyRequest) {
  if (request.principal.kind !== 'staff') throw new Error('route reached without a staff session');
  return request.principal.session;
}

/**
 * Resolves who is calling (API key or session cookie) and enforces the route's access
 * declaration before the body is even parsed. Refusals of presented credentials are audited.
 */
export function installAuth(app: TryggApp, services: Services, options: CookieOptions): void {
  app.decorate('secureCookies', options.secureCookies);
  app.decorateRequest('principal', null as never);
  app.addHook('onRequest', async (request, reply) => {
    request.principal = { kind: 'anonymous' };
    const access = request.routeOptions.config?.access;
    // Public routes never need to know who calls: no credential lookup on /healthz or sign-in.
    if (!access || 'public' in access) return;
    const authorization = request.headers.authorization;
    let invalidCredential: string | undefined;
    if (authorization?.startsWith('Bearer ')) {
      const key = await services.apiKeys.resolve(authorization.slice(7).trim());
      if (key) request.principal = { kind: 'api_key', key };
      else invalidCredential = 'invalid-api-key';
    } else {
      const token = request.cookies[SESSION_COOKIE];
      if (token) {
        const session = await services.auth.resolve(token);
        if (session) request.principal = { kind: 'staff', session };
        else invalidCredential = 'session-expired';
      }
    }
    if (invalidCredential) {
      if (invalidCredential === 'session-expired') clearSessionCookie(reply);
      await services.audit.recordAlone({
        actor: { type: 'anonymous' },
        type: 'access.denied',
        payload: { reason: invalidCredential, method: request.method, route: request.routeOptions.url ?? request.url, ip: request.ip },
      });
      const detail = invalidCredential === 'invalid-api-key' ? 'The API key is unknown or revoked' : 'The session has expired: sign in again';
      return sendProblem(request, reply, 401, invalidCredential, detail);
    }
    const csrf = request.headers['x-csrf-token'];
    const decision = authorize(access, request.principal, request.method, typeof csrf === 'string' ? csrf : undefined);
    if (decision.ok) return;
    if (decision.status === 403) {
      await services.audit.recordAlone({
        actor: actorOf(request.principal),
        type: 'access.denied',
        payload: { reason: decision.code, method: request.method, route: request.routeOptions.url ?? request.url, ip: request.ip },
      });
    }
    return sendProblem(request, reply, decision.status, decision.code, decision.detail);
  });
}

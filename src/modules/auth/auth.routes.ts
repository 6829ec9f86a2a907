import { z } from 'zod';
import type { TryggApp } from '../../server/app.js';
import { allStaff } from '../../server/access.js';
import { clearSessionCookie, sessionOf, setSessionCookie } from '../../server/authenticate.js';
import type { ModuleDeps } from '../../server/modules.js';
import { problemSchema, problems } from '../../server/schemas.js';
import { staffViewSchema } from '../staff/staff.schemas.js';

const sessionSchema = z
  .object({
    staff: staffViewSchema,
    state: z.enum(['active', 'two_factor_pending', 'enrolment_required']),
    csrfToken: z.string().describe('Send as x-csrf-token on every write made with the session cookie'),
    twoFactorVerified: z.boolean(),
    expiresAt: z.string(),
  })
  .meta({ id: 'Session' });

const codeBody = z.strictObject({ code: z.string().trim().regex(/^\d{6}$/, 'must be 6 digits') });
const duringSignIn = { roles: allStaff, duringSignIn: true } as const;
const tags = ['auth'];
const publicView = <T extends { tokenHash?: string }>({ tokenHash: _omit, ...rest }: T) => rest;

export function authRoutes(app: TryggApp, { services }: ModuleDeps): void {
  app.post('/auth/sign-in', {
    config: { access: { public: true }, rateLimit: { max: 10, timeWindow: 60_000, keyGenerator: (request) => `signin:${request.ip}` } },
    schema: {
      tags, summary: 'Sign in with e-mail and password',
      description: 'Sets the session cookie. When state is not "active", finish two-factor (verify, or enrol and confirm) before anything else.',
      body: z.strictObject({ email: z.string().trim().min(3).max(320), password: z.string().min(1).max(256) }),
      response: { 200: sessionSchema, 423: problemSchema, ...problems },
    },
  }, async (request, reply) => {
    const { token, ...session } = await services.auth.signIn(request.body.email, request.body.password, {
      ip: request.ip, userAgent: request.headers['user-agent'],
    });
    setSessionCookie(request, reply, token, new Date(session.expiresAt));
    return session;
  });

  app.get('/auth/session', {
    config: { access: duringSignIn },
    schema: { tags, summary: 'The signed-in staff member and session state', response: { 200: sessionSchema, ...problems } },
  }, async (request) => publicView(sessionOf(request)));

  app.post('/auth/sign-out', {
    config: { access: duringSignIn },
    schema: { tags, summary: 'End the session', response: { 204: z.null(), ...problems } },
  }, async (request, reply) => {
    await services.auth.signOut(sessionOf(request));
    clearSessionCookie(reply);
    return reply.status(204).send(null);
  });

  app.post('/auth/two-factor/verify', {
    config: { access: duringSignIn, rateLimit: { max: 10, timeWindow: 60_000 } },
    schema: { tags, summary: 'Second sign-in step: a code from the authenticator', body: codeBody, response: { 200: sessionSchema, 423: problemSchema, ...problems } },
  }, async (request) => publicView(await services.auth.verifyTwoFactor(sessionOf(request), request.body.code, { ip: request.ip })));

  app.post('/auth/two-factor/enrolment', {
    config: { access: duringSignIn },
    schema: {
      tags, summary: 'Start two-factor enrolment',
      response: { 200: z.object({ secret: z.string(), otpauthUrl: z.string() }), ...problems },
    },
  }, async (request) => services.auth.startEnrolment(sessionOf(request)));

  app.post('/auth/two-factor/enrolment/confirm', {
    config: { access: duringSignIn, rateLimit: { max: 10, timeWindow: 60_000 } },
    schema: { tags, summary: 'Confirm enrolment with a first code', body: codeBody, response: { 200: sessionSchema, 423: problemSchema, ...problems } },
  }, async (request) => publicView(await services.auth.confirmEnrolment(sessionOf(request), request.body.code, { ip: request.ip })));
}

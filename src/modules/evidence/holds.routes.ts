import { z } from 'zod';
import type { TryggApp } from '../../server/app.js';
import { sessionOf } from '../../server/authenticate.js';
import type { ModuleDeps } from '../../server/modules.js';
import { idParams, pageQuery, problems } from '../../server/schemas.js';
import { evidenceItemSchema } from './evidence.routes.js';

const reason = z.string().trim().min(3).max(2000);
const holdSchema = z.object({
  id: z.uuid(), scope: z.object({ type: z.enum(['account', 'case']), id: z.string() }), reason: z.string(), placedBy: z.string(), placedAt: z.string(),
  released: z.object({ by: z.string(), at: z.string(), reason: z.string() }).nullable(), active: z.boolean(),
  preservedItems: z.array(z.uuid()).optional(),
}).meta({ id: 'LegalHold' });

/** Holds are the legal role's, with two-factor; auditors may read the list. */
const legal = { roles: ['legal'], twoFactor: true } as const;
const holdReaders = { roles: ['legal', 'auditor'], twoFactor: true } as const;
const evidenceReaders = { roles: ['moderator', 'senior_moderator', 'admin', 'legal'], twoFactor: true } as const;
const tags = ['legal'];

export function legalHoldRoutes(app: TryggApp, { services }: ModuleDeps): void {
  const holds = services.legal.holds;

  app.post('/legal-holds', {
    config: { access: legal },
    schema: {
      tags, summary: 'Place a legal hold on an account or a case',
      description: "While the hold is active nothing preserved for its scope is purged. Placing it also preserves the member's account, login history and decisions now. An account is named by the platform's account id; a case by its id.",
      body: z.strictObject({
        scope: z.discriminatedUnion('type', [
          z.strictObject({ type: z.literal('account'), id: z.string().trim().min(1).max(300) }),
          z.strictObject({ type: z.literal('case'), id: z.uuid() }),
        ]),
        reason,
      }),
      response: { 201: holdSchema, ...problems },
    },
  }, async (request, reply) => reply.status(201).send(await holds.place(sessionOf(request).staff.id, request.body)));

  app.post('/legal-holds/:id/release', {
    config: { access: legal },
    schema: { tags, summary: 'Release a legal hold (with a reason)', params: idParams, body: z.strictObject({ reason }), response: { 200: holdSchema, ...problems } },
  }, async (request) => holds.release(sessionOf(request).staff.id, request.params.id, request.body.reason));

  app.get('/legal-holds', {
    config: { access: holdReaders },
    schema: {
      tags, summary: 'Legal holds, newest first',
      querystring: pageQuery.extend({
        active: z.stringbool().optional(), scopeType: z.enum(['account', 'case']).optional(), scopeId: z.string().min(1).max(300).optional(),
      }),
      response: { 200: z.object({ items: z.array(holdSchema) }), ...problems },
    },
  }, async (request) => ({ items: await holds.list(request.query) }));

  app.get('/legal-holds/:id', {
    config: { access: holdReaders },
    schema: { tags, summary: 'One legal hold', params: idParams, response: { 200: holdSchema, ...problems } },
  }, async (request) => holds.get(request.params.id));

  app.get('/subjects/:type/:id/evidence', {
    config: { access: evidenceReaders },
    schema: {
      tags: ['evidence'], summary: "A subject's preserved evidence (no content), newest first",
      params: z.strictObject({ type: z.enum(['account', 'message', 'image', 'profile', 'conversation']), id: z.string().min(1).max(300) }),
      response: { 200: z.object({ items: z.array(evidenceItemSchema) }), ...problems },
    },
  }, async (request) => ({ items: await services.evidence.forSubject(request.params.type, request.params.id) }));

  app.get('/evidence/signing-key', {
    config: { access: { public: true } },
    schema: {
      tags: ['evidence'], summary: "The installation's Ed25519 public key that signs evidence export packages",
      description: 'Compare the fingerprint with the one in a package (manifest.json signingKey) before trusting it.',
      response: { 200: z.object({ algorithm: z.literal('Ed25519'), publicKey: z.string(), pem: z.string(), fingerprint: z.string() }) },
    },
  }, async () => services.legal.signer.published);
}

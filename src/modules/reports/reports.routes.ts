import { z } from 'zod';
import type { TryggApp } from '../../server/app.js';
import { actorOf } from '../../server/authorize.js';
import type { ModuleDeps } from '../../server/modules.js';
import { idParams, problems } from '../../server/schemas.js';
import { publicAppealSchema } from '../actions/actions.schemas.js';
import { memberReportBody, publicReportBody, receiptParams, receiptSchema } from './reports.schemas.js';

const flagger = z
  .object({
    id: z.uuid(), name: z.string(), contactEmail: z.string().nullable(), verified: z.boolean(), revoked: z.boolean(),
    members: z.number().int(), reports: z.number().int(), decided: z.number().int(), upheldShare: z.number().nullable(), createdAt: z.string(),
  })
  .meta({ id: 'TrustedFlagger' });
const tags = ['reports'];

export function reportRoutes(app: TryggApp, { services }: ModuleDeps): void {
  app.post('/reports', {
    config: { access: { roles: [], scopes: ['reports:write'] } },
    schema: {
      tags, summary: "Report on a member's behalf",
      description: 'A notice under DSA Art. 16: subject, category, explanation, location, evidence references and a good-faith statement. Reports on one subject join its open case; the same reporter reporting the same case again is counted once. Subjects Trygg has not seen are accepted and held.',
      body: memberReportBody, response: { 201: receiptSchema, ...problems },
    },
  }, async (request, reply) => reply.status(201).send(await services.reports.submitForMember(actorOf(request.principal), request.body)));

  app.post('/public/reports', {
    config: { access: { public: true }, rateLimit: { max: 10, timeWindow: 60_000, keyGenerator: (request) => `public-report:${request.ip}` } },
    schema: {
      tags, summary: 'The public report form (no account)',
      description: 'Name and e-mail are optional (never required for child sexual abuse material). The receipt code shows the outcome later.',
      body: publicReportBody, response: { 201: receiptSchema, ...problems },
    },
  }, async (request, reply) => reply.status(201).send(await services.reports.submitPublic(request.body)));

  app.get('/public/reports/:receiptCode', {
    config: { access: { public: true }, rateLimit: { max: 30, timeWindow: 60_000, keyGenerator: (request) => `public-receipt:${request.ip}` } },
    schema: {
      tags, summary: 'What became of a report (by its receipt code), and whether its reporter may appeal a decision not to act',
      params: receiptParams,
      response: {
        200: z.object({
          status: z.enum(['received', 'decided']), outcome: z.string().nullable(), category: z.string(), receivedAt: z.string(),
          canAppeal: z.boolean(), appealDeadline: z.string().nullable(),
          appeal: publicAppealSchema.nullable(),
        }),
        ...problems,
      },
    },
  }, async (request) => services.actions.reportStatus(request.params.receiptCode));

  const staffView = { roles: ['admin', 'moderator', 'senior_moderator', 'auditor'] } as const;
  const admins = { roles: ['admin'] } as const;
  app.get('/trusted-flaggers', {
    config: { access: staffView },
    schema: { tags, summary: 'Trusted flaggers with their accuracy (share of decided reports upheld)', response: { 200: z.object({ items: z.array(flagger) }), ...problems } },
  }, async () => ({ items: await services.flaggers.list() }));

  app.post('/trusted-flaggers', {
    config: { access: admins },
    schema: {
      tags, summary: 'Add an organisation (not yet verified)',
      body: z.strictObject({ name: z.string().trim().min(1).max(200), contactEmail: z.email().optional() }),
      response: { 201: flagger, ...problems },
    },
  }, async (request, reply) => reply.status(201).send(await services.flaggers.create(actorOf(request.principal), request.body.name, request.body.contactEmail)));

  app.post('/trusted-flaggers/:id/status', {
    config: { access: admins },
    schema: {
      tags, summary: 'Verify or revoke an organisation', params: idParams,
      body: z.strictObject({ status: z.enum(['verified', 'revoked']) }), response: { 204: z.null(), ...problems },
    },
  }, async (request, reply) => {
    await services.flaggers.setStatus(actorOf(request.principal), request.params.id, request.body.status);
    return reply.status(204).send(null);
  });

  app.post('/trusted-flaggers/:id/members', {
    config: { access: admins },
    schema: {
      tags, summary: "Add a member account the organisation vouches for", params: idParams,
      body: z.strictObject({ memberId: z.string().trim().min(1).max(200) }), response: { 200: z.object({ added: z.boolean() }), ...problems },
    },
  }, async (request) => services.flaggers.addMember(actorOf(request.principal), request.params.id, request.body.memberId));
}

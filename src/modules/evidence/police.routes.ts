import { z } from 'zod';
import type { TryggApp } from '../../server/app.js';
import { sessionOf } from '../../server/authenticate.js';
import type { ModuleDeps } from '../../server/modules.js';
import { idParams, pageQuery, problems } from '../../server/schemas.js';

const text = (max: number) => z.string().trim().min(1).max(max);
const when = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);
const scope = z.strictObject({
  accounts: z.array(text(300)).max(100).default([]),
  cases: z.array(z.uuid()).max(100).default([]),
  from: when.nullable().default(null),
  to: when.nullable().default(null),
});
const intake = z.strictObject({
  agency: text(300), officer: text(300), contact: text(500), caseNumber: text(200), legalBasis: text(2000),
  scope, deadline: z.iso.datetime({ offset: true }),
});
const requestSchema = z.object({
  id: z.uuid(), agency: z.string(), officer: z.string(), contact: z.string(), caseNumber: z.string(), legalBasis: z.string(),
  scope: z.object({ accounts: z.array(z.string()), cases: z.array(z.string()), from: z.string().nullable(), to: z.string().nullable() }),
  deadline: z.string(), status: z.enum(['received', 'accepted', 'rejected', 'fulfilled']), receivedBy: z.string(), receivedAt: z.string(),
  review: z.object({ by: z.string(), at: z.string(), decision: z.enum(['accept', 'reject']), reason: z.string() }).nullable(),
  fulfilledAt: z.string().nullable(),
  exports: z.array(z.object({ id: z.string(), packageSha256: z.string(), itemCount: z.number().int(), exportedBy: z.string(), exportedAt: z.string() })),
}).meta({ id: 'PoliceRequest' });

/** Police data requests are the legal role's alone, with two-factor. */
const legal = { roles: ['legal'], twoFactor: true } as const;
const tags = ['legal'];

export function policeRequestRoutes(app: TryggApp, { services }: ModuleDeps): void {
  const police = services.legal.police;

  app.post('/police-requests', {
    config: { access: legal },
    schema: {
      tags, summary: 'Record a police data request (intake)',
      description: 'Scope: accounts (platform account ids) and/or cases, optionally a date range on when the evidence was preserved (a date-only `to` covers that day).',
      body: intake, response: { 201: requestSchema, ...problems },
    },
  }, async (request, reply) => reply.status(201).send(await police.intake(sessionOf(request).staff.id, request.body)));

  app.get('/police-requests', {
    config: { access: legal },
    schema: {
      tags, summary: 'Police data requests, newest first',
      querystring: pageQuery.extend({ status: z.enum(['received', 'accepted', 'rejected', 'fulfilled']).optional() }),
      response: { 200: z.object({ items: z.array(requestSchema) }), ...problems },
    },
  }, async (request) => ({ items: await police.list(request.query) }));

  app.get('/police-requests/:id', {
    config: { access: legal },
    schema: { tags, summary: 'One police data request with its exports', params: idParams, response: { 200: requestSchema, ...problems } },
  }, async (request) => police.get(request.params.id));

  app.post('/police-requests/:id/review', {
    config: { access: legal },
    schema: {
      tags, summary: 'Accept or reject a police data request, with a reason',
      params: idParams, body: z.strictObject({ decision: z.enum(['accept', 'reject']), reason: z.string().trim().min(3).max(2000) }),
      response: { 200: requestSchema, ...problems },
    },
  }, async (request) => police.review(sessionOf(request).staff.id, request.params.id, request.body.decision, request.body.reason));

  app.post('/police-requests/:id/export', {
    config: { access: legal, rateLimit: { max: 20, timeWindow: 60_000 } },
    schema: {
      tags, summary: 'Build and download the signed export package (zip) for an accepted request',
      description: "The zip holds the items' plaintext, manifest.json (id, kind, SHA-256, size and provenance of each item, the request, the export time), manifest.sig (Ed25519 over manifest.json) and the public key. The export is recorded (who, how many items, the package's SHA-256) before the bytes leave. Check it with `trygg evidence verify`.",
      params: idParams,
    },
  }, async (request, reply) => {
    const pkg = await police.export(sessionOf(request).staff.id, request.params.id);
    return reply
      .header('content-type', 'application/zip').header('cache-control', 'no-store').header('x-content-sha256', pkg.sha256)
      .header('x-evidence-items', String(pkg.itemCount)).header('content-disposition', `attachment; filename="${pkg.filename}"`)
      .send(pkg.bytes);
  });
}

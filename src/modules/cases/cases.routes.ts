import { z } from 'zod';
import type { TryggApp } from '../../server/app.js';
import { sessionOf } from '../../server/authenticate.js';
import type { ModuleDeps } from '../../server/modules.js';
import { idParams, problems } from '../../server/schemas.js';
import { accountSchema } from '../community/community.routes.js';
import { actionStatus, actionType } from '../actions/actions.schemas.js';
import { categoryIds } from './categories.js';
import { caseStatuses as statuses } from './cases.repo.js';

const caseSchema = z
  .object({
    id: z.uuid(), subject: z.object({ type: z.string(), id: z.string() }), category: z.string(), status: z.enum(statuses),
    priority: z.number().int(), minorInvolved: z.boolean(), trustedFlagger: z.boolean(), reporters: z.number().int(), signals: z.number().int(),
    assigneeId: z.string().nullable(), openedAt: z.string(), slaDueAt: z.string().nullable(), overdue: z.boolean(), resolution: z.string().nullable(),
  })
  .meta({ id: 'Case' });
const list = <T extends z.ZodTypeAny>(item: T) => z.array(item);
const csv = <T extends readonly [string, ...string[]]>(values: T) =>
  z.string().transform((s) => s.split(',').filter(Boolean)).pipe(z.array(z.enum(values))).optional();

// Cases carry child-safety data: every case route needs a two-factor session.
const workers = { roles: ['moderator', 'senior_moderator', 'admin'], twoFactor: true } as const;
const readers = { roles: ['moderator', 'senior_moderator', 'admin', 'legal', 'auditor'], twoFactor: true } as const;
const supervisors = { roles: ['senior_moderator', 'admin'], twoFactor: true } as const;
const tags = ['cases'];
const staffOf = (request: Parameters<typeof sessionOf>[0]) => {
  const { staff } = sessionOf(request);
  return { id: staff.id, role: staff.role };
};

export function caseRoutes(app: TryggApp, { services }: ModuleDeps): void {
  app.get('/cases', {
    config: { access: readers },
    schema: {
      tags, summary: 'The queue: open cases, most urgent first',
      description: 'Order: priority and waiting time combined (queue key). Keyset paging: pass nextCursor as cursor.',
      querystring: z.strictObject({
        status: csv(statuses), category: csv(categoryIds),
        assignee: z.union([z.literal('me'), z.literal('none'), z.uuid()]).optional(),
        overdue: z.stringbool().optional(), cursor: z.string().max(200).optional(),
        limit: z.coerce.number().int().min(1).max(200).default(50),
      }),
      response: { 200: z.object({ items: list(caseSchema), nextCursor: z.string().nullable() }), ...problems },
    },
  }, async (request) => {
    const q = request.query;
    const assignee = q.assignee === 'me' ? sessionOf(request).staff.id : q.assignee;
    return services.queue.list({ status: q.status, category: q.category, assignee, overdue: q.overdue, cursor: q.cursor, limit: q.limit });
  });

  app.post('/cases/next', {
    config: { access: workers },
    schema: {
      tags, summary: 'Claim the most urgent case nobody holds (splits the queue among moderators)',
      body: z.strictObject({ category: z.array(z.enum(categoryIds)).max(20).optional() }).optional(),
      response: { 200: caseSchema, 204: z.null(), ...problems },
    },
  }, async (request, reply) => {
    const next = await services.queue.next(staffOf(request), request.body?.category);
    return next ? next : reply.status(204).send(null);
  });

  app.get('/cases/:id', {
    config: { access: readers },
    schema: {
      tags, summary: 'A case with its timeline: reports, signals, notes, decisions, history', params: idParams,
      response: {
        200: z.object({
          case: caseSchema, subjectAccount: accountSchema.nullable(),
          reports: list(z.object({
            id: z.uuid(), category: z.string(), source: z.string(), relation: z.string().nullable(), explanation: z.string(), location: z.string().nullable(),
            evidence: z.array(z.string()), minorInvolved: z.boolean(), duplicates: z.number().int(), outcome: z.string().nullable(), receivedAt: z.string(),
          })),
          signals: list(z.object({ id: z.uuid(), kind: z.string(), evidence: z.unknown(), createdAt: z.string() })),
          notes: list(z.object({ id: z.uuid(), authorId: z.string(), text: z.string(), createdAt: z.string() })),
          actions: list(z.object({ id: z.uuid(), action: actionType, status: actionStatus, reason: z.string(), decidedBy: z.string(), decidedAt: z.string(), endsAt: z.string().nullable() })),
          history: list(z.object({ type: z.string(), actorType: z.string(), actorId: z.string().nullable(), occurredAt: z.string(), payload: z.unknown() })),
        }),
        ...problems,
      },
    },
  }, async (request) => services.queue.view(request.params.id));

  const simple = (path: string, summary: string, run: (request: Parameters<typeof sessionOf>[0] & { params: { id: string } }) => Promise<unknown>) =>
    app.post(path, {
      config: { access: workers },
      schema: { tags, summary, params: idParams, response: { 200: caseSchema, ...problems } },
    }, async (request) => run(request as never) as never);
  simple('/cases/:id/claim', 'Claim a case (fails if another moderator holds it)', (r) => services.queue.claim(staffOf(r), r.params.id));
  simple('/cases/:id/release', 'Give a claimed case back to the queue', (r) => services.queue.release(staffOf(r), r.params.id));

  app.post('/cases/:id/assign', {
    config: { access: supervisors },
    schema: { tags, summary: 'Assign a case to a member of staff', params: idParams, body: z.strictObject({ staffId: z.uuid() }), response: { 200: caseSchema, ...problems } },
  }, async (request) => services.queue.assign(staffOf(request), request.params.id, request.body.staffId));

  app.post('/cases/:id/escalate', {
    config: { access: workers },
    schema: { tags, summary: 'Escalate to senior moderators', params: idParams, body: z.strictObject({ reason: z.string().trim().min(1).max(2000) }), response: { 200: caseSchema, ...problems } },
  }, async (request) => services.queue.escalate(staffOf(request), request.params.id, request.body.reason));

  app.post('/cases/:id/notes', {
    config: { access: workers },
    schema: {
      tags, summary: 'Add a note to the case timeline', params: idParams, body: z.strictObject({ text: z.string().trim().min(1).max(10_000) }),
      response: { 201: z.object({ id: z.uuid(), authorId: z.string(), text: z.string(), createdAt: z.string() }), ...problems },
    },
  }, async (request, reply) => reply.status(201).send(await services.queue.addNote(staffOf(request), request.params.id, request.body.text)));

  app.post('/cases/:id/reveal', {
    config: { access: readers },
    schema: {
      tags, summary: 'Record that a blurred image is being revealed on purpose', params: idParams,
      body: z.strictObject({ ref: z.string().trim().min(1).max(500) }), response: { 204: z.null(), ...problems },
    },
  }, async (request, reply) => {
    await services.queue.reveal(staffOf(request), request.params.id, request.body.ref);
    return reply.status(204).send(null);
  });
}

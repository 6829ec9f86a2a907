import { z } from 'zod';
import type { TryggApp } from '../../server/app.js';
import { allStaff } from '../../server/access.js';
import type { ModuleDeps } from '../../server/modules.js';
import { problems, trustedOkSerializer } from '../../server/schemas.js';
import { contactKinds, contactRules } from './contact-decision.js';

const externalId = z.string().trim().min(1).max(200);
const question = z
  .strictObject({ from: externalId, to: externalId, kind: z.enum(contactKinds) })
  .refine((q) => q.from !== q.to, { message: 'a member cannot contact themselves', path: ['to'] });
const party = z.object({
  known: z.boolean(), age: z.number().int().nullable(), minor: z.boolean(), ageVerified: z.boolean(), restricted: z.boolean(),
});
const answer = z
  .object({
    allow: z.boolean(),
    rule: z.enum(Object.keys(contactRules) as [keyof typeof contactRules, ...(keyof typeof contactRules)[]]),
    reason: z.string(),
    policyVersion: z.number().int(),
    from: party,
    to: party,
    notes: z.array(z.string()),
  })
  .meta({ id: 'ContactDecision' });
const access = { roles: allStaff, scopes: ['decisions:read'] } as const;
const tags = ['contact'];

export function contactRoutes(app: TryggApp, { services }: ModuleDeps): void {
  app.post('/contact/decide', {
    config: { access },
    serializerCompiler: trustedOkSerializer,
    schema: {
      tags, summary: 'May this member contact that one?',
      description: 'Decides under the policy in force. The answer names the rule that decided and the policy version. Ages are computed from the claimed birth dates at this moment in the policy time zone.',
      body: question, response: { 200: answer, ...problems },
    },
  }, async (request) => services.contact.decide(request.body));

  app.post('/contact/simulate', {
    config: { access: { roles: allStaff } },
    schema: {
      tags, summary: 'Try a decision with two ages instead of two accounts (console)',
      body: z.strictObject({
        fromAge: z.number().int().min(0).max(120), toAge: z.number().int().min(0).max(120),
        kind: z.enum(contactKinds), youngerWroteFirst: z.boolean().default(false),
      }),
      response: { 200: answer, ...problems },
    },
  }, async (request) => services.contact.simulate(request.body));

  app.post('/contact/decide-batch', {
    config: { access },
    serializerCompiler: trustedOkSerializer,
    schema: {
      tags, summary: 'Decide up to 1,000 contacts at once',
      body: z.strictObject({ items: z.array(question).min(1).max(1000) }),
      response: { 200: z.object({ items: z.array(answer) }), ...problems },
    },
  }, async (request) => ({ items: await services.contact.decideMany(request.body.items) }));
}

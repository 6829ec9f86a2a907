import { z } from 'zod';
import type { TryggApp } from '../../server/app.js';
import { allStaff } from '../../server/access.js';
import { actorOf } from '../../server/authorize.js';
import type { ModuleDeps } from '../../server/modules.js';
import { idParams, problems } from '../../server/schemas.js';
import { createRuleBody, ruleSchema, updateRuleBody } from './actions.schemas.js';

const admins = { roles: ['admin'] } as const;
const tags = ['rules'];

/** The platform's community rules, which every decision cites. Admins keep them; all staff read them. */
export function ruleRoutes(app: TryggApp, { services }: ModuleDeps): void {
  app.get('/rules', {
    config: { access: { roles: allStaff } },
    schema: {
      tags, summary: 'Community rules, by code',
      querystring: z.strictObject({ includeRetired: z.enum(['true', 'false']).default('false') }),
      response: { 200: z.object({ items: z.array(ruleSchema) }), ...problems },
    },
  }, async (request) => ({ items: await services.actions.listRules(request.query.includeRetired === 'true') }));

  app.get('/rules/:id', {
    config: { access: { roles: allStaff } },
    schema: { tags, summary: 'One community rule', params: idParams, response: { 200: ruleSchema, ...problems } },
  }, async (request) => services.actions.getRule(request.params.id));

  app.post('/rules', {
    config: { access: admins },
    schema: {
      tags, summary: 'Create a community rule',
      description: 'ground DECISION_GROUND_ILLEGAL_CONTENT needs legalGround (the law relied on); DECISION_GROUND_INCOMPATIBLE_CONTENT cites the terms.',
      body: createRuleBody, response: { 201: ruleSchema, ...problems },
    },
  }, async (request, reply) => reply.status(201).send(await services.actions.createRule(actorOf(request.principal), request.body)));

  app.patch('/rules/:id', {
    config: { access: admins },
    schema: { tags, summary: 'Change a rule (its code stays)', params: idParams, body: updateRuleBody, response: { 200: ruleSchema, ...problems } },
  }, async (request) => services.actions.updateRule(actorOf(request.principal), request.params.id, request.body));

  app.post('/rules/:id/retire', {
    config: { access: admins },
    schema: {
      tags, summary: 'Retire a rule: it stays on past decisions but cannot be cited again (rules are never deleted)',
      params: idParams, response: { 200: ruleSchema, ...problems },
    },
  }, async (request) => services.actions.retireRule(actorOf(request.principal), request.params.id));
}

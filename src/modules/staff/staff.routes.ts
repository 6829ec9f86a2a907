import { z } from 'zod';
import type { TryggApp } from '../../server/app.js';
import { actorOf } from '../../server/authorize.js';
import type { ModuleDeps } from '../../server/modules.js';
import { idParams, pageQuery, problems } from '../../server/schemas.js';
import { createStaffBody, staffViewSchema, updateStaffBody } from './staff.schemas.js';

const admins = { roles: ['admin'] } as const;
const tags = ['staff'];

export function staffRoutes(app: TryggApp, { services }: ModuleDeps): void {
  app.get('/staff', {
    config: { access: admins },
    schema: { tags, summary: 'List staff accounts', querystring: pageQuery, response: { 200: z.object({ items: z.array(staffViewSchema) }), ...problems } },
  }, async (request) => ({ items: await services.staff.list(request.query.limit, request.query.offset) }));

  app.post('/staff', {
    config: { access: admins },
    schema: {
      tags, summary: 'Create a staff account', body: createStaffBody,
      response: { 201: z.object({ staff: staffViewSchema, password: z.string().optional().describe('Generated password, shown once') }), ...problems },
    },
  }, async (request, reply) => reply.status(201).send(await services.staff.create(actorOf(request.principal), request.body)));

  app.get('/staff/:id', {
    config: { access: admins },
    schema: { tags, summary: 'One staff account', params: idParams, response: { 200: staffViewSchema, ...problems } },
  }, async (request) => services.staff.get(request.params.id));

  app.patch('/staff/:id', {
    config: { access: admins },
    schema: { tags, summary: 'Change role, status or name', params: idParams, body: updateStaffBody, response: { 200: staffViewSchema, ...problems } },
  }, async (request) => services.staff.update(actorOf(request.principal), request.params.id, request.body));

  app.post('/staff/:id/reset-two-factor', {
    config: { access: admins },
    schema: { tags, summary: 'Clear two-factor so the person enrols again', params: idParams, response: { 200: staffViewSchema, ...problems } },
  }, async (request) => services.staff.resetTwoFactor(actorOf(request.principal), request.params.id));
}

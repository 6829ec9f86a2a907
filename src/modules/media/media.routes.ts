import multipart from '@fastify/multipart';
import { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { TryggApp } from '../../server/app.js';
import { actorOf } from '../../server/authorize.js';
import { TryggError, badRequest } from '../../server/errors.js';
import type { ModuleDeps } from '../../server/modules.js';
import { idParams, problems, problemSchema } from '../../server/schemas.js';
import type { CheckInput } from './check.service.js';
import { bankView, checkJsonBody, checkQuery, checkResult, linesBody, linesResult, newBankBody } from './media.schemas.js';

/** The largest upload a check takes (issue 5: up to 20 MB). */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
const tags = ['media'];
const bankReaders = { roles: ['admin', 'moderator', 'senior_moderator', 'legal', 'auditor'], twoFactor: true } as const;
const bankAdmins = { roles: ['admin'], twoFactor: true } as const;

const zodField = (error: z.ZodError, prefix: string) => {
  const issue = error.issues[0]!;
  return badRequest([prefix, ...issue.path.map(String)].join('.'), issue.message);
};

/** The check takes raw bytes, a multipart form with one file, or JSON hashes: read whichever came. */
async function checkInput(request: FastifyRequest): Promise<CheckInput> {
  const query = checkQuery.safeParse(request.query);
  if (!query.success) throw zodField(query.error, 'querystring');
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json') {
    const body = checkJsonBody.safeParse(request.body);
    if (!body.success) throw zodField(body.error, 'body');
    return { ...query.data, ...body.data };
  }
  if (type === 'multipart/form-data') {
    const fields: Record<string, string> = {};
    let file: { bytes: Buffer; contentType: string } | null = null;
    for await (const part of request.parts({ limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5, fieldSize: 1_000 } })) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (part.file.truncated) throw new TryggError(413, 'media-too-large', `An upload is at most ${MAX_UPLOAD_BYTES} bytes`);
        file = { bytes, contentType: part.mimetype };
      } else fields[part.fieldname] = String(part.value);
    }
    if (!file) throw badRequest('body.file', 'a multipart check needs one file part');
    const named = checkQuery.safeParse(fields);
    if (!named.success) throw zodField(named.error, 'body');
    return { ...query.data, ...named.data, bytes: file.bytes, contentType: file.contentType };
  }
  if (!Buffer.isBuffer(request.body) || request.body.length === 0) throw new TryggError(422, 'media-empty', 'The upload is empty', [{ field: 'body', message: 'no bytes' }]);
  return { ...query.data, bytes: request.body, contentType: type || undefined };
}

export async function mediaRoutes(app: TryggApp, { services }: ModuleDeps): Promise<void> {
  await app.register(async (scope: TryggApp) => {
    for (const type of ['application/octet-stream', /^image\/.+/]) {
      scope.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES }, (_req, body, done) => done(null, body));
    }
    await scope.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } });
    scope.post('/media/check', {
      bodyLimit: MAX_UPLOAD_BYTES + 64 * 1024,
      config: { access: { roles: [], scopes: ['media:check'] } },
      schema: {
        tags, summary: 'Check an upload against every hash bank',
        description: 'Send the image bytes (Content-Type image/* or application/octet-stream, with accountId and contentId in the query), a multipart form (one `file` part, optional `accountId` and `contentId` fields), or JSON with hashes the platform computed (`{"hashes": {"pdq", "quality", "md5", "sha256"}}`). Up to 20 MB. The answer always carries the hashes (store them: a removal later feeds the confirmed bank) and every match with its bank, distance and action. verdict "block": do not publish; the bytes were preserved as evidence and a top-priority case opened with the uploader as subject.',
        querystring: checkQuery,
        response: { 200: checkResult, 413: problemSchema, 415: problemSchema, 422: problemSchema, ...problems },
      },
    }, async (request) => services.media.check.check(actorOf(request.principal), await checkInput(request)));
  });

  app.get('/banks', {
    config: { access: bankReaders },
    schema: { tags, summary: 'Hash banks with their counts', response: { 200: z.object({ items: z.array(bankView) }), ...problems } },
  }, async () => ({ items: (await services.media.banks.list()).map((b) => ({ ...b, createdAt: b.createdAt.toISOString() })) }));

  app.post('/banks', {
    config: { access: bankAdmins },
    schema: { tags, summary: 'Create a hash bank', body: newBankBody, response: { 201: bankView, ...problems } },
  }, async (request, reply) => {
    const bank = await services.media.banks.create(actorOf(request.principal), request.body);
    services.media.check.forgetBanks();
    return reply.status(201).send({ ...bank, active: 0, withdrawn: 0, createdAt: bank.createdAt.toISOString() });
  });

  app.post('/banks/:id/lines', {
    config: { access: bankAdmins },
    schema: {
      tags, summary: 'Add or withdraw hashes: a batch of lines from a bank file',
      description: 'The console uploads a file in batches of up to 10,000 lines with the file line number of the first; malformed lines come back with their line numbers while the rest is applied.',
      params: idParams, body: linesBody, response: { 200: linesResult, ...problems },
    },
  }, async (request) => services.media.banks.applyLines(actorOf(request.principal), request.params.id, request.body));

  app.post('/banks/:id/withdraw', {
    config: { access: bankAdmins },
    schema: {
      tags, summary: 'Withdraw one hash from a bank', params: idParams,
      body: z.strictObject({ type: z.enum(['pdq', 'md5', 'sha256']), hash: z.string().trim().min(1).max(64), reason: z.string().trim().min(1).max(500) }),
      response: { 200: z.object({ withdrawn: z.boolean() }), ...problems },
    },
  }, async (request) => services.media.banks.withdraw(actorOf(request.principal), request.params.id, request.body.type, request.body.hash, request.body.reason));

  app.get('/banks/:id/export', {
    config: { access: bankAdmins },
    schema: { tags, summary: 'Export the active hashes as csv (hash,type,label)', params: idParams },
  }, async (request, reply) => {
    const bank = await services.media.banks.get(request.params.id);
    reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${bank.name.replace(/[^\w.-]/g, '_')}.csv"`);
    return reply.send(Readable.from(services.media.banks.exportLines(bank.id)));
  });

  app.get('/hashes/:hash', {
    config: { access: bankReaders },
    schema: {
      tags, summary: 'Which banks hold this hash (withdrawn entries included)',
      params: z.strictObject({ hash: z.string().regex(/^([0-9a-fA-F]{32}|[0-9a-fA-F]{64})$/, 'must be 32 or 64 hex digits') }),
      response: { 200: z.object({ items: z.array(z.object({
        bankId: z.uuid(), bank: z.string(), type: z.string(), hash: z.string(), label: z.string().nullable(), source: z.string(),
        addedAt: z.string(), withdrawnAt: z.string().nullable(),
      })) }), ...problems },
    },
  }, async (request) => ({ items: await services.media.banks.lookup(request.params.hash) }));

  app.get('/media/matches', {
    config: { access: bankReaders },
    schema: {
      tags, summary: 'The match log: checks that matched a bank, newest first',
      querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50), before: z.string().max(100).optional() }),
      response: { 200: z.object({ items: z.array(checkResult.extend({ accountId: z.string().nullable(), contentId: z.string().nullable(), checkedAt: z.string() })), next: z.string().nullable() }), ...problems },
    },
  }, async (request) => services.media.check.matchLog(request.query.limit, request.query.before));
}

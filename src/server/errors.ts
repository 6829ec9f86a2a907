import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';

export interface FieldProblem {
  field: string;
  message: string;
}

/** The one error class: carries an HTTP status, a stable code and, for bad input, the fields. */
export class TryggError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'TryggError';
  }
}

export const badRequest = (field: string, message: string) =>
  new TryggError(400, 'invalid-input', `${field}: ${message}`, [{ field, message }]);
export const notFound = (what: string) => new TryggError(404, 'not-found', `${what} not found`);
export const conflict = (code: string, message: string) => new TryggError(409, code, message);

const titles: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  409: 'Conflict', 413: 'Content Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Content',
  423: 'Locked', 429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable',
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance: string;
  requestId: string;
  errors?: FieldProblem[];
}

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: string,
  detail: string,
  fields: FieldProblem[] = [],
) {
  const problem: Problem = {
    type: `https://trygg.dev/problems/${code}`,
    title: titles[status] ?? 'Error',
    status,
    detail,
    code,
    instance: request.url.split('?')[0] ?? request.url,
    requestId: String(request.id),
  };
  if (fields.length) problem.errors = fields;
  return reply.status(status).type('application/problem+json').send(problem);
}

function zodFields(error: FastifyError): FieldProblem[] {
  if (!hasZodFastifySchemaValidationErrors(error)) return [];
  const where = error.validationContext ?? 'body';
  return error.validation.map((v) => {
    const path = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
    // Unknown keys are reported on the object; name the key itself.
    const keys = (v.params as { keys?: string[] } | undefined)?.keys;
    const field = [where, path, keys?.length ? keys.join(',') : ''].filter(Boolean).join('.');
    return { field, message: v.message ?? 'invalid' };
  });
}

/** Every error leaves as RFC 9457 problem+json; the process never dies on input. */
export function handleError(error: FastifyError | TryggError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof TryggError) {
    return sendProblem(request, reply, error.status, error.code, error.message, error.fields);
  }
  const fields = zodFields(error as FastifyError);
  if (fields.length) {
    const detail = fields.map((f) => `${f.field}: ${f.message}`).join('; ');
    return sendProblem(request, reply, 400, 'invalid-input', detail, fields);
  }
  const fe = error as FastifyError;
  switch (fe.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return sendProblem(request, reply, 400, 'malformed-json', `body: ${fe.message}`, [{ field: 'body', message: fe.message }]);
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return sendProblem(request, reply, 413, 'body-too-large', fe.message, [{ field: 'body', message: 'too large' }]);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return sendProblem(request, reply, 415, 'unsupported-media-type', fe.message);
    case 'FST_ERR_VALIDATION':
      return sendProblem(request, reply, 400, 'invalid-input', fe.message);
  }
  const status = fe.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    return sendProblem(request, reply, status, status === 429 ? 'rate-limited' : 'bad-request', fe.message);
  }
  request.log.error({ err: error }, 'unhandled error');
  return sendProblem(request, reply, 500, 'internal', 'An internal error occurred; it has been logged with this request id.');
}

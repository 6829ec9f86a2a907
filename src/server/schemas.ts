import type { FastifyRouteSchemaDef } from 'fastify/types/schema.js';
import { serializerCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    instance: z.string(),
    requestId: z.string(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });

/** Offset pagination for short admin lists; at most 200 a page. */
export const pageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

export const idParams = z.strictObject({ id: z.uuid() });

export const problems = {
  400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema, 429: problemSchema,
} as const;

/**
 * For hot routes whose 200 answer the handler builds field by field from typed values: plain
 * JSON.stringify, without re-checking it against the Zod schema on every response (that check
 * cost more than the decision). The schema still documents the answer in OpenAPI, and other
 * statuses are still checked.
 */
export function trustedOkSerializer<T>(context: FastifyRouteSchemaDef<T>): (data: unknown) => string {
  if (context.httpStatus === '200') return (data) => JSON.stringify(data);
  return serializerCompiler(context as unknown as Parameters<typeof serializerCompiler>[0]);
}

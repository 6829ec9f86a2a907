// Writes from the console, checked against the server's own schemas at compile time: the call
// names the server's route ('POST /v1/cases/{id}/actions'), and openapi.gen.ts (generated from
// the server's OpenAPI document; a test fails when it is stale: `npm run api:types`) gives the
// path parameters, the request body and the answer that route takes and gives. A body the
// server would refuse (a missing field, a misspelt one, a wrong type) fails `npm run typecheck`.

import { api } from './client';
import type { paths } from './openapi.gen';

type Verb = 'post' | 'put' | 'patch' | 'delete';
type Defined<T> = [T] extends [never] ? false : [T] extends [undefined] ? false : true;

/** Every write the server takes, as 'POST /v1/cases/{id}/actions'. */
export type WriteRoute = {
  [P in keyof paths & string]: { [M in Verb]: Defined<paths[P][M]> extends true ? `${Uppercase<M>} ${P}` : never }[Verb];
}[keyof paths & string];

type Operation<R> = R extends `${infer M} ${infer P}`
  ? Lowercase<M> extends Verb
    ? P extends keyof paths
      ? NonNullable<paths[P][Lowercase<M>]>
      : never
    : never
  : never;

/** The JSON body of a request or response in openapi.gen.ts. */
export type JsonOf<R> = R extends { content: { 'application/json': infer J } } ? J : never;

/** The JSON body the route takes; undefined when it takes none, optional when the server's is. */
export type BodyOf<R extends WriteRoute> =
  Operation<R> extends { requestBody: { content: { 'application/json': infer B } } }
    ? B
    : Operation<R> extends { requestBody?: { content: { 'application/json': infer B } } }
      ? B | undefined
      : undefined;

/** The route's path parameters ({} when it has none). */
export type ParamsOf<R extends WriteRoute> =
  Operation<R> extends { parameters: { path: infer P } } ? ([P] extends [Record<string, unknown>] ? P : Record<never, never>) : Record<never, never>;

/** What a successful call answers: the JSON of its 200, 201 or 202, or undefined for 204. */
export type AnswerOf<R extends WriteRoute> =
  Operation<R> extends { responses: infer S }
    ?
        | (S extends { 200: infer A } ? JsonOf<A> : never)
        | (S extends { 201: infer A } ? JsonOf<A> : never)
        | (S extends { 202: infer A } ? JsonOf<A> : never)
        | (S extends { 204: unknown } ? undefined : never)
    : never;

type BodyArgs<R extends WriteRoute> = undefined extends BodyOf<R> ? [body?: BodyOf<R>] : [body: BodyOf<R>];

/** After the route: its path parameters when it has any, then its body. */
export type SendArgs<R extends WriteRoute> = keyof ParamsOf<R> extends never ? BodyArgs<R> : [params: ParamsOf<R>, ...BodyArgs<R>];

/** The path of a route with its parameters filled in (each encoded), under /v1 as `api` takes it. */
export function filledPath(template: string, params: Record<string, unknown>): string {
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined || value === null || value === '') throw new Error(`${template}: no value for {${name}}`);
    return encodeURIComponent(String(value));
  });
  return path.replace(/^\/v1(?=\/)/, '');
}

/** A write to Trygg: the route as the server names it, its path parameters if any, and its body. */
export function send<R extends WriteRoute>(route: R, ...args: SendArgs<R>): Promise<AnswerOf<R>> {
  const space = route.indexOf(' ');
  const method = route.slice(0, space) as 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  const template = route.slice(space + 1);
  const hasParams = template.includes('{');
  const params = (hasParams ? args[0] : {}) as Record<string, unknown>;
  const body = hasParams ? args[1] : args[0];
  return api<AnswerOf<R>>(method, filledPath(template, params), body);
}

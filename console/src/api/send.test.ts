import { afterEach, describe, expect, it, vi } from 'vitest';
import { filledPath, send } from './send';

describe('send', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('fills each path parameter, encoded, and drops the /v1 that api() adds', () => {
    expect(filledPath('/v1/cases/{id}/claim', { id: 'a b/c' })).toBe('/cases/a%20b%2Fc/claim');
    expect(filledPath('/v1/public/reports/{receiptCode}/appeal', { receiptCode: 'R-1' })).toBe('/public/reports/R-1/appeal');
    expect(filledPath('/v1/policy', {})).toBe('/policy');
  });

  it('refuses a route whose parameter has no value rather than calling a wrong path', () => {
    expect(() => filledPath('/v1/cases/{id}/claim', {})).toThrow('no value for {id}');
    expect(() => filledPath('/v1/cases/{id}/claim', { id: '' })).toThrow('no value for {id}');
  });

  it('sends the method, the filled path and the body, with or without path parameters', async () => {
    const calls: { url: string; method: string; body: unknown }[] = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      calls.push({ url, method: String(init.method), body: init.body === undefined ? undefined : JSON.parse(String(init.body)) });
      return new Response(JSON.stringify({ ok: true }), { status: 200, headers: { 'content-type': 'application/json' } });
    });
    await send('POST /v1/cases/{id}/notes', { id: 'c-1' }, { text: 'looked at it' });
    await send('PUT /v1/policy', { document: {} } as never);
    await send('POST /v1/cases/{id}/claim', { id: 'c-2' });
    expect(calls).toEqual([
      { url: '/v1/cases/c-1/notes', method: 'POST', body: { text: 'looked at it' } },
      { url: '/v1/policy', method: 'PUT', body: { document: {} } },
      { url: '/v1/cases/c-2/claim', method: 'POST', body: undefined },
    ]);
  });
});

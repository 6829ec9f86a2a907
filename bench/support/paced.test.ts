import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { completeAnswer, pacedLoad } from './paced.js';

const answer = (body: string, status = 200) => Buffer.from(`HTTP/1.1 ${status} OK\r\ncontent-type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);

describe('completeAnswer', () => {
  it('waits for the whole header and the whole body', () => {
    const whole = answer('hello');
    expect(completeAnswer(whole.subarray(0, 20))).toBeUndefined();
    expect(completeAnswer(whole.subarray(0, whole.length - 1))).toBeUndefined();
    expect(completeAnswer(whole)).toEqual({ length: whole.length, status: 200 });
  });

  it('finds the first of two answers in one read, with its status', () => {
    const two = Buffer.concat([answer('a', 429), answer('bb')]);
    expect(completeAnswer(two)).toEqual({ length: answer('a').length, status: 429 });
  });

  it('refuses an answer without a content-length', () => {
    expect(() => completeAnswer(Buffer.from('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n'))).toThrow(/content-length/);
  });
});

describe('pacedLoad', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.close();
    server = undefined;
  });

  /** A server answering each POST after `delayMs`, recording the bodies it got. */
  async function serve(delayMs: number): Promise<{ url: string; bodies: string[] }> {
    const bodies: string[] = [];
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        bodies.push(body);
        setTimeout(() => response.end('ok'), delayMs);
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, bodies };
  }
  const request = { method: 'POST', path: '/decide', headers: { 'content-type': 'application/json' }, body: (n: number) => JSON.stringify({ n }) };

  it('sends every due request once, numbered, and counts the answers by status', async () => {
    const { url, bodies } = await serve(0);
    const result = await pacedLoad({ url, rate: 200, seconds: 0.5, connections: 4, request });
    expect(result).toMatchObject({ due: 100, answered: 100, errors: 0, timeouts: 0, statuses: { 200: 100 } });
    expect(bodies.map((b) => (JSON.parse(b) as { n: number }).n).sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('counts the wait for a free connection in the latency when the server falls behind', async () => {
    // 2 connections x 20 ms an answer = at most 100 answers/s, against 200 due per second: the
    // 100th request is due at 0.495 s and cannot be answered before 50 x 20 ms = 1 s.
    const { url } = await serve(20);
    const result = await pacedLoad({ url, rate: 200, seconds: 0.5, connections: 2, request });
    expect(result.answered).toBe(100);
    expect(result.maxMs).toBeGreaterThanOrEqual(1000 - 500);
    expect(result.waitedForConnection).toBeGreaterThan(50);
  });
});

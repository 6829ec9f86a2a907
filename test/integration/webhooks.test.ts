import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobQueue } from '../../src/jobs/queue.js';
import { DELIVER_WEBHOOK_QUEUE, type WebhookEventType } from '../../src/modules/webhooks/outbox.js';
import { createTestApp, signInAs, type SignedIn, type TestApp } from '../support/app.js';
import { testDriver } from '../support/database.js';
import { waitFor } from '../support/jobs.js';

/** One request the local receiver got. */
interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/**
 * A real HTTP receiver on 127.0.0.1. Each path behaves in its own way:
 * /ok answers 204; /flaky answers 500 to its first two requests, then 200; /broken answers 500
 * until `fixBroken` is set; /hang never answers.
 */
function startReceiver() {
  const received: Received[] = [];
  const state = { flakyCalls: 0, fixBroken: false };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0]!.replace(/^\/\w+\//, '/');
      received.push({ path: req.url!.split('?')[0]!, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
      if (path === '/hang') return; // never answers
      if (path === '/flaky') {
        state.flakyCalls += 1;
        res.statusCode = state.flakyCalls <= 2 ? 500 : 200;
        return res.end(state.flakyCalls <= 2 ? 'not yet' : 'ok');
      }
      if (path === '/broken' && !state.fixBroken) {
        res.statusCode = 500;
        return res.end('broken');
      }
      res.statusCode = path === '/ok' || path === '/broken' ? 204 : 404;
      res.end();
    });
  });
  return { server, received, state };
}

/** The Standard Webhooks check, written here from the specification with node:crypto only. */
function verifySignature(secret: string, headers: IncomingHttpHeaders, body: string): boolean {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (typeof id !== 'string' || typeof timestamp !== 'string' || typeof signatures !== 'string') return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return signatures.split(' ').some((s) => s === `v1,${expected}`);
}

interface Delivery {
  id: string;
  messageId: string;
  endpointId: string;
  eventType: string;
  status: 'pending' | 'succeeded' | 'failed';
  attemptCount: number;
  lastStatusCode: number | null;
  lastError: string | null;
  attempts: { statusCode: number | null; durationMs: number; error: string | null }[];
}

const savedEnv: Record<string, string | undefined> = {};
const testEnv = { TRYGG_WEBHOOK_RETRY_SCHEDULE: '1,1', TRYGG_WEBHOOK_TIMEOUT_SECONDS: '1' };

describe(`webhooks (${testDriver})`, () => {
  let t: TestApp;
  let admin: SignedIn;
  let receiver: ReturnType<typeof startReceiver>;
  let base: string;
  const secrets: string[] = [];

  beforeAll(async () => {
    receiver = startReceiver();
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}`;
    // A short schedule: three attempts, a second apart, each allowed one second.
    for (const [k, v] of Object.entries(testEnv)) {
      savedEnv[k] = process.env[k];
      process.env[k] = v;
    }
    t = await createTestApp({ jobs: true });
    admin = await signInAs(t, 'admin');
  });

  afterAll(async () => {
    for (const [k, v] of Object.entries(savedEnv)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await t?.close();
    receiver.server.closeAllConnections();
    await new Promise((resolve) => receiver.server.close(resolve));
  });

  const api = async (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) => {
    const res = await t.app.inject({
      method, url, headers: admin.headers(method !== 'GET'), ...(payload === undefined ? {} : { payload: payload as object }),
    });
    return { status: res.statusCode, body: res.body ? res.json() : undefined };
  };

  /** Registers an endpoint on the receiver (each under its own prefix, so requests can be told apart). */
  const register = async (path: string, eventTypes: WebhookEventType[]) => {
    const prefix = randomUUID().slice(0, 8);
    const res = await api('POST', '/v1/webhooks/endpoints', { url: `${base}/${prefix}${path}`, description: `receiver ${path}`, eventTypes });
    expect(res.status).toBe(201);
    secrets.push(res.body.secret);
    return { id: res.body.endpoint.id as string, secret: res.body.secret as string, prefix, url: `/${prefix}${path}` };
  };

  const emit = (type: WebhookEventType, data: Record<string, unknown>) =>
    t.db.database.db.transaction((tx) => t.services.outbox.emit(tx, type, data));

  const requestsTo = (url: string) => receiver.received.filter((r) => r.path === url);

  const deliveriesOf = async (endpointId: string, query = ''): Promise<Delivery[]> => {
    const res = await api('GET', `/v1/webhooks/endpoints/${endpointId}/deliveries${query}`);
    expect(res.status).toBe(200);
    return res.body.items;
  };

  const waitForStatus = async (endpointId: string, messageId: string, status: Delivery['status'], timeoutMs = 20_000) => {
    let found: Delivery | undefined;
    await waitFor(`delivery of ${messageId} to become ${status}`, async () => {
      found = (await deliveriesOf(endpointId)).find((d) => d.messageId === messageId);
      return found?.status === status;
    }, timeoutMs);
    return found!;
  };

  it('registers endpoints with a whsec_ secret shown once, and validates their input', async () => {
    const created = await api('POST', '/v1/webhooks/endpoints', { url: `${base}/x/ok`, eventTypes: ['action.taken', 'action.taken'] });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(created.body.secret.slice(6), 'base64')).toHaveLength(32);
    expect(created.body.endpoint).toMatchObject({ url: `${base}/x/ok`, eventTypes: ['action.taken'], enabled: true, createdBy: admin.staffId });
    secrets.push(created.body.secret);

    const listed = await api('GET', '/v1/webhooks/endpoints');
    expect(listed.body.items.map((e: { id: string }) => e.id)).toContain(created.body.endpoint.id);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.secret);
    const stored = await t.db.database.executeSql('SELECT secret_sealed FROM webhook_endpoints WHERE id = $1', [created.body.endpoint.id]);
    expect(String(stored.rows[0]!.secret_sealed)).not.toContain('whsec_');

    const bad = [
      [{ url: 'ftp://example.org/in', eventTypes: ['action.taken'] }, 'url'],
      [{ url: 'https://user:pw@example.org/in', eventTypes: ['action.taken'] }, 'url'],
      [{ url: 'https://example.org/in', eventTypes: ['member.poked'] }, 'body.eventTypes.0'],
      [{ url: 'https://example.org/in', eventTypes: [] }, 'body.eventTypes'],
      [{ url: 'https://example.org/in' }, 'body.eventTypes'],
      [{ url: 'https://example.org/in', eventTypes: ['action.taken'], secret: 'whsec_mine' }, 'body.secret'],
    ] as const;
    for (const [payload, field] of bad) {
      const res = await api('POST', '/v1/webhooks/endpoints', payload);
      expect(res.status, JSON.stringify(payload)).toBe(400);
      expect(res.body.errors[0].field).toBe(field);
    }
    const patch = await api('PATCH', `/v1/webhooks/endpoints/${created.body.endpoint.id}`, { url: 'https://a:b@example.org/' });
    expect(patch.status).toBe(400);
    expect((await api('PATCH', `/v1/webhooks/endpoints/${created.body.endpoint.id}`, {})).status).toBe(400);
    expect((await api('GET', `/v1/webhooks/endpoints/${randomUUID()}`)).status).toBe(404);
  });

  it('retries a failing endpoint on schedule with the same webhook-id and a valid signature until it accepts', async () => {
    const endpoint = await register('/flaky', ['action.taken']);
    const messageId = await emit('action.taken', { action: 'remove', subject: { type: 'image', id: 'img-1' }, caseId: 'c-1' });

    const delivery = await waitForStatus(endpoint.id, messageId, 'succeeded');
    const requests = requestsTo(endpoint.url);
    expect(requests).toHaveLength(3);
    for (const r of requests) {
      expect(r.headers['webhook-id']).toBe(messageId);
      expect(r.headers['content-type']).toBe('application/json');
      expect(Number(r.headers['webhook-timestamp'])).toBeCloseTo(Math.floor(r.at / 1000), -1);
      expect(verifySignature(endpoint.secret, r.headers, r.body)).toBe(true);
      expect(verifySignature(endpoint.secret, r.headers, r.body.replace('img-1', 'img-2'))).toBe(false);
      expect(JSON.parse(r.body)).toMatchObject({ type: 'action.taken', data: { action: 'remove', subject: { type: 'image', id: 'img-1' }, caseId: 'c-1' } });
    }
    // The same body on every attempt; only the timestamp and signature may change.
    expect(new Set(requests.map((r) => r.body)).size).toBe(1);
    // The schedule (1 s, 1 s) was kept, counted from each failure.
    expect(requests[1]!.at - requests[0]!.at).toBeGreaterThanOrEqual(900);
    expect(requests[2]!.at - requests[1]!.at).toBeGreaterThanOrEqual(900);

    expect(delivery).toMatchObject({ eventType: 'action.taken', attemptCount: 3, lastStatusCode: 200, lastError: null });
    expect(delivery.attempts.map((a) => a.statusCode)).toEqual([500, 500, 200]);
    expect(delivery.attempts.map((a) => a.error)).toEqual(['HTTP 500', 'HTTP 500', null]);
    const detail = await api('GET', `/v1/webhooks/deliveries/${delivery.id}`);
    expect(detail.body.message).toMatchObject({ id: messageId, type: 'action.taken', data: { caseId: 'c-1' } });
  }, 40_000);

  it('gives up on an endpoint that answers 500 forever or hangs: failed after the schedule, every attempt visible', async () => {
    const broken = await register('/broken', ['statement.issued']);
    const hang = await register('/hang', ['statement.issued']);
    const messageId = await emit('statement.issued', { statementId: 's-1' });

    const failedBroken = await waitForStatus(broken.id, messageId, 'failed', 30_000);
    const failedHang = await waitForStatus(hang.id, messageId, 'failed', 30_000);
    expect(failedBroken).toMatchObject({ attemptCount: 3, lastStatusCode: 500, lastError: 'HTTP 500' });
    expect(failedBroken.attempts.map((a) => a.statusCode)).toEqual([500, 500, 500]);
    expect(failedHang).toMatchObject({ attemptCount: 3, lastStatusCode: null, lastError: 'timeout after 1000 ms' });
    for (const a of failedHang.attempts) {
      expect(a).toMatchObject({ statusCode: null, error: 'timeout after 1000 ms' });
      expect(a.durationMs).toBeGreaterThanOrEqual(900);
      expect(a.durationMs).toBeLessThan(5000);
    }
    expect(requestsTo(hang.url)).toHaveLength(3);
    expect(requestsTo(broken.url)).toHaveLength(3);

    // Visible in the overall log too, filtered by status.
    const failed = await api('GET', `/v1/webhooks/deliveries?status=failed&limit=200`);
    const ids = failed.body.items.map((d: Delivery) => d.id);
    expect(ids).toEqual(expect.arrayContaining([failedBroken.id, failedHang.id]));
    expect(failed.body.items.every((d: Delivery) => d.status === 'failed')).toBe(true);

    // Nothing more is sent after it failed.
    await sleep(2_500);
    expect(requestsTo(broken.url)).toHaveLength(3);
  }, 60_000);

  it('redelivers a failed delivery with the same webhook-id, audited; refuses while pending or to a disabled endpoint', async () => {
    const broken = await register('/broken', ['report.outcome']);
    const messageId = await emit('report.outcome', { reportId: 'r-1', outcome: 'removed' });
    const failed = await waitForStatus(broken.id, messageId, 'failed', 30_000);

    // Disabled: refused.
    expect((await api('PATCH', `/v1/webhooks/endpoints/${broken.id}`, { enabled: false })).body.enabled).toBe(false);
    const refused = await api('POST', `/v1/webhooks/deliveries/${failed.id}/redeliver`);
    expect(refused).toMatchObject({ status: 409, body: { code: 'endpoint-disabled' } });
    await api('PATCH', `/v1/webhooks/endpoints/${broken.id}`, { enabled: true });

    receiver.state.fixBroken = true;
    try {
      const res = await api('POST', `/v1/webhooks/deliveries/${failed.id}/redeliver`);
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('pending');
      const done = await waitForStatus(broken.id, messageId, 'succeeded');
      expect(done.attemptCount).toBe(4);
      expect(done.attempts.map((a) => a.statusCode)).toEqual([500, 500, 500, 204]);
      const requests = requestsTo(broken.url);
      expect(requests).toHaveLength(4);
      expect(new Set(requests.map((r) => r.headers['webhook-id']))).toEqual(new Set([messageId]));
      expect(verifySignature(broken.secret, requests[3]!.headers, requests[3]!.body)).toBe(true);
    } finally {
      receiver.state.fixBroken = false;
    }

    const audit = await t.services.audit.list({ type: 'webhook_delivery.redelivered', subjectId: failed.id, limit: 10 });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorType: 'staff', actorId: admin.staffId, payload: { messageId, previousStatus: 'failed' } });

    // Pending (its own schedule is running): refused.
    const hang = await register('/hang', ['report.outcome']);
    const second = await emit('report.outcome', { reportId: 'r-2' });
    let pending: Delivery | undefined;
    await waitFor('the delivery to exist', async () => Boolean((pending = (await deliveriesOf(hang.id)).find((d) => d.messageId === second))));
    expect(pending!.status).toBe('pending');
    expect(await api('POST', `/v1/webhooks/deliveries/${pending!.id}/redeliver`)).toMatchObject({ status: 409, body: { code: 'delivery-pending' } });
    expect((await api('POST', `/v1/webhooks/deliveries/${randomUUID()}/redeliver`)).status).toBe(404);
  }, 60_000);

  it('sends each endpoint only the event types it subscribed to, and nothing to a disabled one', async () => {
    const actions = await register('/ok', ['action.taken', 'action.reversed']);
    const outcomes = await register('/ok', ['report.outcome']);
    const disabled = await register('/ok', ['report.outcome']);
    await api('PATCH', `/v1/webhooks/endpoints/${disabled.id}`, { enabled: false });

    const outcome = await emit('report.outcome', { reportId: 'r-9' });
    const reversal = await emit('action.reversed', { actionId: 'a-9' });
    await waitForStatus(outcomes.id, outcome, 'succeeded');
    await waitForStatus(actions.id, reversal, 'succeeded');
    await sleep(1_500);

    expect(requestsTo(outcomes.url).map((r) => r.headers['webhook-id'])).toEqual([outcome]);
    expect(requestsTo(actions.url).map((r) => r.headers['webhook-id'])).toEqual([reversal]);
    expect(requestsTo(disabled.url)).toHaveLength(0);
    expect(await deliveriesOf(disabled.id)).toHaveLength(0);
    expect(JSON.parse(requestsTo(actions.url)[0]!.body).type).toBe('action.reversed');
  }, 40_000);

  it('ends pending deliveries failed when their endpoint is disabled or deleted, sending nothing more', async () => {
    const toDisable = await register('/hang', ['action.taken']);
    const toDelete = await register('/hang', ['action.taken']);
    const messageId = await emit('action.taken', { action: 'suspend' });
    await waitFor('both first attempts to start', () => requestsTo(toDisable.url).length === 1 && requestsTo(toDelete.url).length === 1);
    await api('PATCH', `/v1/webhooks/endpoints/${toDisable.id}`, { enabled: false });
    await api('DELETE', `/v1/webhooks/endpoints/${toDelete.id}`);

    const disabled = await waitForStatus(toDisable.id, messageId, 'failed');
    expect(disabled).toMatchObject({ attemptCount: 1, lastError: 'endpoint disabled' });
    let deleted: Delivery | undefined;
    await waitFor('the deleted endpoint\'s delivery to be failed with its attempt logged', async () => {
      deleted = (await api('GET', `/v1/webhooks/deliveries?endpointId=${toDelete.id}`)).body.items[0];
      return deleted?.status === 'failed' && deleted.attemptCount === 1;
    });
    expect(deleted!.attempts[0]!.error).toBe('timeout after 1000 ms');
    await sleep(2_500);
    expect(requestsTo(toDisable.url)).toHaveLength(1);
    expect(requestsTo(toDelete.url)).toHaveLength(1);
  }, 30_000);

  it('sends nothing for an event emitted in a transaction that rolled back', async () => {
    const endpoint = await register('/ok', ['action.taken']);
    let messageId: string | undefined;
    await expect(
      t.db.database.db.transaction(async (tx) => {
        messageId = await t.services.outbox.emit(tx, 'action.taken', { action: 'ban' });
        throw new Error('the moderation action failed');
      }),
    ).rejects.toThrow('the moderation action failed');
    const committed = await emit('action.taken', { action: 'warn' });
    await waitForStatus(endpoint.id, committed, 'succeeded');
    await sleep(1_500);

    expect(requestsTo(endpoint.url).map((r) => r.headers['webhook-id'])).toEqual([committed]);
    const log = await api('GET', `/v1/webhooks/deliveries?messageId=${messageId}`);
    expect(log.body.items).toEqual([]);
  }, 30_000);

  it('pages the delivery log with a keyset cursor', async () => {
    const endpoint = await register('/ok', ['statement.issued']);
    const sent: string[] = [];
    for (let i = 0; i < 5; i++) sent.push(await emit('statement.issued', { n: i }));
    await waitFor('all five to succeed', async () => (await deliveriesOf(endpoint.id, '?status=succeeded&limit=200')).length === 5);

    const seen: string[] = [];
    let before: string | null = null;
    let pages = 0;
    do {
      const res = await api('GET', `/v1/webhooks/endpoints/${endpoint.id}/deliveries?limit=2${before ? `&before=${before}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((d: Delivery) => d.messageId));
      before = res.body.nextBefore;
      pages += 1;
    } while (before && pages < 10);
    expect(seen.sort()).toEqual([...sent].sort());
    expect(pages).toBe(3);
    expect((await api('GET', `/v1/webhooks/deliveries?before=not-a-cursor`)).status).toBe(400);
    expect((await api('GET', `/v1/webhooks/endpoints/${randomUUID()}/deliveries`)).status).toBe(404);
  }, 30_000);

  it('rotates the secret (both sign for a day), updates and deletes endpoints, each audited', async () => {
    const endpoint = await register('/ok', ['action.taken']);
    const rotated = await api('POST', `/v1/webhooks/endpoints/${endpoint.id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    const fresh = rotated.body.secret as string;
    secrets.push(fresh);
    expect(fresh).not.toBe(endpoint.secret);
    expect(rotated.body.endpoint.previousSecretValidUntil).toBeTruthy();

    const messageId = await emit('action.taken', { action: 'hide' });
    await waitForStatus(endpoint.id, messageId, 'succeeded');
    const [request] = requestsTo(endpoint.url);
    expect(String(request!.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verifySignature(fresh, request!.headers, request!.body)).toBe(true);
    expect(verifySignature(endpoint.secret, request!.headers, request!.body)).toBe(true);

    const updated = await api('PATCH', `/v1/webhooks/endpoints/${endpoint.id}`, { eventTypes: ['report.outcome'], description: 'moved' });
    expect(updated.body).toMatchObject({ eventTypes: ['report.outcome'], description: 'moved' });
    const deleted = await api('DELETE', `/v1/webhooks/endpoints/${endpoint.id}`);
    expect(deleted.status).toBe(200);
    expect((await api('GET', `/v1/webhooks/endpoints/${endpoint.id}`)).status).toBe(404);
    // Its log stays.
    const log = await api('GET', `/v1/webhooks/deliveries?endpointId=${endpoint.id}`);
    expect(log.body.items.map((d: Delivery) => d.messageId)).toEqual([messageId]);

    const types = (await t.services.audit.list({ type: 'webhook_endpoint.*', subjectId: endpoint.id, limit: 10 })).map((e) => e.type);
    expect(types.sort()).toEqual(['webhook_endpoint.created', 'webhook_endpoint.deleted', 'webhook_endpoint.secret_rotated', 'webhook_endpoint.updated']);
    const change = await t.services.audit.list({ type: 'webhook_endpoint.updated', subjectId: endpoint.id, limit: 1 });
    expect(change[0]!.payload).toMatchObject({ changes: { eventTypes: { before: ['action.taken'], after: ['report.outcome'] } } });
  }, 30_000);

  it('never sends a delivery twice for a redelivered job, nor again once it succeeded', async () => {
    const endpoint = await register('/ok', ['action.reversed']);
    // Disabled while the event is emitted, so the Outbox makes no delivery and no job: this test
    // makes the delivery row itself and drives the handler directly.
    await api('PATCH', `/v1/webhooks/endpoints/${endpoint.id}`, { enabled: false });
    const messageId = await emit('action.reversed', { actionId: 'a-1' });
    await api('PATCH', `/v1/webhooks/endpoints/${endpoint.id}`, { enabled: true });
    const deliveryId = randomUUID();
    await t.db.database.executeSql(
      `INSERT INTO webhook_deliveries (id, message_id, endpoint_id, status, attempts, created_at) VALUES ($1, $2, $3, 'pending', 0, now())`,
      [deliveryId, messageId, endpoint.id],
    );
    const enqueued: unknown[] = [];
    const stubQueue: JobQueue = {
      runsWorkers: false, start: async () => {}, stop: async () => {}, work: async () => {}, workBatch: async () => {}, backlog: async () => ({}), dueWithin: async () => ({}),
      enqueue: async (_tx, _name, data) => {
        enqueued.push(data);
        return randomUUID();
      },
    };
    const deliverer = t.services.webhooks.deliverer(stubQueue, { timeoutMs: 2000, retryScheduleSeconds: [1] });
    const job = { id: randomUUID(), name: DELIVER_WEBHOOK_QUEUE, data: { deliveryId } };
    await deliverer.handle(job);
    await deliverer.handle(job); // pg-boss delivered the same job again
    await deliverer.handle({ ...job, id: randomUUID() }); // a stale job for a delivery that succeeded

    expect(requestsTo(endpoint.url).map((r) => r.headers['webhook-id'])).toEqual([messageId]);
    const [row] = await deliveriesOf(endpoint.id);
    expect(row).toMatchObject({ id: deliveryId, status: 'succeeded', attemptCount: 1 });
    expect(enqueued).toEqual([]);
  });

  it('never writes a signing secret to the logs', () => {
    const logs = t.logs.join('\n');
    expect(secrets.length).toBeGreaterThan(5);
    for (const secret of secrets) expect(logs).not.toContain(secret.slice(6));
  });
});

import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ContactChanges } from '../../src/modules/policy/contact.changes.js';
import { buildApp, type TryggApp } from '../../src/server/app.js';
import { createServices, type Services } from '../../src/server/services.js';
import { createTestApp, TEST_SECRET, type TestApp } from '../support/app.js';
import { testDriver } from '../support/database.js';

type Node = { app: TryggApp; services: Services; changes: ContactChanges };

/**
 * On PostgreSQL a node holding a lease decides from its cache without a round trip; writers wait,
 * before they commit, until every such node knows a change is coming (contact.changes.ts). These
 * tests hold the protocol to its promise: no decision misses a committed change, on any node.
 * PGlite is one process with notifications delivered at commit: no leases there.
 */
describe.runIf(testDriver === 'postgres')('contact decisions under leases (postgres)', () => {
  let t: TestApp;
  let a: Node;
  let b: Node;
  let seq = 0;
  const born = (age: number) => new Date(Date.UTC(2026 - age, 0, 1)).toISOString().slice(0, 10);
  const extra: Node[] = [];

  /**
   * `cannotListen`: the node's listening connection never opens (say `max_connections` was
   * reached): 'refused' at once, or 'connecting' for ever.
   */
  const node = async (options: { cannotListen?: 'refused' | 'connecting' } = {}): Promise<Node> => {
    const opened = await t.db.openAnother();
    const neverUp = { caughtUp: () => new Promise<void>(() => {}), query: () => new Promise<never>(() => {}), close: async () => {} };
    const listen: typeof opened.listen | undefined =
      options.cannotListen === 'refused' ? () => Promise.reject(new Error('too many clients already'))
      : options.cannotListen === 'connecting' ? async () => neverUp
      : undefined;
    const database: typeof opened = listen ? { ...opened, listen } : opened;
    const services = createServices({ database, secretKey: TEST_SECRET, clock: t.clock, publicUrl: 'https://trygg.test' });
    const app = await buildApp({ database, services, clock: t.clock, http: { logLevel: 'silent', rateLimitPerMinute: 100_000 } });
    const made = { app, services, changes: services.contact.changes! };
    extra.push(made);
    return made;
  };
  const ingest = (on: Node, events: Record<string, unknown>[]) =>
    on.services.events.ingest(events.map((e) => ({ id: `l-${++seq}`, occurredAt: t.clock.now().toISOString(), ...e })), null);
  const setAge = (on: Node, accountId: string, age: number) => ingest(on, [{ type: 'account.updated', accountId, birthDate: born(age) }]);
  const decide = (on: Node, from: string, to: string) => on.services.contact.decide({ from, to, kind: 'message' });
  /** Decides until the node trusts its lease (the first decision once it listens takes it). */
  const leased = async (on: Node) => {
    await on.services.contact.start();
    await vi.waitFor(() => expect(on.services.contact.caching).toBe(true), { timeout: 5_000 });
    await decide(on, 'lease-warm', 'lease-warm-2');
    await vi.waitFor(() => expect(on.changes.current).toBe(true), { timeout: 5_000 });
  };

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set(new Date('2026-06-15T10:00:00Z'));
    a = { app: t.app, services: t.services, changes: t.services.contact.changes! };
    b = await node();
    for (const n of [a, b]) await n.services.contact.start();
    await ingest(a, [
      { type: 'account.registered', accountId: 'lease-adult', birthDate: born(40) },
      { type: 'account.registered', accountId: 'lease-minor', birthDate: born(15) },
    ]);
  });
  afterAll(async () => {
    for (const n of extra) await n.app.close();
    await t?.close();
  });

  it('a node holding a lease decides without a round trip to PostgreSQL', async () => {
    await leased(b);
    const probe = vi.spyOn(b.changes, 'caughtUp');
    try {
      for (let i = 0; i < 20; i++) expect((await decide(b, 'lease-adult', 'lease-minor')).rule).toBe('age-gap');
      expect(probe).not.toHaveBeenCalled();
    } finally {
      probe.mockRestore();
    }
  });

  it('a change written on one node reaches the very next decision on the other, every time', async () => {
    await Promise.all([leased(a), leased(b)]);
    const probes = vi.spyOn(b.changes, 'caughtUp');
    try {
      for (let i = 0; i < 30; i++) {
        const [writer, reader] = i % 2 ? [a, b] : [b, a];
        const age = i % 3 ? 17 : 40;
        await setAge(writer, 'lease-adult', age);
        const answer = await decide(reader, 'lease-adult', 'lease-minor');
        expect([answer.from.age, answer.allow]).toEqual([age, age === 17]);
      }
      // Some of b's decisions came after the change had arrived: they went without the round trip.
      expect(probes.mock.calls.length).toBeLessThan(15);
    } finally {
      probes.mockRestore();
    }
  });

  it('a writer waits for a node that holds a lease and does not answer until the lease runs out', async () => {
    await t.db.database.db.execute(sql`INSERT INTO contact_cache_nodes (node_id, lease_until) VALUES ('ghost', clock_timestamp() + interval '1500 milliseconds')`);
    const started = performance.now();
    await setAge(a, 'lease-adult', 41);
    expect(performance.now() - started).toBeGreaterThanOrEqual(1_300);
    expect((await decide(b, 'lease-adult', 'lease-minor')).from.age).toBe(41);
  });

  it('a change whose transaction rolls back stops holding nodes to round trips once PostgreSQL says it is over', async () => {
    await leased(b);
    await expect(t.db.database.db.transaction(async (tx) => {
      await a.changes.announce(tx, { accounts: ['lease-adult'] });
      throw new Error('rolled back on purpose');
    })).rejects.toThrow('rolled back on purpose');
    expect(b.changes.current).toBe(false);
    await vi.waitFor(() => expect(b.changes.current).toBe(true), { timeout: 5_000 });
  });

  it('a node taking its lease while a change is being written waits for that change', async () => {
    let commit!: () => void;
    const held = new Promise<void>((resolve) => (commit = resolve));
    let announced!: () => void;
    const isAnnounced = new Promise<void>((resolve) => (announced = resolve));
    const writing = t.db.database.db.transaction(async (tx) => {
      await tx.execute(sql`UPDATE accounts SET birth_date = ${born(16)} WHERE external_id = 'lease-adult'`);
      await a.changes.announce(tx, { accounts: ['lease-adult'] });
      announced();
      await held;
    });
    await isAnnounced;
    const late = await node();
    try {
      await late.services.contact.start();
      await vi.waitFor(() => expect(late.services.contact.caching).toBe(true), { timeout: 5_000 });
      await decide(late, 'lease-warm', 'lease-warm-2');
      // It holds a lease now, yet the change announced before it listened keeps it asking.
      await vi.waitFor(() => expect(late.changes.leaseHeld).toBe(true), { timeout: 5_000 });
      expect(late.changes.current).toBe(false);
    } finally {
      commit();
      await writing;
    }
    expect((await decide(late, 'lease-adult', 'lease-minor')).from.age).toBe(16);
    await vi.waitFor(() => expect(late.changes.current).toBe(true), { timeout: 5_000 });
  });

  it('a writer whose listening connection cannot open announces through the pool, and leased nodes still see each change', async () => {
    const writers = [await node({ cannotListen: 'refused' }), await node({ cannotListen: 'connecting' })];
    await leased(b);
    for (let i = 0; i < 6; i++) {
      const age = i % 2 ? 17 : 42;
      await setAge(writers[i % 2]!, 'lease-adult', age);
      const answer = await decide(b, 'lease-adult', 'lease-minor');
      expect([answer.from.age, answer.allow]).toEqual([age, age === 17]);
    }
    for (const writer of writers) expect(writer.changes.listening).toBe(false);
  });

  it('without its listening connection a writer still waits for a silent lease to run out', async () => {
    const writer = await node({ cannotListen: 'refused' });
    await t.db.database.db.execute(sql`INSERT INTO contact_cache_nodes (node_id, lease_until) VALUES ('ghost-2', clock_timestamp() + interval '1500 milliseconds')`);
    const started = performance.now();
    await setAge(writer, 'lease-adult', 43);
    expect(performance.now() - started).toBeGreaterThanOrEqual(1_300);
    expect((await decide(b, 'lease-adult', 'lease-minor')).from.age).toBe(43);
  });
});

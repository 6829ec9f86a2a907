import type { Database, Queryable } from '../../storage/db.js';
import type { Listener } from '../../storage/listen.js';
import type { ContactRepo } from './contact.repo.js';

/** What changed about the facts a contact decision reads. */
export interface FactsChange {
  /** Members whose account row changed: registered, birth date, age verification, restriction. */
  accounts?: readonly string[];
  /** [from, to]: `from` has written to `to` (a "wrote first" fact never reverts). */
  wrote?: readonly (readonly [string, string])[];
  /** A new policy version was saved. */
  policy?: boolean;
}

/** A cache of decision facts, told about every change that could make it stale. */
export interface FactsSubscriber {
  /** Committed (on this node or another): forget these, including answers of loads in flight. */
  forget(change: FactsChange): void;
  /** Notifications may have been missed: forget everything; cache again only while `live`. */
  reset(live: boolean): void;
}

export const FACTS_CHANNEL = 'trygg_contact_facts';

interface Wire {
  a?: string[];
  w?: [string, string][];
  p?: 1;
}

/**
 * Tells every node's decision caches what changed, from inside the writer's transaction.
 *
 * `announce` runs NOTIFY in that transaction, so every listening node (this one too) hears of
 * the change exactly when it commits, and never of a rollback. Decisions wait for `caughtUp`
 * (one shared round trip on the listening connection) before reading the caches, so whatever
 * committed before a decision was asked for is seen by it, on any node. On PGlite notifications
 * arrive with the commit itself. Until the listener is connected (or after it dropped) caches
 * keep nothing, so a missed notification cannot leave a stale answer behind.
 */
export class ContactChanges {
  private readonly subscribers = new Set<FactsSubscriber>();
  private listener?: Promise<Listener | undefined>;
  private live = false;
  private closed = false;

  constructor(
    private readonly database: Database,
    private readonly repo: ContactRepo,
  ) {}

  subscribe(subscriber: FactsSubscriber): void {
    this.subscribers.add(subscriber);
    subscriber.reset(this.live);
  }

  /** Whether caches may keep answers: the listener is connected. */
  get listening(): boolean {
    return this.live;
  }

  /** Starts listening (once); callers need not wait: caches stay empty until it is live. */
  start(): Promise<Listener | undefined> {
    this.listener ??= this.database
      .listen(FACTS_CHANNEL, {
        notify: (payload) => this.received(payload),
        listening: () => this.setLive(true),
        lost: () => this.setLive(false),
      })
      .catch(() => undefined);
    return this.listener;
  }

  /** Resolves once every change committed before the call has reached this node's caches. */
  async caughtUp(): Promise<void> {
    await (await this.start())?.caughtUp();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.setLive(false);
    await (await this.listener)?.close();
  }

  /** Inside the writer's transaction, after the change itself. */
  async announce(tx: Queryable, change: FactsChange): Promise<void> {
    const accounts = [...new Set(change.accounts ?? [])];
    const wrote = change.wrote ?? [];
    if (!accounts.length && !wrote.length && !change.policy) return;
    await this.repo.notify(tx, FACTS_CHANNEL, encode({ accounts, wrote, policy: change.policy }));
  }

  private received(payload: string): void {
    let wire: Wire;
    try {
      wire = JSON.parse(payload) as Wire;
    } catch {
      return;
    }
    const change: FactsChange = { accounts: wire.a ?? [], wrote: wire.w ?? [], policy: wire.p === 1 };
    for (const s of this.subscribers) s.forget(change);
  }

  private setLive(live: boolean): void {
    if (this.closed && live) return;
    this.live = live;
    for (const s of this.subscribers) s.reset(live);
  }
}

/** NOTIFY payloads stay under PostgreSQL's 8,000-byte limit: a large change goes in parts. */
const MAX_PAYLOAD = 7_000;

export function encode(change: FactsChange): string[] {
  const parts: string[] = [];
  let current: Wire = {};
  let size = 16;
  const flush = () => {
    parts.push(JSON.stringify(current));
    current = {};
    size = 16;
  };
  if (change.policy) current.p = 1;
  for (const id of change.accounts ?? []) {
    const cost = JSON.stringify(id).length + 1;
    if (size + cost > MAX_PAYLOAD && (current.a || current.w)) flush();
    (current.a ??= []).push(id);
    size += cost;
  }
  for (const [from, to] of change.wrote ?? []) {
    const cost = JSON.stringify([from, to]).length + 1;
    if (size + cost > MAX_PAYLOAD && (current.a || current.w)) flush();
    (current.w ??= []).push([from, to]);
    size += cost;
  }
  parts.push(JSON.stringify(current));
  return parts;
}

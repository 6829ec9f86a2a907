import type { Database, Queryable } from '../../storage/db.js';
import type { Listener } from '../../storage/listen.js';
import { newId } from '../../lib/ids.js';
import { ContactLeasesRepo, type OnListener } from './contact.leases.repo.js';
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
const ACK_CHANNEL_PREFIX = 'trygg_contact_ack_';
/** A node's lease on deciding from its cache without asking PostgreSQL first, renewed this often. */
const LEASE_MS = 2_000;
const RENEW_MS = 500;
/** The node trusts its lease for this share of it (from when it asked): the database counts from later. */
const LEASE_TRUSTED = 0.75;
/** A change announced this long ago and still not heard of: ask whether its transaction still runs. */
const CHECK_COMING_MS = 1_000;
/** A writer waits up to this long from start for its listening connection, then announces without it (`comingWaitedOut`). */
const READY_WAIT_MS = 1_000;
/** Without a listening connection, a writer looks this often for the nodes that have not renewed since it announced. */
const UNAWARE_POLL_MS = 50;

interface Wire {
  a?: string[];
  w?: [string, string][];
  p?: 1;
  /** On a change's last part: the token it was announced under. */
  k?: string;
  /** A change is coming: its token, the writer's transaction id and where to acknowledge. */
  q?: string;
  x?: string;
  r?: string;
}

/** Who acknowledged an announcement so far, and whom the writer, once it knows who holds a lease, waits for. */
interface Acknowledgements {
  from: Set<string>;
  heard?: (session: string) => void;
}

/**
 * Tells every node's decision caches what changed, from inside the writer's transaction.
 *
 * `announce` runs NOTIFY in that transaction, so every listening node (this one too) hears of
 * the change exactly when it commits, and never of a rollback. On PGlite notifications arrive
 * with the commit itself. Until the listener is connected (or after it dropped) caches keep
 * nothing, so a missed notification cannot leave a stale answer behind.
 *
 * On PostgreSQL a notification is in flight for a moment after the commit, and a decision must
 * see whatever committed before it was asked for. Either the decision first makes one round trip
 * on the listening connection (`caughtUp`: PostgreSQL answers it only after the notifications
 * pending for it), or the node holds a lease and no change is coming (`current`). A node takes a
 * lease when it decides, renews it on its listening connection, and trusts it for less than its
 * length. Before a writer commits, it records and notifies that a change is coming and waits
 * until every node holding a lease has acknowledged (or its lease has run out): from then until
 * the change itself arrives, those nodes make the round trip again. A node taking a lease reads
 * the changes still coming, for the ones announced before it listened; one whose writer rolled
 * back is dropped once PostgreSQL says the transaction is over (txid_status).
 */
export class ContactChanges {
  private readonly subscribers = new Set<FactsSubscriber>();
  private listener?: Promise<Listener | undefined>;
  private live = false;
  private closed = false;
  private readonly nodeId = newId();
  private readonly ackChannel = ACK_CHANNEL_PREFIX + this.nodeId.replaceAll('-', '');
  private announced = 0;
  private startedAt = 0;
  /** This connection's lease identity (a new one after each reconnection) and until when it is trusted (performance.now()). */
  private session?: string;
  private leasing?: string;
  private leaseTrustedUntil = 0;
  /** Changes announced by writers and not heard of yet: token → the writer's transaction, first heard of at. */
  private readonly coming = new Map<string, { txid: string; since: number }>();
  /** This node's announcements waiting for acknowledgements: token → the sessions that acknowledged. */
  private readonly acks = new Map<string, Acknowledgements>();
  private outgoingAcks: [string, string][] = [];
  private readonly leases = new ContactLeasesRepo();

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

  /** Whether a decision may read the caches as they are: nothing committed can be in flight to this node. */
  get current(): boolean {
    return this.live && this.coming.size === 0 && this.leaseHeld;
  }

  /** Whether this node holds a lease it still trusts. */
  get leaseHeld(): boolean {
    return this.leaseTrustedUntil > performance.now();
  }

  /** Starts listening (once); callers need not wait: caches stay empty until it is live. */
  start(): Promise<Listener | undefined> {
    this.startedAt ||= performance.now();
    this.listener ??= this.database
      .listen([FACTS_CHANNEL, this.ackChannel], {
        notify: (payload, channel) => (channel === this.ackChannel ? this.acknowledged(payload) : this.received(payload)),
        listening: () => this.setLive(true),
        lost: () => this.setLive(false),
        closing: () => this.releaseLease(),
      })
      .catch(() => undefined);
    return this.listener;
  }

  /** Resolves once every change committed before the call has reached this node's caches; takes a lease for next time. */
  async caughtUp(): Promise<void> {
    const listener = await this.start();
    if (listener?.query) this.takeLease(listener);
    await listener?.caughtUp();
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
    // PGlite is one process and one connection: nothing to announce ahead (and a LISTEN started
    // here would wait for this very transaction).
    let token: string | undefined;
    if (this.database.driver === 'postgres') {
      const listener = await this.start();
      token = `${this.nodeId}.${++this.announced}`;
      if (listener?.query && (await this.becameLive())) await this.comingAcknowledged(tx, listener, token);
      else await this.comingWaitedOut(tx, token);
    }
    await this.repo.notify(tx, FACTS_CHANNEL, encode({ accounts, wrote, policy: change.policy }, token));
  }

  /** Announces a change to come and waits until every node holding a lease knows (see the class comment). */
  private async comingAcknowledged(tx: Queryable, listener: Listener, token: string): Promise<void> {
    const run = listener.query!.bind(listener);
    const txid = await this.leases.transactionId(tx);
    const entry: Acknowledgements = { from: new Set() };
    this.acks.set(token, entry);
    try {
      await this.leases.announceComing(run, FACTS_CHANNEL, token, txid, JSON.stringify({ q: token, x: txid, r: this.ackChannel } satisfies Wire));
      const nodes = (await this.leases.liveNodes(run)).filter((n) => !entry.from.has(n.nodeId));
      if (nodes.length) {
        await new Promise<void>((resolve) => {
          const waiting = new Map(nodes.map((n) => [n.nodeId, setTimeout(() => heard(n.nodeId), Math.ceil(n.remainingMs) + 1)]));
          // By the end of its lease a node no longer trusts it: no need to hear from it.
          const heard = (session: string) => {
            clearTimeout(waiting.get(session));
            if (waiting.delete(session) && !waiting.size) resolve();
          };
          entry.heard = heard;
        });
      }
    } finally {
      this.acks.delete(token);
    }
    await this.leases.arrived(tx, token);
  }

  /**
   * A writer whose listening connection is down (say `max_connections` reached) cannot hear
   * acknowledgements. It announces through the pool instead and waits until every node holding a
   * lease has renewed it since (a renewal runs on the node's listening connection, so the
   * announcement reached the node before the renewal's answer) or its lease has run out. Slower
   * (up to a renewal period, 0.5 s; a silent node's whole lease), but the write goes through.
   */
  private async comingWaitedOut(tx: Queryable, token: string): Promise<void> {
    const run: OnListener = async (text, values) => (await this.database.executeSql(text, values)).rows;
    const txid = await this.leases.transactionId(tx);
    await this.leases.announceComing(run, FACTS_CHANNEL, token, txid, JSON.stringify({ q: token, x: txid } satisfies Wire));
    let since: string | undefined;
    for (;;) {
      const unaware = await this.leases.unawareNodes(run, since, LEASE_MS);
      since = unaware.since;
      if (!unaware.count) break;
      await new Promise((r) => setTimeout(r, UNAWARE_POLL_MS));
    }
    await this.leases.arrived(tx, token);
  }

  /** Whether the listening connection is up, waiting for it only while it is first connecting (READY_WAIT_MS from start). */
  private async becameLive(): Promise<boolean> {
    const deadline = this.startedAt + READY_WAIT_MS;
    while (!this.live) {
      if (this.closed || performance.now() > deadline) return false;
      await new Promise((r) => setTimeout(r, 10));
    }
    return true;
  }

  private takeLease(listener: Listener): void {
    if (!this.live || this.closed || !this.session || this.leasing === this.session) return;
    const session = (this.leasing = this.session);
    const run = listener.query!.bind(listener);
    let first = true;
    const renew = async () => {
      if (this.closed || this.session !== session) return;
      const asked = performance.now();
      try {
        for (const c of await this.leases.renew(run, session, LEASE_MS, first)) {
          if (!this.coming.has(c.token)) this.coming.set(c.token, { txid: c.txid, since: asked });
        }
        first = false;
        if (this.session === session) this.leaseTrustedUntil = asked + LEASE_MS * LEASE_TRUSTED;
      } catch {
        this.leaseTrustedUntil = 0;
      }
      // Failing, it leaves the changes coming (round trips go on), not the lease.
      await this.sweepComing(run).catch(() => {});
      setTimeout(() => void renew(), RENEW_MS).unref();
    };
    void renew();
  }

  /** Forgets announced changes whose transaction ended without this node hearing of it (rolled back). */
  private async sweepComing(run: OnListener): Promise<void> {
    const now = performance.now();
    const old = [...this.coming].filter(([, c]) => now - c.since > CHECK_COMING_MS).map(([token, c]) => ({ token, txid: c.txid }));
    if (!old.length) return;
    const still = await this.leases.stillComing(run, old);
    // A committed change was delivered before the answer above: only rolled-back ones are left to drop.
    for (const { token } of old) if (!still.has(token)) this.coming.delete(token);
  }

  private async releaseLease(): Promise<void> {
    // Stop trusting the lease before giving it up: writers will not wait for this node any more.
    this.closed = true;
    this.leaseTrustedUntil = 0;
    const listener = await this.listener;
    if (listener?.query && this.leasing) await this.leases.release(listener.query.bind(listener), this.leasing);
  }

  private acknowledged(payload: string): void {
    const [token, session] = payload.split(' ');
    const entry = this.acks.get(token ?? '');
    if (!entry || !session) return;
    entry.from.add(session);
    entry.heard?.(session);
  }

  private acknowledge(channel: string, token: string): void {
    const session = this.leasing;
    if (!session || session !== this.session) return;
    if (channel === this.ackChannel) return this.acknowledged(`${token} ${session}`);
    if (this.outgoingAcks.push([channel, `${token} ${session}`]) > 1) return;
    setImmediate(() => {
      const acks = this.outgoingAcks;
      this.outgoingAcks = [];
      void this.listener?.then((l) => l?.query && this.leases.acknowledge(l.query.bind(l), acks)).catch(() => {});
    });
  }

  private received(payload: string): void {
    let wire: Wire;
    try {
      wire = JSON.parse(payload) as Wire;
    } catch {
      return;
    }
    if (wire.q) {
      // Only a node deciding under a lease needs to know (it reads what it missed when it takes one).
      if (!this.leasing) return;
      this.coming.set(wire.q, { txid: wire.x ?? '0', since: performance.now() });
      if (wire.r) this.acknowledge(wire.r, wire.q);
      return;
    }
    const change: FactsChange = { accounts: wire.a ?? [], wrote: wire.w ?? [], policy: wire.p === 1 };
    for (const s of this.subscribers) s.forget(change);
    if (wire.k) this.coming.delete(wire.k);
  }

  private setLive(live: boolean): void {
    if (this.closed && live) return;
    this.live = live;
    this.leaseTrustedUntil = 0;
    this.session = live ? newId() : undefined;
    for (const s of this.subscribers) s.reset(live);
  }
}

/** NOTIFY payloads stay under PostgreSQL's 8,000-byte limit: a large change goes in parts. */
const MAX_PAYLOAD = 7_000;

/** The change's parts; the last carries the token it was announced under. */
export function encode(change: FactsChange, token?: string): string[] {
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
  if (token) current.k = token;
  parts.push(JSON.stringify(current));
  return parts;
}

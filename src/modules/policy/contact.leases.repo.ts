import { sql } from 'drizzle-orm';
import type { Queryable } from '../../storage/db.js';
import type { ListenerRows } from '../../storage/listen.js';
import { rowsOf } from '../../storage/rows.js';

/** A statement on a node's listening connection (see ContactChanges for why they travel there). */
export type OnListener = (text: string, values?: unknown[]) => Promise<ListenerRows>;

export interface LiveNode {
  nodeId: string;
  /** How much longer its lease runs, by the database's clock. */
  remainingMs: number;
}

/** Rows of announced changes left by transactions that ended without deleting them (rolled back) go after this long. */
const STALE_COMING = "interval '1 minute'";

/**
 * Leases of nodes that decide from their cache, and the changes announced to them. Only this
 * file queries those two tables.
 */
export class ContactLeasesRepo {
  /**
   * Takes or renews the node's lease. Taking it (`first`) also answers the changes announced and
   * still coming, which the node may have missed by listening too late, and sweeps dead rows.
   */
  async renew(run: OnListener, nodeId: string, leaseMs: number, first: boolean): Promise<{ token: string; txid: string }[]> {
    const upsert = `INSERT INTO contact_cache_nodes (node_id, lease_until) VALUES ($1, clock_timestamp() + $2 * interval '1 millisecond')
      ON CONFLICT (node_id) DO UPDATE SET lease_until = excluded.lease_until`;
    if (!first) {
      await run(upsert, [nodeId, leaseMs]);
      return [];
    }
    await run(`DELETE FROM contact_cache_nodes WHERE lease_until < clock_timestamp() - interval '1 minute'`);
    await run(`DELETE FROM contact_changes_coming WHERE announced_at < clock_timestamp() - ${STALE_COMING}
      AND txid_status(txid) IS DISTINCT FROM 'in progress'`);
    await run(upsert, [nodeId, leaseMs]);
    const rows = await run(`SELECT token, txid::text AS txid FROM contact_changes_coming`);
    return rows.map((r) => ({ token: String(r.token), txid: String(r.txid) }));
  }

  async release(run: OnListener, nodeId: string): Promise<void> {
    await run(`DELETE FROM contact_cache_nodes WHERE node_id = $1`, [nodeId]);
  }

  /** Of these announced changes, the ones whose transaction is still running. */
  async stillComing(run: OnListener, coming: { token: string; txid: string }[]): Promise<Set<string>> {
    const rows = await run(
      `SELECT t.token FROM unnest($1::text[], $2::bigint[]) AS t(token, txid) WHERE txid_status(t.txid) = 'in progress'`,
      [coming.map((c) => c.token), coming.map((c) => c.txid)],
    );
    return new Set(rows.map((r) => String(r.token)));
  }

  /** Records (committed at once, outside the writer's transaction) and notifies a change to come. */
  async announceComing(run: OnListener, channel: string, token: string, txid: string, payload: string): Promise<void> {
    await run(
      `WITH coming AS (INSERT INTO contact_changes_coming (token, txid) VALUES ($2, $3::bigint)) SELECT pg_notify($1, $4)`,
      [channel, token, txid, payload],
    );
  }

  /** Nodes holding a lease now; run after `announceComing` committed, never in the same statement. */
  async liveNodes(run: OnListener): Promise<LiveNode[]> {
    const rows = await run(`SELECT node_id, extract(epoch FROM lease_until - clock_timestamp()) * 1000 AS ms
      FROM contact_cache_nodes WHERE lease_until > clock_timestamp()`);
    return rows.map((r) => ({ nodeId: String(r.node_id), remainingMs: Number(r.ms) }));
  }

  /**
   * How many nodes hold a lease they have not renewed since `since` (a database timestamp; on the
   * first call, now: run it after the announcement committed). A renewal sets the lease to its
   * statement's clock plus `leaseMs`, so a lease ending before `since + leaseMs` was renewed before.
   */
  async unawareNodes(run: OnListener, since: string | undefined, leaseMs: number): Promise<{ since: string; count: number }> {
    const rows = await run(
      `WITH t AS (SELECT coalesce($1::timestamptz, clock_timestamp()) AS since)
      SELECT t.since::text AS since, count(n.node_id)::int AS count FROM t LEFT JOIN contact_cache_nodes n
        ON n.lease_until > clock_timestamp() AND n.lease_until < t.since + $2 * interval '1 millisecond' GROUP BY t.since`,
      [since ?? null, leaseMs],
    );
    return { since: String(rows[0]!.since), count: Number(rows[0]!.count) };
  }

  /** Acknowledgements, one notification each: [channel, payload]. */
  async acknowledge(run: OnListener, acks: [string, string][]): Promise<void> {
    await run(`SELECT pg_notify(c, p) FROM unnest($1::text[], $2::text[]) AS t(c, p)`, [acks.map((a) => a[0]), acks.map((a) => a[1])]);
  }

  /** In the writer's transaction. */
  async transactionId(tx: Queryable): Promise<string> {
    return String(rowsOf(await tx.execute(sql`SELECT txid_current()::text AS id`))[0]!.id);
  }

  /** In the writer's transaction, with the change's notification: the change is no longer to come once this commits. */
  async arrived(tx: Queryable, token: string): Promise<void> {
    await tx.execute(sql`DELETE FROM contact_changes_coming WHERE token = ${token}`);
  }
}

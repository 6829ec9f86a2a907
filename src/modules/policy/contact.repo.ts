import { sql, type SQL } from 'drizzle-orm';
import { arrayLiteral } from '../../storage/array-literal.js';
import type { Queryable } from '../../storage/db.js';
import { contactDenials } from '../events/events.schema.js';

export interface AccountRow {
  birthDate: string;
  ageVerified: boolean;
  /** A restriction is set, in force until `restrictedUntil` (ms since epoch; null: for good). */
  restricted: boolean;
  restrictedUntil: number | null;
}

export interface MemberRow {
  id: string;
  /** null: no account with this id. */
  account: AccountRow | null;
  /** Whom the member has written to: at most WROTE_TO_LIMIT + 1 (more means "too many to keep"). */
  wroteTo: string[];
}

export interface DecisionFacts {
  policyVersion: number;
  members: MemberRow[];
  /** [from, to] for every asked-about ordered pair in which `from` has written to `to`. */
  wrote: [string, string][];
}

export const pairKey = (from: string, to: string) => `${from}\u0000${to}`;

/** A member who wrote to more people than this is asked about pair by pair instead. */
export const WROTE_TO_LIMIT = 1_000;

/** One JSON object per member id in `ids` (a subquery yielding `id`): account facts and whom they wrote to. */
const membersJson = (ids: SQL) => sql`(SELECT coalesce(json_agg(json_build_object(
    'id', i.id,
    'account', (SELECT json_build_object('birthDate', a.birth_date, 'ageVerified', a.age_verified_at IS NOT NULL,
        'restricted', a.restriction IS NOT NULL, 'restrictedUntil', (extract(epoch FROM a.restricted_until) * 1000)::bigint)
      FROM accounts a WHERE a.external_id = i.id),
    'wroteTo', (SELECT coalesce(json_agg(w.to_external_id), '[]'::json) FROM (
      SELECT cp.to_external_id FROM contact_pairs cp
       WHERE cp.from_external_id = i.id AND cp.first_message_at IS NOT NULL LIMIT ${WROTE_TO_LIMIT + 1}) w))), '[]'::json)
  FROM ${ids})`;

/**
 * What a batch of decisions does not find in the cache, as one statement: the policy version in
 * force, the members asked about, and which of the asked pairs (either way round) have written to
 * each other. Lists travel as JSON parameters: the same on PGlite and node-postgres, any length.
 *
 * Prepared under a fixed name: on PostgreSQL each pooled connection parses and plans it once and
 * then only binds and executes (planning cost more than executing). PGlite ignores the name.
 * Each member is looked up by its own correlated subquery: an index lookup whatever the planner
 * guesses about a JSON list's length (PGlite never analyzes).
 */
function factsStatement(db: Queryable) {
  return db
    .select({
      policyVersion: sql<number>`pv.version`,
      members: sql<unknown>`${membersJson(sql`jsonb_array_elements_text(${sql.placeholder('ids')}::jsonb) AS i(id)`)}`,
      wrote: sql<unknown>`(SELECT coalesce(json_agg(json_build_array(cp.from_external_id, cp.to_external_id)), '[]'::json)
          FROM contact_pairs cp
          JOIN jsonb_to_recordset(${sql.placeholder('pairs')}::jsonb) AS q(a text, b text)
            ON (cp.from_external_id = q.a AND cp.to_external_id = q.b) OR (cp.from_external_id = q.b AND cp.to_external_id = q.a)
          WHERE cp.first_message_at IS NOT NULL)`,
    })
    .from(sql`(SELECT coalesce(max(version), 0) AS version FROM policy_versions) AS pv`)
    .prepare('contact_decision_facts');
}

const parse = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

export class ContactRepo {
  /** One prepared statement per database handle (a transaction gets its own). */
  private readonly statements = new WeakMap<object, ReturnType<typeof factsStatement>>();

  async facts(db: Queryable, ids: string[], pairs: { from: string; to: string }[]): Promise<DecisionFacts> {
    let statement = this.statements.get(db);
    if (!statement) this.statements.set(db, (statement = factsStatement(db)));
    const [row] = await statement.execute({
      ids: JSON.stringify(ids),
      pairs: JSON.stringify(pairs.map((p) => ({ a: p.from, b: p.to }))),
    });
    return { policyVersion: Number(row!.policyVersion), members: parse<MemberRow[]>(row!.members), wrote: parse<[string, string][]>(row!.wrote) };
  }

  /**
   * Registered members after `after` in id order, `limit` of them, to fill a cache ahead of
   * decisions: one index range over accounts and one over contact_pairs (its key starts with the
   * writer), rather than a lookup per member.
   */
  async membersAfter(db: Queryable, after: string, limit: number): Promise<MemberRow[]> {
    const result = await db.execute(sql`
      WITH page AS (
        SELECT external_id, birth_date, age_verified_at, restriction, restricted_until FROM accounts
         WHERE external_id > ${after} ORDER BY external_id LIMIT ${limit})
      SELECT
        (SELECT coalesce(json_agg(json_build_object('id', external_id, 'account', json_build_object('birthDate', birth_date,
            'ageVerified', age_verified_at IS NOT NULL, 'restricted', restriction IS NOT NULL,
            'restrictedUntil', (extract(epoch FROM restricted_until) * 1000)::bigint), 'wroteTo', '[]'::json)), '[]'::json) FROM page) AS members,
        (SELECT coalesce(json_agg(json_build_array(cp.from_external_id, cp.to_external_id)), '[]'::json) FROM contact_pairs cp
          WHERE cp.from_external_id > ${after} AND cp.from_external_id <= (SELECT max(external_id) FROM page)
            AND cp.first_message_at IS NOT NULL) AS wrote`);
    const row = (result as unknown as { rows: { members: unknown; wrote: unknown }[] }).rows[0]!;
    const members = parse<MemberRow[]>(row.members);
    const byId = new Map(members.map((m) => [m.id, m]));
    for (const [from, to] of parse<[string, string][]>(row.wrote)) byId.get(from)?.wroteTo.push(to);
    return members;
  }

  /**
   * Denials are signal input, not the answer (already given): kept without waiting for the WAL
   * flush. A PostgreSQL crash may lose the last fraction of a second of them; a Trygg crash cannot.
   */
  async recordDenials(db: Queryable, rows: (typeof contactDenials.$inferInsert)[]): Promise<void> {
    if (!rows.length) return;
    await db.execute(sql`SET LOCAL synchronous_commit TO OFF`);
    // One array a column, not a VALUES list of eight parameters a row: Drizzle took ~20 µs a row to
    // build that list, on the thread answering decisions, and each row count was a new statement to plan.
    const column = <K extends keyof (typeof rows)[number]>(key: K, of: (v: NonNullable<(typeof rows)[number][K]>) => string = String) =>
      arrayLiteral(rows.map((r) => (r[key] === undefined || r[key] === null ? null : of(r[key]!))));
    await db.execute(sql`
      INSERT INTO contact_denials (id, from_external_id, to_external_id, kind, rule, policy_version, minor_involved, decided_at)
      SELECT * FROM unnest(${column('id')}::uuid[], ${column('fromExternalId')}::text[], ${column('toExternalId')}::text[],
        ${column('kind')}::text[], ${column('rule')}::text[], ${column('policyVersion')}::int[],
        ${column('minorInvolved')}::boolean[], ${column('decidedAt', (d) => d.toISOString())}::timestamptz[])`);
  }

  /** NOTIFY, in the caller's transaction: listeners hear it when (and only if) it commits. */
  async notify(tx: Queryable, channel: string, payloads: string[]): Promise<void> {
    await tx.execute(sql`SELECT pg_notify(${channel}, p) FROM jsonb_array_elements_text(${JSON.stringify(payloads)}::jsonb) AS p`);
  }
}

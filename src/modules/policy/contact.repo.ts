import { sql } from 'drizzle-orm';
import type { Queryable } from '../../storage/db.js';
import { contactDenials } from '../events/events.schema.js';

export interface PartyRow {
  externalId: string;
  birthDate: string;
  ageVerified: boolean;
  restricted: boolean;
}

export interface DecisionFacts {
  policyVersion: number;
  parties: Map<string, PartyRow>;
  /** "from\u0000to" for every ordered pair in which `from` has written to `to`. */
  wrote: Set<string>;
}

export const pairKey = (from: string, to: string) => `${from}\u0000${to}`;

/**
 * Everything a batch of decisions needs, as one statement: the policy version in force, the
 * members involved, and which of them have written to which. Lists travel as JSON parameters:
 * the same on PGlite and node-postgres, any length.
 *
 * Prepared under a fixed name: on PostgreSQL each pooled connection parses and plans it once and
 * then only binds and executes (planning cost more than executing: about half the database time
 * of a single decision). PGlite ignores the name and runs it as before.
 *
 * `= ANY (ARRAY(…))` rather than `IN (SELECT …)`: the planner guesses 100 rows for a JSON list and,
 * for IN, may hash-join it against a sequential scan of every account (PGlite, which never
 * analyzes, did: 16 ms a decision with 20,000 accounts). As an array it looks up the index.
 */
function factsStatement(db: Queryable) {
  return db
    .select({
      policyVersion: sql<number>`pv.version`,
      parties: sql<unknown>`(SELECT coalesce(json_agg(json_build_object(
            'externalId', external_id, 'birthDate', birth_date, 'ageVerified', age_verified_at IS NOT NULL,
            'restricted', restriction IS NOT NULL AND (restricted_until IS NULL OR restricted_until > ${sql.placeholder('now')}::timestamptz))), '[]'::json)
          FROM accounts WHERE external_id = ANY (ARRAY(SELECT jsonb_array_elements_text(${sql.placeholder('ids')}::jsonb))))`,
      wrote: sql<unknown>`(SELECT coalesce(json_agg(json_build_array(cp.from_external_id, cp.to_external_id)), '[]'::json)
          FROM contact_pairs cp
          JOIN jsonb_to_recordset(${sql.placeholder('pairs')}::jsonb) AS q(a text, b text)
            ON (cp.from_external_id = q.a AND cp.to_external_id = q.b) OR (cp.from_external_id = q.b AND cp.to_external_id = q.a)
          WHERE cp.first_message_at IS NOT NULL)`,
    })
    .from(sql`(SELECT coalesce(max(version), 0) AS version FROM policy_versions) AS pv`)
    .prepare('contact_decision_facts');
}

export class ContactRepo {
  /** One prepared statement per database handle (a transaction gets its own). */
  private readonly statements = new WeakMap<object, ReturnType<typeof factsStatement>>();

  /**
   * Everything a batch of decisions needs in one round trip: the policy version in force, the
   * members involved, and which of them have written to which.
   */
  async facts(db: Queryable, pairs: { from: string; to: string }[], now: Date): Promise<DecisionFacts> {
    let statement = this.statements.get(db);
    if (!statement) this.statements.set(db, (statement = factsStatement(db)));
    const ids = [...new Set(pairs.flatMap((p) => [p.from, p.to]))];
    const [row] = await statement.execute({
      ids: JSON.stringify(ids),
      pairs: JSON.stringify(pairs.map((p) => ({ a: p.from, b: p.to }))),
      now: now.toISOString(),
    });
    const parse = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
    const parties = parse<PartyRow[]>(row!.parties);
    const wrote = parse<[string, string][]>(row!.wrote);
    return {
      policyVersion: Number(row!.policyVersion),
      parties: new Map(parties.map((p) => [p.externalId, p])),
      wrote: new Set(wrote.map(([a, b]) => pairKey(a, b))),
    };
  }

  async recordDenials(db: Queryable, rows: (typeof contactDenials.$inferInsert)[]): Promise<void> {
    if (rows.length) await db.insert(contactDenials).values(rows);
  }
}

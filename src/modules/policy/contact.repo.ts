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

export class ContactRepo {
  /**
   * Everything a batch of decisions needs in one round trip: the policy version in force, the
   * members involved, and which of them have written to which.
   */
  async facts(db: Queryable, pairs: { from: string; to: string }[], now: Date): Promise<DecisionFacts> {
    const ids = [...new Set(pairs.flatMap((p) => [p.from, p.to]))];
    // Lists travel as one JSON parameter: the same on PGlite and node-postgres, any length.
    const idsJson = JSON.stringify(ids);
    const pairsJson = JSON.stringify(pairs.map((p) => ({ a: p.from, b: p.to })));
    const result = await db.execute(sql`
      SELECT
        (SELECT coalesce(max(version), 0) FROM policy_versions) AS policy_version,
        (SELECT coalesce(json_agg(json_build_object(
            'externalId', external_id, 'birthDate', birth_date, 'ageVerified', age_verified_at IS NOT NULL,
            'restricted', restriction IS NOT NULL AND (restricted_until IS NULL OR restricted_until > ${now}))), '[]'::json)
          FROM accounts WHERE external_id IN (SELECT jsonb_array_elements_text(${idsJson}::jsonb))) AS parties,
        (SELECT coalesce(json_agg(json_build_array(cp.from_external_id, cp.to_external_id)), '[]'::json)
          FROM contact_pairs cp
          JOIN jsonb_to_recordset(${pairsJson}::jsonb) AS q(a text, b text)
            ON (cp.from_external_id = q.a AND cp.to_external_id = q.b) OR (cp.from_external_id = q.b AND cp.to_external_id = q.a)
          WHERE cp.first_message_at IS NOT NULL) AS wrote`);
    const row = (result as unknown as { rows: Record<string, unknown>[] }).rows[0]!;
    const parse = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
    const parties = parse<PartyRow[]>(row.parties);
    const wrote = parse<[string, string][]>(row.wrote);
    return {
      policyVersion: Number(row.policy_version),
      parties: new Map(parties.map((p) => [p.externalId, p])),
      wrote: new Set(wrote.map(([a, b]) => pairKey(a, b))),
    };
  }

  async recordDenials(db: Queryable, rows: (typeof contactDenials.$inferInsert)[]): Promise<void> {
    if (rows.length) await db.insert(contactDenials).values(rows);
  }
}

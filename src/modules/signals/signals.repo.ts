import { sql, type SQL } from 'drizzle-orm';
import { arrayLiteral } from '../../storage/array-literal.js';
import type { Queryable } from '../../storage/db.js';

export interface AdultActivity {
  birthDate: string | null;
  /** Minors this adult first contacted in the last 7 days, oldest first. */
  firstContacts: { minor: string; at: string }[];
  contactedMinors: number;
  rejectingMinors: { minor: string; kind: string; at: string }[];
  ageGapDenials: { minor: string; kind: string; at: string }[];
  buffsToMinors: { minor: string; at: string }[];
}

/** An account's birth date as a YYYYMMDD number, to compare with a cutoff. */
const birthYmd = (alias: string): SQL => sql.raw(`to_char(${alias}.birth_date, 'YYYYMMDD')::int`);

const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : (v ?? [])) as T;

export class SignalsRepo {
  /**
   * Of these members, the adults with anything a signal counts: a contact with a minor ever (the
   * rejection share counts all of them), or in the last 24 hours an age-gap denial or a buff to a
   * minor. Every threshold is at least 1, so the others cannot cross one: one statement spares
   * them an evaluation each (most members of a busy batch of events).
   */
  async candidates(db: Queryable, members: string[], minorCutoffYmd: number, now: Date): Promise<string[]> {
    if (!members.length) return [];
    const day = new Date(now.getTime() - 86_400_000);
    const cutoff = Math.trunc(minorCutoffYmd);
    const result = await db.execute(sql`
      SELECT u.m FROM unnest(${arrayLiteral(members)}::text[]) AS u(m)
      JOIN accounts a ON a.external_id = u.m AND ${birthYmd('a')} <= ${cutoff}
      WHERE EXISTS (SELECT 1 FROM contact_pairs cp JOIN accounts k ON k.external_id = cp.to_external_id AND ${birthYmd('k')} > ${cutoff}
                     WHERE cp.from_external_id = u.m)
         OR EXISTS (SELECT 1 FROM contact_denials d WHERE d.from_external_id = u.m AND d.rule = 'age-gap' AND d.decided_at > ${day})
         OR EXISTS (SELECT 1 FROM contact_attempts ca JOIN accounts k ON k.external_id = ca.to_external_id AND ${birthYmd('k')} > ${cutoff}
                     WHERE ca.from_external_id = u.m AND ca.kind = 'buff' AND ca.occurred_at > ${day})`);
    return (result as unknown as { rows: { m: string }[] }).rows.map((r) => r.m);
  }

  /**
   * Everything the signals need about one adult, in one statement. A contact is "with a minor"
   * when the recipient's birth date, as a YYYYMMDD number, is after `minorCutoffYmd`.
   */
  async activity(db: Queryable, adult: string, minorCutoffYmd: number, now: Date): Promise<AdultActivity> {
    const week = new Date(now.getTime() - 7 * 86_400_000);
    const day = new Date(now.getTime() - 86_400_000);
    const isMinor = (alias: string) => sql`${birthYmd(alias)} > ${Math.trunc(minorCutoffYmd)}`;
    const result = await db.execute(sql`
      SELECT
        (SELECT birth_date::text FROM accounts WHERE external_id = ${adult}) AS birth_date,
        (SELECT coalesce(json_agg(json_build_object('minor', cp.to_external_id, 'at', cp.first_contact_at) ORDER BY cp.first_contact_at), '[]'::json)
           FROM contact_pairs cp JOIN accounts m ON m.external_id = cp.to_external_id AND ${isMinor('m')}
          WHERE cp.from_external_id = ${adult} AND cp.first_contact_at > ${week}) AS first_contacts,
        (SELECT count(*) FROM contact_pairs cp JOIN accounts m ON m.external_id = cp.to_external_id AND ${isMinor('m')}
          WHERE cp.from_external_id = ${adult}) AS contacted_minors,
        (SELECT coalesce(json_agg(json_build_object('minor', r.by_external_id, 'kind', r.kind, 'at', r.occurred_at) ORDER BY r.occurred_at), '[]'::json)
           FROM (SELECT DISTINCT ON (by_external_id) * FROM member_rejections WHERE of_external_id = ${adult} ORDER BY by_external_id, occurred_at) r
           JOIN accounts m ON m.external_id = r.by_external_id AND ${isMinor('m')}) AS rejecting_minors,
        (SELECT coalesce(json_agg(json_build_object('minor', d.to_external_id, 'kind', d.kind, 'at', d.decided_at) ORDER BY d.decided_at), '[]'::json)
           FROM contact_denials d WHERE d.from_external_id = ${adult} AND d.rule = 'age-gap' AND d.decided_at > ${day}) AS age_gap_denials,
        (SELECT coalesce(json_agg(json_build_object('minor', ca.to_external_id, 'at', ca.occurred_at) ORDER BY ca.occurred_at), '[]'::json)
           FROM contact_attempts ca JOIN accounts m ON m.external_id = ca.to_external_id AND ${isMinor('m')}
          WHERE ca.from_external_id = ${adult} AND ca.kind = 'buff' AND ca.occurred_at > ${day}) AS buffs`);
    const row = (result as unknown as { rows: Record<string, unknown>[] }).rows[0]!;
    return {
      birthDate: (row.birth_date as string | null) ?? null,
      firstContacts: json(row.first_contacts),
      contactedMinors: Number(row.contacted_minors),
      rejectingMinors: json(row.rejecting_minors),
      ageGapDenials: json(row.age_gap_denials),
      buffsToMinors: json(row.buffs),
    };
  }
}

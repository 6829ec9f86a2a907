/**
 * Trygg as a library: the contact rule for platforms that embed it in their own process. The
 * HTTP endpoint POST /v1/contact/decide calls the same `decideContact`, so both give the same
 * answer for the same facts (a property test checks this).
 */
import { ageOn, decideContact, ymdInZone, ymdOf, type ContactDecision, type ContactKind, type ContactParty } from './modules/policy/contact-decision.js';
import { defaultPolicy, policyDocument, type PolicyDocument, type PolicyInput } from './modules/policy/policy.document.js';

export { ageOn, contactKinds, contactRules, decideContact, ymdInZone, ymdOf } from './modules/policy/contact-decision.js';
export type { ContactContext, ContactDecision, ContactKind, ContactParty, ContactRule } from './modules/policy/contact-decision.js';
export { defaultPolicy, policyDocument } from './modules/policy/policy.document.js';
export type { PolicyDocument, PolicyInput } from './modules/policy/policy.document.js';

export interface Member {
  /** Claimed birth date, YYYY-MM-DD. */
  birthDate: string;
  ageVerified?: boolean;
  /** Suspended, banned or restricted from contacting minors. */
  restricted?: boolean;
}

/** Prepares a member once; reuse the result for many decisions. `null` = an account you do not know. */
export function contactParty(member: Member | null): ContactParty {
  if (!member) return { known: false, birthYmd: 0, ageVerified: false, restricted: false };
  return { known: true, birthYmd: ymdOf(member.birthDate), ageVerified: member.ageVerified ?? false, restricted: member.restricted ?? false };
}

/** Validates a policy document (throws with the fields on error) and fills in the defaults. */
export const compilePolicy = (input: PolicyInput = {}): PolicyDocument => policyDocument.parse(input);

/**
 * Convenience form: may `from` make contact of `kind` with `to` at `now`? Ages are computed in the
 * policy's time zone. For millions of decisions, prepare parties with `contactParty` and call
 * `decideContact` with a precomputed `ymdInZone(now, policy.timeZone)`.
 */
export function decide(args: {
  policy?: PolicyDocument;
  from: Member | null;
  to: Member | null;
  kind: ContactKind;
  /** The younger member has already written to the older one. */
  youngerWroteFirst?: boolean;
  now?: Date;
}): ContactDecision & { fromAge: number | null; toAge: number | null } {
  const policy = args.policy ?? defaultPolicy;
  const today = ymdInZone(args.now ?? new Date(), policy.timeZone);
  const from = contactParty(args.from);
  const to = contactParty(args.to);
  const decision = decideContact(policy, today, from, to, args.kind, { youngerWroteFirst: args.youngerWroteFirst ?? false });
  return {
    ...decision,
    fromAge: from.known ? ageOn(from.birthYmd, today) : null,
    toAge: to.known ? ageOn(to.birthYmd, today) : null,
  };
}

import { z } from 'zod';

/**
 * The contact policy: declarative, validated, versioned in the database. Numbers such as the age
 * gap are the platform's own policy (Sweden's and Norway's laws set ages, not gaps), so they live
 * here and never in code.
 */
export const policyDocument = z
  .strictObject({
    timeZone: z
      .string()
      .refine((tz) => {
        try {
          new Intl.DateTimeFormat('en', { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      }, 'must be an IANA time zone such as Europe/Stockholm')
      .default('Europe/Stockholm')
      .describe("Ages change at midnight in the platform's time zone"),
    registration: z
      .strictObject({ minimumAge: z.number().int().min(13).max(21).default(15) })
      .prefault({}),
    minors: z
      .strictObject({
        protectedAge: z.number().int().min(14).max(21).default(18).describe('Members younger than this are minors'),
      })
      .prefault({}),
    ageGap: z
      .strictObject({
        enabled: z.boolean().default(true),
        maxYears: z.number().int().min(0).max(30).default(5).describe('An older member more than this many years older may not open contact with a minor'),
        buffsAllowed: z.boolean().default(true).describe('A buff (poke) is allowed across the gap'),
      })
      .prefault({}),
    media: z
      .strictObject({
        adultToMinor: z.enum(['deny', 'allow']).default('deny').describe('Images and video calls from adults to minors'),
      })
      .prefault({}),
    restrictions: z
      .strictObject({
        restrictedMayContactMinors: z.boolean().default(false).describe('Suspended, banned or restricted-from-minors accounts and minors'),
      })
      .prefault({}),
    unknownAge: z
      .strictObject({
        unknownAccount: z.enum(['minor', 'adult', 'deny']).default('minor').describe('An account Trygg has not seen: treat as a minor, as an adult, or deny'),
        unverified: z.enum(['claimed', 'minor']).default('claimed').describe('A claimed birth date not verified: trust it, or treat as a minor'),
      })
      .prefault({}),
    signals: z
      .strictObject({
        distinctMinorsFirstContacted24h: z.number().int().min(1).default(5).describe('An adult first-contacting this many distinct minors in 24 hours'),
        distinctMinorsFirstContacted7d: z.number().int().min(1).default(15).describe('… in 7 days'),
        minorRejectionShare: z.number().min(0).max(1).default(0.5).describe('Share of contacted minors who ignored or blocked the adult'),
        minorRejectionMinContacts: z.number().int().min(1).default(5).describe('Contacts needed before the rejection share counts'),
        ageGapDenials24h: z.number().int().min(1).default(3).describe('Attempts denied by the age-gap rule in 24 hours'),
        buffBurstToMinors: z.number().int().min(1).default(20).describe('Buffs to minors within the burst window'),
        buffBurstMinutes: z.number().int().min(1).max(1440).default(60),
      })
      .prefault({}),
    enforcement: z
      .strictObject({
        strikeThresholds: z
          .array(z.number().int().min(1).max(100))
          .min(1)
          .max(10)
          .default([3, 5])
          .describe('Active strike counts at which a suspension is suggested (DSA Art. 23)'),
        strikeWeights: z
          .strictObject({
            warn: z.number().int().min(0).max(10).default(1),
            remove: z.number().int().min(0).max(10).default(1),
            restrict_minors: z.number().int().min(0).max(10).default(1),
            suspend: z.number().int().min(0).max(10).default(1),
            ban: z.number().int().min(0).max(10).default(1),
          })
          .prefault({})
          .describe('Strikes each action counts'),
        strikeExpiryDays: z.number().int().min(0).max(3650).default(365).describe('Days a strike counts; 0 = it never expires'),
        appealWindowMonths: z.number().int().min(6).max(120).default(6).describe('Months the affected member may appeal a decision (DSA Art. 20: at least 6)'),
        suspensionDefaultDays: z.number().int().min(1).max(3650).default(30).describe('Length of a suspension when the moderator gives no end'),
      })
      .prefault({}),
  })
  .superRefine((doc, ctx) => {
    if (doc.registration.minimumAge > doc.minors.protectedAge) {
      ctx.addIssue({ code: 'custom', path: ['registration', 'minimumAge'], message: 'must not be above minors.protectedAge' });
    }
  });

export type PolicyDocument = z.output<typeof policyDocument>;
export type PolicyInput = z.input<typeof policyDocument>;

export const defaultPolicy: PolicyDocument = policyDocument.parse({});

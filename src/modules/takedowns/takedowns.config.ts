import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { RuleForStatement } from '../actions/actions.statement.js';

/**
 * What an operator configures about takedown requests: the support contacts shown on the form and in
 * the confirmation, per country, and the priorities and uploader policy. Defaults below; a JSON file
 * (TRYGG_TAKEDOWN_CONFIG) replaces any top-level key it names. See docs/takedowns.md.
 */
const contact = z.strictObject({
  name: z.string().min(1).max(200),
  description: z.string().max(500).default(''),
  phone: z.string().max(50).optional(),
  url: z.url().optional(),
});
export type SupportContact = z.infer<typeof contact>;

export const supportCountries = ['SE', 'NO', 'DK'] as const;
export type SupportCountry = (typeof supportCountries)[number];

export const takedownConfigSchema = z.strictObject({
  /** Country contacts first, then the international ones, on the form and in the confirmation. */
  support: z.strictObject({
    SE: z.array(contact).max(20), NO: z.array(contact).max(20), DK: z.array(contact).max(20), international: z.array(contact).max(20),
  }),
  /** Least case priority (0-100): a minor's request is top priority; a police case number or a bank match adds `raise`. */
  priority: z.strictObject({ minor: z.number().int().min(0).max(100), sexual: z.number().int().min(0).max(100), other: z.number().int().min(0).max(100), raise: z.number().int().min(0).max(100) }),
  /** What happens to the uploader when a request is confirmed (besides each removal's strike). */
  uploader: z.strictObject({ minor: z.enum(['ban', 'suspend', 'strike']), sexual: z.enum(['ban', 'suspend', 'strike']), other: z.enum(['ban', 'suspend', 'strike']) }),
});
export type TakedownConfig = z.infer<typeof takedownConfigSchema>;

export const defaultTakedownConfig: TakedownConfig = {
  support: {
    SE: [
      { name: 'BRIS', description: 'Barnens rätt i samhället: chatt, mejl och telefon för barn och unga', phone: '116 111', url: 'https://www.bris.se' },
      { name: 'Ecpat Sverige hotline', description: 'Anmäl sexuella övergrepp på barn på nätet', url: 'https://www.ecpat.se' },
    ],
    NO: [
      { name: 'Kors på halsen', description: 'Røde Kors: chat og telefon for barn og unge', phone: '800 33 321', url: 'https://www.korspahalsen.no' },
      { name: 'Slettmeg.no', description: 'Hjelp til å få slettet krenkende innhold på nett', url: 'https://slettmeg.no' },
    ],
    DK: [
      { name: 'Børns Vilkår – BørneTelefonen', description: 'Rådgivning til børn og unge', phone: '116 111', url: 'https://bornetelefonen.dk' },
      { name: 'Red Barnet – SletDet', description: 'Hjælp når billeder deles uden samtykke', url: 'https://redbarnet.dk/sletdet' },
    ],
    international: [
      { name: 'NCMEC Take It Down', description: 'Hashes of images taken when you were under 18, shared with platforms without uploading the image', url: 'https://takeitdown.ncmec.org' },
      { name: 'StopNCII.org', description: 'For adults: hashes of intimate images, so platforms can block them', url: 'https://stopncii.org' },
    ],
  },
  priority: { minor: 95, sexual: 80, other: 50, raise: 5 },
  uploader: { minor: 'ban', sexual: 'suspend', other: 'strike' },
};

/** The configuration: the defaults, with the file's top-level keys in their place. Throws on a bad file. */
export function loadTakedownConfig(file?: string): TakedownConfig {
  if (!file) return defaultTakedownConfig;
  const given = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  return takedownConfigSchema.parse({ ...defaultTakedownConfig, ...given });
}

/** The contacts for a country (its own first), then the international ones. */
export function supportFor(config: TakedownConfig, country: string | null | undefined): SupportContact[] {
  const own = country && (supportCountries as readonly string[]).includes(country) ? config.support[country as SupportCountry] : [];
  return [...own, ...config.support.international];
}

/** The rules the statements of reasons cite: the law for a minor, the platform's terms otherwise. */
export const takedownRules: Record<'minor' | 'sexual' | 'other', RuleForStatement> = {
  minor: {
    code: 'takedown.minor', title: 'Sexual images of a child', ground: 'DECISION_GROUND_ILLEGAL_CONTENT',
    description: 'Sexual images or videos of a person under 18 are illegal and are removed on the request of the person shown or their guardian.',
    legalGround: 'Child sexual abuse material (Directive 2011/93/EU Art. 5; Swedish Penal Code ch. 16 s. 10 a; Norwegian Penal Code s. 311; Danish Penal Code s. 235)',
  },
  sexual: {
    code: 'takedown.intimate', title: 'Intimate images shared without consent', ground: 'DECISION_GROUND_INCOMPATIBLE_CONTENT', legalGround: null,
    description: 'Sexual or intimate images of a person may not be shared without their consent; they are removed on the request of the person shown.',
  },
  other: {
    code: 'takedown.privacy', title: 'Images shared against the wishes of the person shown', ground: 'DECISION_GROUND_INCOMPATIBLE_CONTENT', legalGround: null,
    description: 'Content that shows a person against their wishes is removed on their request when it breaks the terms.',
  },
};

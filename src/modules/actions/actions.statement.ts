import { categories, isChildSafety, type Category } from '../cases/categories.js';

/**
 * Statements of reasons (DSA Art. 17) in the shape of the EU DSA Transparency Database API
 * (`POST /api/v1/statement(s)`): field names and enumeration values exactly as that API spells
 * them. Pure: the service gathers the facts, this file maps them, a table-driven test checks it.
 */

export const actionTypes = ['dismiss', 'warn', 'hide', 'remove', 'restrict_minors', 'suspend', 'ban'] as const;
export type ActionType = (typeof actionTypes)[number];

/** Actions that count strikes toward the thresholds that suggest suspension (DSA Art. 23). */
export const strikingActions: ReadonlySet<ActionType> = new Set(['warn', 'remove', 'restrict_minors', 'suspend', 'ban']);
/** Hide is precautionary: it leaves the case open. Every other action decides it. */
export const decidesCase = (action: ActionType): boolean => action !== 'hide';
/** Actions that restrict the member's account (they set the account's restriction for contact decisions). */
export const accountRestrictions = { ban: 'banned', suspend: 'suspended', restrict_minors: 'restricted_from_minors' } as const;

/**
 * The child-safety categories: a dismissal needs a second, different senior moderator, and
 * acting needs a two-factor session. The ids are the taxonomy's (src/modules/cases/categories.ts),
 * shared with reports and signals (whose category is 'grooming').
 */
export const CHILD_SAFETY_CATEGORIES: readonly Category[] = (Object.keys(categories) as Category[]).filter((c) => categories[c].childSafety);
export { isChildSafety };

export const decisionGrounds = ['DECISION_GROUND_ILLEGAL_CONTENT', 'DECISION_GROUND_INCOMPATIBLE_CONTENT'] as const;
export type DecisionGround = (typeof decisionGrounds)[number];

export const contentTypes = [
  'CONTENT_TYPE_APP', 'CONTENT_TYPE_AUDIO', 'CONTENT_TYPE_IMAGE', 'CONTENT_TYPE_PRODUCT', 'CONTENT_TYPE_SYNTHETIC_MEDIA',
  'CONTENT_TYPE_TEXT', 'CONTENT_TYPE_VIDEO', 'CONTENT_TYPE_OTHER',
] as const;
export type ContentType = (typeof contentTypes)[number];

/** The EEA member states, the territorial scope the Transparency Database accepts. */
export const eeaCountries = [
  'AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE',
  'IS', 'IT', 'LI', 'LT', 'LU', 'LV', 'MT', 'NL', 'NO', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK',
] as const;
export type EeaCountry = (typeof eeaCountries)[number];

export type SourceType = 'SOURCE_ARTICLE_16' | 'SOURCE_TRUSTED_FLAGGER' | 'SOURCE_TYPE_OTHER_NOTIFICATION' | 'SOURCE_VOLUNTARY';

interface DsaCategory {
  category: string;
  specification: string[];
  specificationOther?: string;
}

/** Trygg's report categories in the Transparency Database's category and keyword vocabulary. */
export const dsaCategoryOf: Record<Category, DsaCategory> = {
  csam: { category: 'STATEMENT_CATEGORY_PROTECTION_OF_MINORS', specification: ['KEYWORD_CHILD_SEXUAL_ABUSE_MATERIAL'] },
  grooming: { category: 'STATEMENT_CATEGORY_PROTECTION_OF_MINORS', specification: ['KEYWORD_GROOMING_SEXUAL_ENTICEMENT_MINORS'] },
  minor_selling_sexual_content: {
    category: 'STATEMENT_CATEGORY_PROTECTION_OF_MINORS',
    specification: ['KEYWORD_CHILD_SEXUAL_ABUSE_MATERIAL', 'KEYWORD_GROOMING_SEXUAL_ENTICEMENT_MINORS'],
  },
  underage_member: { category: 'STATEMENT_CATEGORY_PROTECTION_OF_MINORS', specification: ['KEYWORD_AGE_SPECIFIC_RESTRICTIONS_MINORS'] },
  sexual_services: { category: 'STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE', specification: ['KEYWORD_GOODS_SERVICES_NOT_PERMITTED'] },
  sexual_harassment: { category: 'STATEMENT_CATEGORY_NON_CONSENSUAL_BEHAVIOUR', specification: ['KEYWORD_ONLINE_BULLYING_INTIMIDATION'] },
  fake_profile: {
    category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
    specification: ['KEYWORD_INAUTHENTIC_ACCOUNTS', 'KEYWORD_IMPERSONATION_ACCOUNT_HIJACKING'],
  },
  fraud: { category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD', specification: ['KEYWORD_OTHER'], specificationOther: 'Fraud or scam against members' },
  threats: { category: 'STATEMENT_CATEGORY_VIOLENCE', specification: ['KEYWORD_OTHER'], specificationOther: 'Threats of violence' },
  hate: { category: 'STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH', specification: ['KEYWORD_HATE_SPEECH'] },
  spam: { category: 'STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE', specification: ['KEYWORD_OTHER'], specificationOther: 'Spam' },
  other: { category: 'STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE', specification: ['KEYWORD_OTHER'], specificationOther: 'Other breach of the terms' },
};

export const dsaCategory = (category: string): DsaCategory => dsaCategoryOf[category as Category] ?? dsaCategoryOf.other;

/** What kind of content a subject is, unless the moderator says otherwise. */
export function contentTypeOf(subjectType: string): { types: ContentType[]; other?: string } {
  switch (subjectType) {
    case 'message':
    case 'conversation':
      return { types: ['CONTENT_TYPE_TEXT'] };
    case 'image':
      return { types: ['CONTENT_TYPE_IMAGE'] };
    case 'profile':
      return { types: ['CONTENT_TYPE_TEXT', 'CONTENT_TYPE_IMAGE'] };
    case 'account':
      return { types: ['CONTENT_TYPE_OTHER'], other: 'Member account' };
    default:
      return { types: ['CONTENT_TYPE_OTHER'], other: subjectType.slice(0, 500) };
  }
}

/** A statement in the Transparency Database request shape: only the fields that apply are present. */
export interface DsaStatement {
  decision_visibility?: string[];
  decision_visibility_other?: string;
  end_date_visibility_restriction?: string;
  decision_monetary?: string;
  decision_monetary_other?: string;
  end_date_monetary_restriction?: string;
  decision_provision?: string;
  end_date_service_restriction?: string;
  decision_account?: string;
  end_date_account_restriction?: string;
  decision_ground: DecisionGround;
  illegal_content_legal_ground?: string;
  illegal_content_explanation?: string;
  incompatible_content_ground?: string;
  incompatible_content_explanation?: string;
  content_type: ContentType[];
  content_type_other?: string;
  category: string;
  category_specification: string[];
  category_specification_other?: string;
  territorial_scope: string[];
  content_date: string;
  application_date: string;
  decision_facts: string;
  source_type: SourceType;
  automated_detection: 'Yes' | 'No';
  automated_decision: 'AUTOMATED_DECISION_FULLY' | 'AUTOMATED_DECISION_PARTIALLY' | 'AUTOMATED_DECISION_NOT_AUTOMATED';
  puid: string;
}

/** How the affected member can contest the decision (DSA Art. 17(3)(f), Art. 20, 21). */
export interface Redress {
  /** The public appeal page's path, for links inside Trygg's own pages. */
  appealPath: string;
  /** The same page as an absolute link, for the member (absent in statements issued before it existed). */
  appealUrl?: string;
  appealDeadline: string;
  appealWindowMonths: number;
  text: string;
}

/** What moderation_actions.statement holds. */
export interface StoredStatement {
  version: 1;
  dsa: DsaStatement;
  redress: Redress;
}

export interface RuleForStatement {
  code: string;
  title: string;
  description: string;
  ground: string;
  legalGround: string | null;
}

export interface StatementFacts {
  actionId: string;
  action: ActionType;
  /** Trygg's category of the case (csam, grooming, …). */
  category: string;
  subjectType: string;
  rule: RuleForStatement;
  reason: string;
  decidedAt: Date;
  endsAt: Date | null;
  contentDate: Date;
  contentTypes?: ContentType[];
  territorialScope?: readonly string[];
  /** Where the case came from: its reports' sources, and whether signals or hash matches opened it. */
  reportSources: readonly string[];
  automatedDetection: boolean;
  publicToken: string;
  /** The absolute link to the public appeal page (built from TRYGG_PUBLIC_URL). */
  appealUrl: string;
  appealDeadline: Date;
  appealWindowMonths: number;
}

const ymd = (d: Date): string => d.toISOString().slice(0, 10);
const clip = (s: string, max: number): string => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

export function sourceTypeOf(reportSources: readonly string[]): SourceType {
  if (reportSources.includes('trusted_flagger')) return 'SOURCE_TRUSTED_FLAGGER';
  if (reportSources.length > 0) return 'SOURCE_ARTICLE_16';
  return 'SOURCE_VOLUNTARY';
}

const origin: Record<SourceType, string> = {
  SOURCE_TRUSTED_FLAGGER: 'a notice from a trusted flagger',
  SOURCE_ARTICLE_16: 'a notice (DSA Art. 16)',
  SOURCE_TYPE_OTHER_NOTIFICATION: 'a notification',
  SOURCE_VOLUNTARY: "the platform's own detection",
};

/** The decision's restriction fields, by action; null when the action restricts nothing (dismiss). */
export function restrictionFields(action: ActionType, endsAt: Date | null): Partial<DsaStatement> | null {
  switch (action) {
    case 'dismiss':
      return null;
    case 'warn':
      return {
        decision_visibility: ['DECISION_VISIBILITY_OTHER'],
        decision_visibility_other: 'Warning: nothing is removed or restricted now; the warning counts as a strike toward account restrictions',
      };
    case 'hide':
      return { decision_visibility: ['DECISION_VISIBILITY_CONTENT_DISABLED'] };
    case 'remove':
      return { decision_visibility: ['DECISION_VISIBILITY_CONTENT_REMOVED'] };
    case 'restrict_minors':
      return {
        decision_provision: 'DECISION_PROVISION_PARTIAL_SUSPENSION',
        ...(endsAt ? { end_date_service_restriction: ymd(endsAt) } : {}),
      };
    case 'suspend':
      return { decision_account: 'DECISION_ACCOUNT_SUSPENDED', ...(endsAt ? { end_date_account_restriction: ymd(endsAt) } : {}) };
    case 'ban':
      return { decision_account: 'DECISION_ACCOUNT_TERMINATED' };
  }
}

const what: Record<ActionType, string> = {
  dismiss: 'found no breach',
  warn: 'warned the member',
  hide: 'hid the content as a precaution while it is reviewed',
  remove: 'removed the content',
  restrict_minors: 'restricted the account from contacting minors',
  suspend: 'suspended the account',
  ban: 'closed the account',
};

/**
 * The statement of reasons for an action, or null for a dismissal (no restriction, nothing to
 * state). It holds no personal data: no member or reporter ids, names or addresses; the puid is
 * the action's id. The moderator's reason is published as the facts relied on.
 */
export function buildStatement(f: StatementFacts): StoredStatement | null {
  const restriction = restrictionFields(f.action, f.endsAt);
  if (!restriction) return null;
  const cat = dsaCategory(f.category);
  const content = f.contentTypes?.length ? { types: f.contentTypes, other: undefined } : contentTypeOf(f.subjectType);
  const source = sourceTypeOf(f.reportSources);
  const ruleRef = clip(`${f.rule.code}: ${f.rule.title}`, 500);
  const explanation = clip(`${f.rule.title}. ${f.rule.description}`, 2000);
  const ground: Partial<DsaStatement> =
    f.rule.ground === 'DECISION_GROUND_ILLEGAL_CONTENT'
      ? { decision_ground: 'DECISION_GROUND_ILLEGAL_CONTENT', illegal_content_legal_ground: clip(f.rule.legalGround ?? ruleRef, 500), illegal_content_explanation: explanation }
      : { decision_ground: 'DECISION_GROUND_INCOMPATIBLE_CONTENT', incompatible_content_ground: ruleRef, incompatible_content_explanation: explanation };
  const facts = clip(`After ${origin[source]}, a moderator reviewed the ${f.subjectType} under the rule "${f.rule.title}" and ${what[f.action]}. ${f.reason}`, 5000);
  const dsa = {
    ...restriction,
    ...ground,
    content_type: [...content.types],
    ...(content.types.includes('CONTENT_TYPE_OTHER') ? { content_type_other: content.other ?? 'Other' } : {}),
    category: cat.category,
    category_specification: [...cat.specification],
    ...(cat.specificationOther ? { category_specification_other: cat.specificationOther } : {}),
    territorial_scope: [...(f.territorialScope?.length ? f.territorialScope : eeaCountries)],
    content_date: ymd(f.contentDate),
    application_date: ymd(f.decidedAt),
    decision_facts: facts,
    source_type: source,
    automated_detection: f.automatedDetection ? 'Yes' : 'No',
    automated_decision: 'AUTOMATED_DECISION_NOT_AUTOMATED',
    puid: f.actionId,
  } as DsaStatement;
  const appealPath = `/appeal/${f.publicToken}`;
  return {
    version: 1,
    dsa,
    redress: {
      appealPath,
      appealUrl: f.appealUrl,
      appealDeadline: f.appealDeadline.toISOString(),
      appealWindowMonths: f.appealWindowMonths,
      text:
        `You may appeal this decision free of charge until ${f.appealDeadline.toISOString().slice(0, 10)} ` +
        `(${f.appealWindowMonths} months) on the page ${f.appealUrl} or through the platform; a reviewer who did not take ` +
        'the decision will decide and tell you the outcome (DSA Art. 20). You may also turn to a certified out-of-court ' +
        'dispute settlement body (DSA Art. 21) or to a court.',
    },
  };
}

/** Adds months in UTC, keeping the time of day; a day past the month's end falls back to its last day. */
export function addMonths(date: Date, months: number): Date {
  const d = new Date(date);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}


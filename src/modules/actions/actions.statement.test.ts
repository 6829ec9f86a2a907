import { describe, expect, it } from 'vitest';
import { categoryIds } from '../cases/categories.js';
import {
  CHILD_SAFETY_CATEGORIES,
  actionTypes,
  addMonths,
  buildStatement,
  dsaCategoryOf,
  eeaCountries,
  sourceTypeOf,
  type ActionType,
  type StatementFacts,
} from './actions.statement.js';

const decidedAt = new Date('2026-03-10T09:30:00Z');
const endsAt = new Date('2026-04-09T09:30:00Z');

const facts = (over: Partial<StatementFacts> = {}): StatementFacts => ({
  actionId: '01900000-0000-7000-8000-000000000001',
  action: 'remove',
  category: 'grooming',
  subjectType: 'message',
  rule: { code: 'minors-contact', title: 'No sexual contact with minors', description: 'Members may not seek sexual contact with minors.', ground: 'DECISION_GROUND_INCOMPATIBLE_CONTENT', legalGround: null },
  reason: 'The message asks a 14-year-old for images and to move to Snapchat.',
  decidedAt,
  endsAt: null,
  contentDate: new Date('2026-03-09T00:00:00Z'),
  reportSources: ['member'],
  automatedDetection: false,
  publicToken: 'tok_abcdefghijklmnopqrstuvwx',
  appealUrl: 'https://trygg.example.org/appeal/tok_abcdefghijklmnopqrstuvwx',
  appealDeadline: addMonths(decidedAt, 6),
  appealWindowMonths: 6,
  ...over,
});

/** Every Art. 17 field the Transparency Database requires of every statement. */
const ALWAYS = [
  'decision_ground', 'content_type', 'category', 'category_specification', 'territorial_scope', 'content_date',
  'application_date', 'decision_facts', 'source_type', 'automated_detection', 'automated_decision', 'puid',
];
const DECISION_FIELDS = ['decision_visibility', 'decision_monetary', 'decision_provision', 'decision_account'];

describe('statement of reasons: decision fields per action', () => {
  const table: [ActionType, Record<string, unknown> | null][] = [
    ['dismiss', null],
    ['warn', { decision_visibility: ['DECISION_VISIBILITY_OTHER'], decision_visibility_other: expect.stringContaining('strike') }],
    ['hide', { decision_visibility: ['DECISION_VISIBILITY_CONTENT_DISABLED'] }],
    ['remove', { decision_visibility: ['DECISION_VISIBILITY_CONTENT_REMOVED'] }],
    ['restrict_minors', { decision_provision: 'DECISION_PROVISION_PARTIAL_SUSPENSION', end_date_service_restriction: '2026-04-09' }],
    ['suspend', { decision_account: 'DECISION_ACCOUNT_SUSPENDED', end_date_account_restriction: '2026-04-09' }],
    ['ban', { decision_account: 'DECISION_ACCOUNT_TERMINATED' }],
  ];
  expect(table.map(([a]) => a)).toEqual([...actionTypes]);

  it.each(table)('%s', (action, expected) => {
    const withEnd = action === 'suspend' || action === 'restrict_minors' ? endsAt : null;
    const s = buildStatement(facts({ action, endsAt: withEnd }));
    if (expected === null) {
      expect(s).toBeNull();
      return;
    }
    expect(s!.dsa).toMatchObject(expected);
    for (const field of ALWAYS) expect(s!.dsa, field).toHaveProperty(field);
    // Exactly the decision fields that apply; never monetary (Trygg's communities pay nobody).
    const present = DECISION_FIELDS.filter((f) => f in s!.dsa);
    expect(present).toEqual(DECISION_FIELDS.filter((f) => f in expected));
    expect(s!.dsa).not.toHaveProperty('decision_monetary');
    expect(s!.dsa.automated_decision).toBe('AUTOMATED_DECISION_NOT_AUTOMATED');
    expect(s!.dsa.application_date).toBe('2026-03-10');
    expect(s!.dsa.content_date).toBe('2026-03-09');
    expect(s!.dsa.puid).toBe('01900000-0000-7000-8000-000000000001');
  });
});

describe('statement of reasons: category and keywords per case category', () => {
  const table: [string, string, string[], string | undefined][] = [
    ['csam', 'STATEMENT_CATEGORY_PROTECTION_OF_MINORS', ['KEYWORD_CHILD_SEXUAL_ABUSE_MATERIAL'], undefined],
    ['grooming', 'STATEMENT_CATEGORY_PROTECTION_OF_MINORS', ['KEYWORD_GROOMING_SEXUAL_ENTICEMENT_MINORS'], undefined],
    ['minor_selling_sexual_content', 'STATEMENT_CATEGORY_PROTECTION_OF_MINORS', ['KEYWORD_CHILD_SEXUAL_ABUSE_MATERIAL', 'KEYWORD_GROOMING_SEXUAL_ENTICEMENT_MINORS'], undefined],
    ['underage_member', 'STATEMENT_CATEGORY_PROTECTION_OF_MINORS', ['KEYWORD_AGE_SPECIFIC_RESTRICTIONS_MINORS'], undefined],
    ['sexual_services', 'STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE', ['KEYWORD_GOODS_SERVICES_NOT_PERMITTED'], undefined],
    ['sexual_harassment', 'STATEMENT_CATEGORY_NON_CONSENSUAL_BEHAVIOUR', ['KEYWORD_ONLINE_BULLYING_INTIMIDATION'], undefined],
    ['fake_profile', 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD', ['KEYWORD_INAUTHENTIC_ACCOUNTS', 'KEYWORD_IMPERSONATION_ACCOUNT_HIJACKING'], undefined],
    ['fraud', 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD', ['KEYWORD_OTHER'], 'Fraud or scam against members'],
    ['threats', 'STATEMENT_CATEGORY_VIOLENCE', ['KEYWORD_OTHER'], 'Threats of violence'],
    ['hate', 'STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH', ['KEYWORD_HATE_SPEECH'], undefined],
    ['spam', 'STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE', ['KEYWORD_OTHER'], 'Spam'],
    ['other', 'STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE', ['KEYWORD_OTHER'], 'Other breach of the terms'],
  ];

  it('covers every category of the taxonomy', () => {
    expect(table.map(([c]) => c).sort()).toEqual([...categoryIds].sort());
    expect(Object.keys(dsaCategoryOf).sort()).toEqual([...categoryIds].sort());
  });

  it.each(table)('%s', (category, dsaCategory, keywords, other) => {
    const s = buildStatement(facts({ category }))!;
    expect(s.dsa.category).toBe(dsaCategory);
    expect(s.dsa.category_specification).toEqual(keywords);
    expect(s.dsa.category_specification_other).toBe(other);
  });

  it('maps an unknown category as "other"', () => {
    expect(buildStatement(facts({ category: 'something_new' }))!.dsa.category).toBe('STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE');
  });

  it('names the four child-safety categories in one constant', () => {
    expect([...CHILD_SAFETY_CATEGORIES]).toEqual(['csam', 'grooming', 'minor_selling_sexual_content', 'underage_member']);
  });
});

describe('statement of reasons: ground, source, content and redress', () => {
  it('cites the legal ground for illegal content and the terms otherwise', () => {
    const illegal = buildStatement(facts({ rule: { code: 'sexual-contact-child', title: 'Contact with a child for sexual purposes', description: 'Grooming is a crime.', ground: 'DECISION_GROUND_ILLEGAL_CONTENT', legalGround: 'Brottsbalken 6 kap. 10 a §' } }))!.dsa;
    expect(illegal).toMatchObject({ decision_ground: 'DECISION_GROUND_ILLEGAL_CONTENT', illegal_content_legal_ground: 'Brottsbalken 6 kap. 10 a §' });
    expect(illegal.illegal_content_explanation).toContain('Grooming is a crime.');
    expect(illegal).not.toHaveProperty('incompatible_content_ground');
    const terms = buildStatement(facts())!.dsa;
    expect(terms).toMatchObject({ decision_ground: 'DECISION_GROUND_INCOMPATIBLE_CONTENT', incompatible_content_ground: 'minors-contact: No sexual contact with minors' });
    expect(terms.incompatible_content_explanation).toContain('Members may not seek sexual contact with minors.');
    expect(terms).not.toHaveProperty('illegal_content_legal_ground');
  });

  it.each([
    [['member'], 'SOURCE_ARTICLE_16'],
    [['public', 'member'], 'SOURCE_ARTICLE_16'],
    [['member', 'trusted_flagger'], 'SOURCE_TRUSTED_FLAGGER'],
    [[], 'SOURCE_VOLUNTARY'],
  ] as [string[], string][])('reports from %j give %s', (sources, expected) => {
    expect(sourceTypeOf(sources)).toBe(expected);
    expect(buildStatement(facts({ reportSources: sources }))!.dsa.source_type).toBe(expected);
  });

  it.each([
    ['message', ['CONTENT_TYPE_TEXT'], undefined],
    ['image', ['CONTENT_TYPE_IMAGE'], undefined],
    ['profile', ['CONTENT_TYPE_TEXT', 'CONTENT_TYPE_IMAGE'], undefined],
    ['conversation', ['CONTENT_TYPE_TEXT'], undefined],
    ['account', ['CONTENT_TYPE_OTHER'], 'Member account'],
  ] as [string, string[], string | undefined][])('a %s is %j', (subjectType, types, other) => {
    const s = buildStatement(facts({ subjectType }))!.dsa;
    expect(s.content_type).toEqual(types);
    expect(s.content_type_other).toBe(other);
  });

  it('takes the moderator’s content types, territorial scope and automated detection', () => {
    const s = buildStatement(facts({ contentTypes: ['CONTENT_TYPE_VIDEO'], territorialScope: ['SE', 'NO'], automatedDetection: true }))!.dsa;
    expect(s).toMatchObject({ content_type: ['CONTENT_TYPE_VIDEO'], territorial_scope: ['SE', 'NO'], automated_detection: 'Yes' });
    expect(buildStatement(facts())!.dsa.territorial_scope).toEqual([...eeaCountries]);
    expect(buildStatement(facts())!.dsa.automated_detection).toBe('No');
  });

  it('carries the redress: the absolute public appeal link and the deadline, six months on', () => {
    const s = buildStatement(facts())!;
    expect(s.redress).toMatchObject({
      appealPath: '/appeal/tok_abcdefghijklmnopqrstuvwx', appealUrl: 'https://trygg.example.org/appeal/tok_abcdefghijklmnopqrstuvwx',
      appealDeadline: '2026-09-10T09:30:00.000Z', appealWindowMonths: 6,
    });
    expect(s.redress.text).toContain('on the page https://trygg.example.org/appeal/tok_abcdefghijklmnopqrstuvwx ');
    expect(s.redress.text).toContain('2026-09-10');
    expect(s.redress.text).toContain('Art. 21');
  });

  it('holds no personal data: only the listed fields, and no member or reporter ids', () => {
    const s = buildStatement(facts({ action: 'suspend', endsAt }))!;
    const json = JSON.stringify(s);
    for (const id of ['reporter', 'member-42', '@']) expect(json).not.toContain(id);
    expect(Object.keys(s.dsa).every((k) => /^[a-z_]+$/.test(k))).toBe(true);
  });

  it('adds months at the end of a month without overflowing', () => {
    expect(addMonths(new Date('2026-08-31T10:00:00Z'), 6).toISOString()).toBe('2027-02-28T10:00:00.000Z');
    expect(addMonths(new Date('2026-01-15T10:00:00Z'), 6).toISOString()).toBe('2026-07-15T10:00:00.000Z');
  });
});

import type { Actor } from '../modules/audit/audit.types.js';
import type { Category } from '../modules/cases/categories.js';
import type { Role } from '../server/access.js';
import type { Services } from '../server/services.js';
import { DEMO_STAFF } from './staff.js';

/**
 * Open cases in every report category for the demo queue, made the way real ones are: reports from
 * members, from a trusted flagger's member and through the public form (the behaviour signals add
 * their grooming cases). Some are claimed, some escalated, and some overdue: those reports are
 * filed with the services' clock moved back, so their service-level timers have run out when the
 * demo starts. All text is invented and no abuse content is shown: evidence is references only.
 */

export type DemoReporter = 'member' | 'minor_member' | 'trusted_flagger' | 'public' | 'public_with_email';
export type DemoSubject = 'adult' | 'minor';

export interface DemoCaseScenario {
  key: string;
  category: Category;
  subjectType: 'account' | 'message' | 'image' | 'profile' | 'conversation';
  /** Whose account the subject belongs to; messages, images and conversations get references of their own. */
  subject: DemoSubject;
  reporters: DemoReporter[];
  lang: 'en' | 'sv';
  explanation: string;
  relation?: 'self' | 'witness' | 'parent_or_guardian' | 'trusted_flagger' | 'other';
  /** Hours ago the report came in (past the category's service-level time: overdue). */
  hoursAgo?: number;
  then?: 'claim' | 'escalate';
}

export const demoCaseScenarios: readonly DemoCaseScenario[] = [
  {
    key: 'csam-public-image', category: 'csam', subjectType: 'image', subject: 'adult', reporters: ['public'], lang: 'sv', relation: 'witness', hoursAgo: 3,
    explanation: 'En bild i ett öppet album verkar visa ett barn i en sexuell situation. Jag har inte sparat eller delat bilden.',
  },
  {
    key: 'csam-flagger-image', category: 'csam', subjectType: 'image', subject: 'adult', reporters: ['trusted_flagger'], lang: 'en', relation: 'trusted_flagger', then: 'escalate',
    explanation: 'An image shared in a group chat appears to show a child. Reported by our net-walker team; the reference is attached, the image is not.',
  },
  {
    key: 'grooming-minor-reports', category: 'grooming', subjectType: 'account', subject: 'adult', reporters: ['minor_member'], lang: 'en', relation: 'self', then: 'claim',
    explanation: 'He keeps asking how old I am and wants to move the chat to Snapchat. He said I should not tell my parents.',
  },
  {
    key: 'grooming-parent-public', category: 'grooming', subjectType: 'conversation', subject: 'adult', reporters: ['public_with_email'], lang: 'sv', relation: 'parent_or_guardian', hoursAgo: 6,
    explanation: 'En vuxen man erbjuder min dotter (15) presentkort om hon skickar bilder och vill träffas i helgen.',
  },
  {
    key: 'minor-selling-profile', category: 'minor_selling_sexual_content', subjectType: 'profile', subject: 'minor', reporters: ['trusted_flagger'], lang: 'sv', relation: 'trusted_flagger', then: 'escalate',
    explanation: 'Profiltexten erbjuder bilder mot betalning via Swish, och i en tidigare text skriver personen att hon går i nian.',
  },
  {
    key: 'underage-account', category: 'underage_member', subjectType: 'account', subject: 'adult', reporters: ['trusted_flagger', 'member'], lang: 'sv', relation: 'witness', hoursAgo: 7,
    explanation: 'Han skriver i sin presentation att han går i sjuan, men profilen säger att han är över 18.',
  },
  {
    key: 'sexual-services-profile', category: 'sexual_services', subjectType: 'profile', subject: 'adult', reporters: ['member'], lang: 'en', relation: 'witness',
    explanation: 'The profile offers "massage with extras" for money and links to an outside booking site.',
  },
  {
    key: 'threats-message', category: 'threats', subjectType: 'message', subject: 'adult', reporters: ['public_with_email'], lang: 'sv', relation: 'self', then: 'claim',
    explanation: 'Han hotade att komma hem till mig efter att jag tackat nej, och skrev att han vet var jag bor.',
  },
  {
    key: 'harassment-message', category: 'sexual_harassment', subjectType: 'message', subject: 'adult', reporters: ['member'], lang: 'en', relation: 'self', hoursAgo: 30,
    explanation: 'Keeps sending unwanted sexual messages after I asked him to stop, three times today.',
  },
  {
    key: 'fraud-account', category: 'fraud', subjectType: 'account', subject: 'adult', reporters: ['member', 'member'], lang: 'sv', relation: 'self',
    explanation: 'Bad om 800 kronor via Swish för en tågbiljett för att komma och träffas, och slutade sedan svara.',
  },
  {
    key: 'hate-conversation', category: 'hate', subjectType: 'conversation', subject: 'adult', reporters: ['member'], lang: 'en', relation: 'witness', hoursAgo: 26, then: 'claim',
    explanation: 'Posts slurs about gay members in the group chat and tells them to leave the site.',
  },
  {
    key: 'fake-profile', category: 'fake_profile', subjectType: 'profile', subject: 'adult', reporters: ['public'], lang: 'sv', relation: 'other',
    explanation: 'Profilen använder bilder på en känd influencer och ber folk om pengar.',
  },
  {
    key: 'spam-account', category: 'spam', subjectType: 'account', subject: 'adult', reporters: ['member', 'member', 'member'], lang: 'en', relation: 'witness',
    explanation: 'Sends the same cryptocurrency link to everyone who visits his profile.',
  },
  {
    key: 'other-profile', category: 'other', subjectType: 'profile', subject: 'adult', reporters: ['member'], lang: 'sv', relation: 'witness', then: 'escalate',
    explanation: 'Skriver andra medlemmars telefonnummer och adresser i sin profiltext.',
  },
];

export const DEMO_FLAGGER_ORG = 'Nattvandrarna Göteborg (demo)';
/** Recorded once the demo cases are seeded: later runs find it and change nothing. */
export const CASES_SEEDED = 'demo.cases_seeded';

export interface DemoMembers {
  /** Adults (25 to 55) with no case yet, in a fixed order. */
  adults: string[];
  /** Members aged 15 to 17. */
  minors: string[];
}

export interface DemoCasesReport {
  seeded: boolean;
  cases: { key: string; caseId: string; category: string }[];
}

export interface DemoCasesOptions {
  now: Date;
  members: DemoMembers;
  /** Moves the services' clock (null: back to the present); without it no case is overdue. */
  travel?: (to: Date | null) => void;
}

const demoActor: Actor = { type: 'system', id: 'demo' };
const HOUR = 3_600_000;

/** Members needed: subjects and reporters, each used once. */
export function membersNeeded(): { adults: number; minors: number } {
  let adults = 1; // the trusted flagger's member
  let minors = 0;
  for (const s of demoCaseScenarios) {
    if (s.subject === 'adult') adults++;
    else minors++;
    for (const r of s.reporters) {
      if (r === 'member') adults++;
      if (r === 'minor_member') minors++;
    }
  }
  return { adults, minors };
}

export async function seedDemoCases(services: Services, options: DemoCasesOptions): Promise<DemoCasesReport> {
  const [earlier] = await services.audit.list({ type: CASES_SEEDED, limit: 1 });
  if (earlier) return { seeded: false, cases: (earlier.payload as { cases?: DemoCasesReport['cases'] } | null)?.cases ?? [] };
  const needed = membersNeeded();
  // A small community (a test's) may lack the cast: then there are no demo cases, and nothing fails.
  if (options.members.adults.length < needed.adults || options.members.minors.length < needed.minors) return { seeded: false, cases: [] };
  const adults = [...options.members.adults];
  const minors = [...options.members.minors];
  const take = (list: string[], what: string) => {
    const id = list.shift();
    if (!id) throw new Error(`demo cases: not enough ${what} in the community`);
    return id;
  };
  const flaggerMember = take(adults, 'adults');
  await ensureFlagger(services, flaggerMember);
  const moderator = await demoStaffActor(services, 'moderator');

  const cases: DemoCasesReport['cases'] = [];
  for (const [i, s] of demoCaseScenarios.entries()) {
    const owner = s.subject === 'adult' ? take(adults, 'adults') : take(minors, 'minors');
    const subjectId = s.subjectType === 'account' || s.subjectType === 'profile' ? owner : `${s.subjectType}-demo-${String(i + 1).padStart(3, '0')}`;
    const evidence = s.subjectType === 'image' ? [`image:${subjectId}`, `account:${owner}`] : s.subjectType === 'account' || s.subjectType === 'profile' ? [] : [`${s.subjectType}:${subjectId}`, `account:${owner}`];
    const notice = {
      subject: { type: s.subjectType, id: subjectId }, category: s.category, explanation: s.explanation, evidence, goodFaith: true as const,
      location: `https://community.example/${s.subjectType}/${subjectId}`, relation: s.relation,
    };
    const reporters = s.reporters.map((r) => (r === 'trusted_flagger' ? flaggerMember : r === 'minor_member' ? take(minors, 'minors') : r === 'member' ? take(adults, 'adults') : r));
    // After an interrupted run: a scenario whose case exists is done.
    const done = (await services.cases.forSubject(s.subjectType, subjectId))[0];
    if (done) {
      cases.push({ key: s.key, caseId: done.id, category: done.category });
      continue;
    }
    if (s.hoursAgo) options.travel?.(new Date(options.now.getTime() - s.hoursAgo * HOUR));
    try {
      for (const [n, reporter] of reporters.entries()) {
        if (reporter === 'public' || reporter === 'public_with_email') {
          await services.reports.submitPublic({
            ...notice, ...(reporter === 'public_with_email' ? { email: `reporter-${s.key}@example.org`, name: s.lang === 'sv' ? 'Demo Anmälare' : 'Demo Reporter' } : {}),
          });
        } else {
          await services.reports.submitForMember(demoActor, { ...notice, reporterId: reporter, relation: n === 0 ? s.relation : 'witness' });
        }
      }
    } finally {
      if (s.hoursAgo) options.travel?.(null);
    }
    const kase = (await services.cases.forSubject(s.subjectType, subjectId)).find((c) => c.status === 'open')!;
    if (s.then === 'claim') await services.queue.claim(moderator, kase.id);
    if (s.then === 'escalate') {
      const reason = s.lang === 'sv' ? 'Behöver en senior granskare.' : 'Needs a senior reviewer.';
      await services.queue.escalate(moderator, kase.id, reason);
    }
    cases.push({ key: s.key, caseId: kase.id, category: kase.category });
  }
  await services.audit.recordAlone({ actor: demoActor, type: CASES_SEEDED, payload: { cases } });
  return { seeded: true, cases };
}

/** The demo's verified trusted flagger, vouching for one member. */
async function ensureFlagger(services: Services, member: string): Promise<void> {
  const existing = (await services.flaggers.list()).find((f) => f.name === DEMO_FLAGGER_ORG);
  const org = existing ?? (await services.flaggers.create(demoActor, DEMO_FLAGGER_ORG, 'kontakt@nattvandrarna.example'));
  if (!org.verified) await services.flaggers.setStatus(demoActor, org.id, 'verified');
  await services.flaggers.addMember(demoActor, org.id, member);
}

/** The demo staff member in a role, as the services name an acting person. */
export async function demoStaffActor(services: Services, role: Role): Promise<{ id: string; role: Role }> {
  const member = DEMO_STAFF.find((m) => m.role === role)!;
  const staff = await services.staff.findByEmail(member.email);
  if (!staff) throw new Error(`demo: the demo ${role} is missing`);
  return { id: staff.id, role: staff.role };
}

import type { Actor } from '../modules/audit/audit.types.js';
import type { Services } from '../server/services.js';
import { membersNeeded, seedDemoCases, type DemoCasesReport, type DemoMembers } from './cases.js';
import { DEMO_MEMBERS, DEMO_SEED, externalIdOf, generateCommunity } from './community.js';
import { seedDemoLegal, type DemoLegalReport } from './legal.js';
import { seedDemoTakedowns, type DemoTakedownsReport } from './takedowns.js';
import { demoSignals, minorsNeeded, planBehaviour, type DemoCast, type DemoSignal } from './signals.js';
import { Random } from './random.js';
import { DEMO_API_KEY, DEMO_API_KEY_NAME, DEMO_API_KEY_PREFIX, DEMO_API_KEY_SCOPES, DEMO_STAFF } from './staff.js';

export interface SeedOptions {
  /** The moment to generate for; the start of its UTC day is used so a day's runs agree. */
  now: Date;
  seed?: number;
  members?: number;
  /** Members per transaction. */
  batchSize?: number;
  /** Called before the first batch (with 0) and after each one. */
  onProgress?: (done: number, total: number) => void;
  /** Moves the services' clock (null: back to the present), so some demo cases are overdue; without it none is. */
  travel?: (to: Date | null) => void;
}

export interface SeedReport {
  /** True when everything was already there and nothing changed. */
  alreadySeeded: boolean;
  membersImported: number;
  loginsImported: number;
  staffCreated: number;
  twoFactorEnrolled: number;
  apiKeyCreated: boolean;
  /** The demo key exists but was revoked: it will not authenticate. */
  apiKeyRevoked: boolean;
  /** Contact activity and the adults who trip the behaviour signals. */
  behaviour: BehaviourReport;
  /** Open cases in every report category, for the queue. */
  cases: DemoCasesReport;
  /** Victim takedown requests: one waiting for review, one confirmed. */
  takedowns: DemoTakedownsReport;
  /** A blocked upload's CSAM case with a CyberTipline draft, a legal hold and a police data request. */
  legal: DemoLegalReport;
}

export interface FlaggedAdult {
  externalId: string;
  /** The signal this adult's activity was made to cross. */
  signal: DemoSignal;
  /** The signals his evaluation found. */
  findings: string[];
  /** The child-safety case the signals opened (null if none did: see `findings`). */
  caseId: string | null;
}

export interface BehaviourReport {
  /** False when an earlier run seeded it (nothing changed in this run). */
  seeded: boolean;
  eventsAccepted: number;
  denials: number;
  adults: FlaggedAdult[];
}

/** Recorded once the behaviour is seeded: later runs find it and change nothing. */
export const BEHAVIOUR_SEEDED = 'demo.behaviour_seeded';

const demoActor: Actor = { type: 'system', id: 'demo' };

/**
 * Seeds the demo community, staff and API key through the services. Idempotent: each part is
 * skipped when present, and a run that was interrupted resumes (batches commit in order).
 */
export async function seedDemo(services: Services, options: SeedOptions): Promise<SeedReport> {
  const members = options.members ?? DEMO_MEMBERS;
  const report: SeedReport = {
    alreadySeeded: false, membersImported: 0, loginsImported: 0, staffCreated: 0, twoFactorEnrolled: 0,
    apiKeyCreated: false, apiKeyRevoked: false, behaviour: { seeded: false, eventsAccepted: 0, denials: 0, adults: [] },
    cases: { seeded: false, cases: [] }, takedowns: { seeded: false, requests: [] },
    legal: { seeded: false, uploader: null, caseId: null, referral: null, holdId: null, policeRequestId: null },
  };

  for (const member of DEMO_STAFF) {
    let staff = await services.staff.findByEmail(member.email);
    if (!staff) {
      ({ staff } = await services.staff.create(demoActor, member));
      report.staffCreated++;
    }
    if (member.totpSecret && (await services.auth.presetTwoFactor(demoActor, staff.id, member.totpSecret))) {
      report.twoFactorEnrolled++;
    }
  }

  const key = await services.apiKeys.findByPrefix(DEMO_API_KEY_PREFIX);
  if (!key) {
    await services.apiKeys.create(demoActor, DEMO_API_KEY_NAME, [...DEMO_API_KEY_SCOPES], DEMO_API_KEY);
    report.apiKeyCreated = true;
  }
  report.apiKeyRevoked = Boolean(key?.revokedAt);

  // Batches commit in order, so the last member present means every batch is.
  const complete = members === 0 || (await services.community.findByExternalId(externalIdOf(members))) !== undefined;
  if (!complete) {
    const startOfDay = new Date(Math.floor(options.now.getTime() / 86_400_000) * 86_400_000);
    const community = generateCommunity({ seed: options.seed ?? DEMO_SEED, members, asOf: startOfDay });
    const batchSize = options.batchSize ?? 400;
    options.onProgress?.(0, community.length);
    for (let i = 0; i < community.length; i += batchSize) {
      const result = await services.community.importMembers(community.slice(i, i + batchSize));
      report.membersImported += result.imported;
      report.loginsImported += result.logins;
      options.onProgress?.(Math.min(i + batchSize, community.length), community.length);
    }
  }

  report.behaviour = await seedBehaviour(services, options.seed ?? DEMO_SEED, members, options.now);
  report.cases = await seedDemoCases(services, { now: options.now, members: await findCaseMembers(services, members), travel: options.travel });
  report.takedowns = await seedDemoTakedowns(services);
  report.legal = await seedDemoLegal(services, { now: options.now, members });

  report.alreadySeeded =
    report.staffCreated + report.twoFactorEnrolled + report.membersImported === 0 && !report.apiKeyCreated && !report.behaviour.seeded && !report.cases.seeded
    && !report.takedowns.seeded && !report.legal.seeded;
  if (!report.alreadySeeded) {
    // Where these members, staff and key came from stays on the record.
    await services.audit.recordAlone({
      actor: demoActor, type: 'demo.seeded',
      payload: {
        seed: options.seed ?? DEMO_SEED, membersImported: report.membersImported, loginsImported: report.loginsImported,
        staffCreated: report.staffCreated, apiKeyCreated: report.apiKeyCreated,
        behaviourEvents: report.behaviour.eventsAccepted, demoCases: report.cases.cases.length,
        takedowns: report.takedowns.requests.length, referralCase: report.legal.caseId, flaggedAdults: report.behaviour.seeded ? report.behaviour.adults.map((a) => a.externalId) : [],
      },
    });
  }
  return report;
}

const DAY_MS = 86_400_000;

/**
 * Who plays in the behaviour: members already in the community, looked up in a seeded order
 * (through the community service, so a community seeded by an older version works as well).
 */
async function findCast(services: Services, members: number, seed: number, now: Date, minorsWanted: number): Promise<DemoCast> {
  const order = Array.from({ length: members }, (_, i) => i + 1);
  const rng = new Random(seed ^ 0xca57);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  // A minor stays a minor for the week the signals look back on, and a while after.
  const adultAfter = new Date(now.getTime() + 8 * DAY_MS).toISOString().slice(0, 10);
  const cast: DemoCast = { adults: [], minors: [], background: [] };
  const backgroundWanted = 40;
  const done = () => cast.minors.length >= minorsWanted && cast.adults.length >= demoSignals.length && cast.background.length >= backgroundWanted;
  for (let i = 0; i < order.length && !done(); i += 50) {
    const views = await Promise.all(order.slice(i, i + 50).map((n) => services.community.findByExternalId(externalIdOf(n))));
    for (const v of views) {
      if (!v || v.status !== 'active' || v.restriction) continue;
      const eighteenth = `${Number(v.birthDate.slice(0, 4)) + 18}${v.birthDate.slice(4)}`;
      if (v.age >= 15 && v.age <= 17 && eighteenth > adultAfter) {
        if (cast.minors.length < minorsWanted) cast.minors.push(v.externalId);
      } else if (v.age >= 30 && v.age <= 55 && cast.adults.length < demoSignals.length) {
        cast.adults.push(v.externalId);
      } else if (v.age >= 20 && cast.background.length < backgroundWanted) {
        cast.background.push(v.externalId);
      }
    }
  }
  return cast;
}

/** Reporters and subjects for the demo cases: active members without a case, from the end of the list. */
async function findCaseMembers(services: Services, members: number): Promise<DemoMembers> {
  const needed = membersNeeded();
  const found: DemoMembers = { adults: [], minors: [] };
  for (let n = members; n >= 1 && (found.adults.length < needed.adults || found.minors.length < needed.minors); n -= 50) {
    const ids = Array.from({ length: Math.min(50, n) }, (_, i) => externalIdOf(n - i));
    const views = await Promise.all(ids.map((id) => services.community.findByExternalId(id)));
    for (const v of views) {
      if (!v || v.status !== 'active' || v.restriction) continue;
      if (v.age >= 15 && v.age <= 17 && found.minors.length < needed.minors) found.minors.push(v.externalId);
      else if (v.age >= 25 && v.age <= 55 && found.adults.length < needed.adults && !(await services.cases.forSubject('account', v.externalId)).length) {
        found.adults.push(v.externalId);
      }
    }
  }
  return found;
}

/**
 * Ordinary contact among adults, and a handful of adults whose activity crosses one behaviour
 * signal each, all through the real services: events through EventsService.ingest, the age-gap
 * denials through ContactDecisionService, then SignalsService.evaluate for each of those adults,
 * which opens their cases. Timed relative to `now`, so the 24-hour windows hold when the demo
 * starts. Once done it is recorded, and later runs change nothing.
 */
async function seedBehaviour(services: Services, seed: number, members: number, now: Date): Promise<BehaviourReport> {
  const [earlier] = await services.audit.list({ type: BEHAVIOUR_SEEDED, limit: 1 });
  if (earlier) {
    const adults = ((earlier.payload as { adults?: FlaggedAdult[] } | null)?.adults ?? []);
    return { seeded: false, eventsAccepted: 0, denials: 0, adults };
  }
  const { document } = await services.policies.current();
  const minorsWanted = Math.max(...demoSignals.map((s) => minorsNeeded(s, document.signals))) + 4;
  const cast = await findCast(services, members, seed, now, minorsWanted);
  const plan = planBehaviour({ seed, now, cast, thresholds: document.signals });

  // Event ids are fixed: after an interrupted run the same events come back as duplicates.
  const events = [...plan.background, ...plan.scenarios.flatMap((s) => s.events)];
  let eventsAccepted = 0;
  for (let i = 0; i < events.length; i += 1_000) {
    const result = await services.events.ingest(events.slice(i, i + 1_000), null);
    if (result.rejected.length) throw new Error(`demo behaviour: events rejected: ${JSON.stringify(result.rejected.slice(0, 3))}`);
    eventsAccepted += result.accepted;
  }

  let denials = 0;
  const adults: FlaggedAdult[] = [];
  for (const scenario of plan.scenarios) {
    if (scenario.denials.length) {
      // Only the denials still missing today (a run interrupted after deciding made some).
      const { statistics } = await services.signals.overview(scenario.adult);
      // decideMany answers once the denials are recorded, so the evaluation below counts them.
      const missing = scenario.denials.slice(statistics.ageGapDenials24h);
      if (missing.length) denials += (await services.contact.decideMany(missing)).filter((a) => !a.allow).length;
    }
    const evaluation = await services.signals.evaluate(scenario.adult);
    const cases = await services.cases.forSubject('account', scenario.adult);
    const kase = cases.find((c) => c.items.some((item) => item.kind === scenario.signal)) ?? cases[0];
    adults.push({ externalId: scenario.adult, signal: scenario.signal, findings: evaluation.findings.map((f) => f.kind), caseId: kase?.id ?? null });
  }
  await services.audit.recordAlone({ actor: demoActor, type: BEHAVIOUR_SEEDED, payload: { seed, eventsAccepted, denials, adults } });
  return { seeded: true, eventsAccepted, denials, adults };
}

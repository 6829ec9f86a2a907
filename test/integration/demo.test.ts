import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MEMBERS } from '../../src/demo/community.js';
import { CASES_SEEDED, DEMO_FLAGGER_ORG, demoCaseScenarios } from '../../src/demo/cases.js';
import { DEMO_BANK, DEMO_BLOCKED_CONTENT, DEMO_POLICE_CASE_NUMBER, useDemoReferralSettings } from '../../src/demo/legal.js';
import { seedDemo } from '../../src/demo/seed.js';
import { demoTakedownScenarios } from '../../src/demo/takedowns.js';
import { CONFIRMED_BANK } from '../../src/modules/media/banks.service.js';
import { categoryIds } from '../../src/modules/cases/categories.js';
import { demoSignals } from '../../src/demo/signals.js';
import { DEMO_API_KEY, DEMO_STAFF, demoTwoFactorCode } from '../../src/demo/staff.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { testDriver } from '../support/database.js';

const count = async (t: TestApp, table: string): Promise<number> =>
  Number((await t.db.database.executeSql(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n);

describe(`demo seed (${testDriver})`, () => {
  let t: TestApp;
  const savedEnv = { ...process.env };
  beforeAll(async () => {
    // As `trygg demo` does: a reporting person and profile links, so the CyberTipline draft validates.
    useDemoReferralSettings(process.env);
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
    for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
    Object.assign(process.env, savedEnv);
  });

  it('seeds the community, staff in every role and the demo API key', async () => {
    const now = t.clock.now();
    const report = await seedDemo(t.services, { now, travel: (to) => t.clock.set(to ?? now) });
    expect(t.clock.now()).toEqual(now);
    expect(report.cases).toMatchObject({ seeded: true });
    expect(report.cases.cases).toHaveLength(demoCaseScenarios.length);
    expect(report).toMatchObject({ alreadySeeded: false, membersImported: DEMO_MEMBERS, staffCreated: 5, twoFactorEnrolled: 3, apiKeyCreated: true });
    expect(await t.services.community.count()).toBe(DEMO_MEMBERS);
    expect(await count(t, 'account_logins')).toBe(report.loginsImported);
    expect(report.loginsImported).toBeGreaterThan(DEMO_MEMBERS * 2);
    expect(report.behaviour).toMatchObject({ seeded: true, denials: 4 });
    expect(report.behaviour.adults).toHaveLength(demoSignals.length);
    expect(report.behaviour.eventsAccepted).toBeGreaterThan(300);
    const roles = await Promise.all(DEMO_STAFF.map(async (m) => (await t.services.staff.findByEmail(m.email))?.role));
    expect(roles.sort()).toEqual(['admin', 'auditor', 'legal', 'moderator', 'senior_moderator']);
  }, 120_000);

  it('includes adults whose recent activity trips each behaviour signal, each with an open case', async () => {
    const [marker] = await t.services.audit.list({ type: 'demo.behaviour_seeded', limit: 1 });
    const adults = (marker!.payload as { adults: { externalId: string; signal: string; findings: string[]; caseId: string }[] }).adults;
    expect(adults.map((a) => a.signal)).toEqual([...demoSignals]);
    expect(new Set(adults.map((a) => a.externalId)).size).toBe(demoSignals.length);
    for (const adult of adults) {
      // Each adult stands for one signal, and only that one.
      expect(adult.findings).toEqual([adult.signal]);
      const account = await t.services.community.getByExternalId(adult.externalId);
      expect(account.age).toBeGreaterThanOrEqual(30);
      const cases = await t.services.cases.forSubject('account', adult.externalId);
      expect(cases).toHaveLength(1);
      expect(cases[0]).toMatchObject({ id: adult.caseId, status: 'open', category: 'grooming' });
      expect(cases[0]!.items.map((i) => i.kind)).toEqual([adult.signal]);
    }
    // The live account view shows the same signal (the windows hold when the demo starts).
    for (const adult of adults) {
      const overview = await t.services.signals.overview(adult.externalId);
      expect(overview.signals.map((s) => s.kind)).toEqual([adult.signal]);
    }
    expect(await count(t, 'contact_denials')).toBe(4);
    expect(await count(t, 'community_events')).toBeGreaterThan(300);
    // Ordinary adults talk among themselves and trip nothing.
    expect(Number((await t.db.database.executeSql(`SELECT count(DISTINCT conversation_id)::int AS n FROM messages`)).rows[0]!.n)).toBeGreaterThanOrEqual(30);
  });

  it('holds open cases in every category: reported by members, a trusted flagger and the public, some overdue, claimed or escalated', async () => {
    const queue = await t.services.queue.list({ limit: 100 });
    const open = queue.items;
    expect(new Set(open.map((c) => c.category))).toEqual(new Set(categoryIds));
    expect(open.every((c) => ['open', 'in_review', 'escalated'].includes(c.status))).toBe(true);
    expect(open.filter((c) => c.overdue).map((c) => c.category).sort()).toEqual(
      demoCaseScenarios.filter((s) => s.hoursAgo).map((s) => s.category).sort(),
    );
    const moderator = await t.services.staff.findByEmail(DEMO_STAFF.find((m) => m.role === 'moderator')!.email);
    expect(open.filter((c) => c.assigneeId === moderator!.id)).toHaveLength(demoCaseScenarios.filter((s) => s.then === 'claim').length);
    expect(open.filter((c) => c.status === 'escalated')).toHaveLength(demoCaseScenarios.filter((s) => s.then === 'escalate').length);
    expect(open.some((c) => c.trustedFlagger)).toBe(true);
    expect(open.some((c) => c.signals > 0 && c.reporters === 0)).toBe(true);
    const sources = (await t.db.database.executeSql('SELECT DISTINCT source FROM reports')).rows.map((r) => r.source).sort();
    expect(sources).toEqual(['member', 'public', 'trusted_flagger']);
    const flagger = (await t.services.flaggers.list()).find((f) => f.name === DEMO_FLAGGER_ORG)!;
    expect(flagger).toMatchObject({ verified: true, members: 1 });
    expect(flagger.reports).toBeGreaterThanOrEqual(3);
    const spam = open.find((c) => c.category === 'spam')!;
    expect(spam.reporters).toBe(3);
    const view = await t.services.queue.view(open.find((c) => c.category === 'csam' && c.subject.type === 'image')!.id);
    expect(view.reports[0]!.evidence.every((ref) => /^[a-z]+:[\w-]+$/.test(ref))).toBe(true);
  });

  it('holds a takedown request as intake leaves it (hidden, top priority) and one a senior moderator confirmed into the bank', async () => {
    const open = (await t.services.takedowns.list('open', 50, 0)).filter((r) => r.content[0]?.startsWith('img-demo-takedown-'));
    expect(open).toHaveLength(1);
    const waiting = open[0]!;
    expect(waiting).toMatchObject({ under18: 'yes', sexual: true, sensitive: true, category: 'csam', priority: 100 });
    expect(waiting.policeCaseNumber).toMatch(/^DEMO-/);
    // Hashes only, as the form sends them: no picture reached the server.
    expect(waiting.hashes.every((h) => /^[0-9a-f]{64}$/.test(h.pdq!) && /^[0-9a-f]{32}$/.test(h.md5!) && h.quality! >= 50)).toBe(true);
    expect(waiting.hideActionIds).toHaveLength(waiting.content.length);
    const kase = (await t.services.queue.view(waiting.caseId!)).case;
    expect(kase).toMatchObject({ status: 'open', category: 'csam', priority: 100 });

    const [confirmed] = await t.services.takedowns.list('confirmed', 50, 0);
    const senior = await t.services.staff.findByEmail(DEMO_STAFF.find((m) => m.role === 'senior_moderator')!.email);
    expect(confirmed).toMatchObject({ decision: { by: senior!.id }, bankedHashes: 2 });
    const bank = await t.services.media.banks.byName(CONFIRMED_BANK);
    const banked = (await t.services.media.banks.lookup(confirmed!.hashes[0]!.md5!)).filter((e) => e.bankId === bank.id);
    expect(banked).toHaveLength(1);
    expect(demoTakedownScenarios).toHaveLength(2);
  });

  it('holds a CSAM case on an adult with a login history, its preserved upload, and a validated CyberTipline draft that was not sent', async () => {
    const { items } = await t.services.media.check.matchLog(50);
    const blocked = items.find((m) => m.contentId === DEMO_BLOCKED_CONTENT)!;
    expect(blocked.verdict).toBe('block');
    expect(new Set(blocked.matches.map((m) => `${m.bank.name}:${m.type}`))).toEqual(new Set(['pdq', 'md5', 'sha256'].map((type) => `${DEMO_BANK}:${type}`)));
    const uploader = await t.services.community.getByExternalId(blocked.accountId!);
    expect(uploader.age).toBeGreaterThanOrEqual(18);
    const view = await t.services.queue.view(blocked.caseId!);
    expect(view.case).toMatchObject({ category: 'csam', subject: { type: 'account', id: uploader.externalId } });
    const evidence = await t.services.evidence.forCase(blocked.caseId!);
    expect(new Set(evidence.map((e) => e.kind))).toEqual(new Set(['content', 'account_snapshot', 'login_history', 'decision']));

    const [referral] = (await t.services.referrals.list({ caseId: blocked.caseId!, limit: 5 })).items;
    expect(referral).toMatchObject({ kind: 'ncmec', status: 'validated', validationErrors: null, remoteReportId: null, submittedAt: null });
    expect(referral!.document).toContain('<incidentType>Child Pornography (possession, manufacture, and distribution)</incidentType>');
    expect(referral!.document).toMatch(/<ipCaptureEvent><ipAddress>[\d.]+<\/ipAddress><eventName>(Login|Registration)<\/eventName>/);
    expect(referral!.document).toContain(`<espIdentifier>${uploader.externalId}</espIdentifier>`);
    expect((referral!.progress as { files: unknown[] }).files).toHaveLength(1);
  });

  it('holds an active legal hold on that account and a police data request waiting for legal review', async () => {
    const { items } = await t.services.media.check.matchLog(50);
    const blocked = items.find((m) => m.contentId === DEMO_BLOCKED_CONTENT)!;
    const holds = await t.services.legal.holds.list({ active: true, limit: 50, offset: 0 });
    expect(holds).toEqual([expect.objectContaining({ scope: { type: 'account', id: blocked.accountId }, active: true, reason: expect.stringMatching(/CyberTipline/) })]);
    const requests = await t.services.legal.police.list({ limit: 50, offset: 0 });
    expect(requests).toEqual([expect.objectContaining({ caseNumber: DEMO_POLICE_CASE_NUMBER, status: 'received', review: null })]);
    expect(requests[0]!.scope).toMatchObject({ accounts: [blocked.accountId], cases: [blocked.caseId] });
  });

  it('changes nothing on a second run and says so', async () => {
    const tables = [
      'reports', 'trusted_flagger_orgs', 'accounts', 'account_logins', 'moderation_events', 'staff', 'community_events', 'contact_attempts', 'messages',
      'member_rejections', 'contact_pairs', 'contact_denials', 'cases', 'case_items', 'takedown_requests', 'moderation_actions', 'hash_banks', 'bank_hashes',
      'media_checks', 'evidence_items', 'referrals', 'legal_holds', 'police_requests',
    ];
    const counts = async () => Object.fromEntries(await Promise.all(tables.map(async (table) => [table, await count(t, table)] as const)));
    const before = await counts();
    const first = (await t.services.audit.list({ type: 'demo.behaviour_seeded', limit: 1 }))[0]!.payload as { adults: unknown[] };
    // A second run the same day, and one two days later: nothing new either time.
    for (const days of [0, 2]) {
      const report = await seedDemo(t.services, { now: new Date(t.clock.now().getTime() + days * 86_400_000) });
      expect(report).toMatchObject({ alreadySeeded: true, membersImported: 0, staffCreated: 0, twoFactorEnrolled: 0, apiKeyCreated: false });
      expect(report.behaviour).toEqual({ seeded: false, eventsAccepted: 0, denials: 0, adults: first.adults });
      expect(report.cases.seeded).toBe(false);
      expect(report.cases.cases).toHaveLength(demoCaseScenarios.length);
      expect(report.takedowns.seeded || report.legal.seeded).toBe(false);
      expect(report.legal.referral?.status).toBe('validated');
    }
    expect(await counts()).toEqual(before);
  });

  it('records staff creation and pre-enrolled two-factor in the moderation log', async () => {
    const events = await t.services.audit.list({ limit: 1000 });
    const types = events.map((e) => e.type);
    expect(types.filter((type) => type === 'staff.created')).toHaveLength(5);
    expect(types.filter((type) => type === 'staff.two_factor_enrolled')).toHaveLength(3);
    expect(types).toContain('apikey.created');
    expect(types.filter((type) => type === 'demo.seeded')).toHaveLength(1);
    expect(types.filter((type) => type === CASES_SEEDED)).toHaveLength(1);
  });

  it('lets the demo admin sign in through the API with the published password and TOTP code', async () => {
    const admin = DEMO_STAFF.find((m) => m.role === 'admin')!;
    const signIn = await t.app.inject({ method: 'POST', url: '/v1/auth/sign-in', payload: { email: admin.email, password: admin.password } });
    expect(signIn.statusCode).toBe(200);
    expect(signIn.json().state).toBe('two_factor_pending');
    const cookie = `trygg_session=${signIn.cookies.find((c) => c.name === 'trygg_session')!.value}`;
    const verify = await t.app.inject({
      method: 'POST', url: '/v1/auth/two-factor/verify', headers: { cookie, 'x-csrf-token': signIn.json().csrfToken },
      payload: { code: demoTwoFactorCode(admin.email, t.clock.now()) },
    });
    expect(verify.statusCode).toBe(200);
    expect(verify.json()).toMatchObject({ state: 'active', twoFactorVerified: true, staff: { role: 'admin' } });
  });

  it('lets the demo API key read a demo member', async () => {
    const res = await t.app.inject({ url: '/v1/accounts/m-000123', headers: { authorization: `Bearer ${DEMO_API_KEY}` } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ externalId: 'm-000123' });
    expect(res.json().age).toBeGreaterThanOrEqual(15);
  });
});

describe(`demo seed after an interruption (${testDriver})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('resumes where it stopped, without duplicates', async () => {
    const options = { now: t.clock.now(), members: 300, batchSize: 100 };
    const interrupted = seedDemo(t.services, {
      ...options,
      onProgress: (done) => {
        if (done === 100) throw new Error('killed');
      },
    });
    await expect(interrupted).rejects.toThrow('killed');
    expect(await t.services.community.count()).toBe(100);
    const resumed = await seedDemo(t.services, options);
    expect(resumed).toMatchObject({ alreadySeeded: false, membersImported: 200, staffCreated: 0 });
    expect(await t.services.community.count()).toBe(300);
    expect((await seedDemo(t.services, options)).alreadySeeded).toBe(true);
  });
});

import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { newTotpSecret } from '../../src/modules/staff/totp.js';
import { createTestApp, type TestApp } from '../support/app.js';
import {
  CHROMIUM, chromiumInstalled, clearScreenshots, e2eRequired, ensureConsoleBuilt, launchChromium, screenshot, textOf, watchForErrors,
} from './browser.js';
import { adminChecksDeliveries, adminSetUp, appealRefused, reportThroughPublicForm, seniorReversesAppeal } from './queue-steps.js';
import { expectPublicPathsServed, signIn, startReceiver, tinyPng } from './queue-support.js';

const runs = chromiumInstalled || e2eRequired;
if (!runs) {
  console.warn(`[trygg] browser test skipped: ${CHROMIUM} is missing (apt-get install chromium); TRYGG_REQUIRE_E2E=1 makes this a failure.`);
}

const password = 'correct horse battery staple';
const people = {
  admin: { email: 'ada@example.test', displayName: 'Ada Admin', role: 'admin' },
  mo: { email: 'mo@example.test', displayName: 'Mo Moderator', role: 'moderator' },
  nina: { email: 'nina@example.test', displayName: 'Nina Moderator', role: 'moderator' },
  sam: { email: 'sam@example.test', displayName: 'Sam Senior', role: 'senior_moderator' },
} as const;
type Person = keyof typeof people;
// Webhook retries a second apart, so a failed first attempt is retried within the test.
const testEnv = { TRYGG_WEBHOOK_RETRY_SCHEDULE: '1,1,1', TRYGG_WEBHOOK_TIMEOUT_SECONDS: '2' };

describe.skipIf(!runs)('reports, the queue, a case and its decision in a real browser', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const savedEnv: Record<string, string | undefined> = {};
  const contexts: BrowserContext[] = [];
  const staff = {} as Record<Person, { id: string; email: string; password: string; secret: string }>;
  const pages = {} as Record<Person | 'public', { page: Page; errors: string[] }>;
  const thumbnail = tinyPng();
  let platformKey: string;
  let receiptCode: string;
  let webhookSecret: string;
  const caseIds = { grooming: '', csam: '', spam: '' };
  let appealPath: string;
  const appellantText = 'I never wrote to anyone under 18; my account was used by someone else.';

  async function newPage(who: Person | 'public'): Promise<Page> {
    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    pages[who] = { page, errors: watchForErrors(page) };
    return page;
  }
  const pageOf = (who: Person | 'public') => {
    const { page } = pages[who];
    onTestFailed(() => screenshot(page, `failure-${who}`));
    return page;
  };
  const signInAs = (who: Person) => signIn(pages[who].page, base, staff[who], t.clock.now());
  const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });
  const report = (body: Record<string, unknown>) => t.app.inject({
    method: 'POST', url: '/v1/reports', headers: { authorization: `Bearer ${platformKey}` }, payload: { goodFaith: true, ...body },
  });

  beforeAll(async () => {
    ensureConsoleBuilt();
    const shots = clearScreenshots('queue');
    for (const [k, v] of Object.entries(testEnv)) {
      savedEnv[k] = process.env[k];
      process.env[k] = v;
    }
    receiver = await startReceiver();
    browser = await launchChromium();
    t = await createTestApp({ serveConsole: true, jobs: true });
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    await expectPublicPathsServed(base);
    console.info(`[trygg] screenshots: ${shots}`);
    for (const [who, p] of Object.entries(people) as [Person, (typeof people)[Person]][]) {
      const { staff: created } = await t.services.staff.create({ type: 'system' }, { ...p, password });
      const secret = newTotpSecret();
      await t.services.auth.presetTwoFactor({ type: 'system' }, created.id, secret);
      staff[who] = { id: created.id, email: p.email, password, secret };
    }
    platformKey = (await t.services.apiKeys.create({ type: 'system' }, 'Community platform', ['events:write', 'reports:write'])).key;
    const born = new Date(t.clock.now());
    born.setUTCFullYear(born.getUTCFullYear() - 41, born.getUTCMonth() - 1);
    const res = await t.app.inject({
      method: 'POST', url: '/v1/events', headers: { authorization: `Bearer ${platformKey}` },
      payload: { events: [{ id: 'reg-groomer-7', type: 'account.registered', occurredAt: t.clock.now().toISOString(), accountId: 'groomer-7', birthDate: born.toISOString().slice(0, 10), displayName: 'Gunnar' }] },
    });
    expect(res.statusCode).toBe(200);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await t?.close();
    await receiver?.close();
    for (const [k, v] of Object.entries(savedEnv)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it('takes a report through the public form, without an account, and shows the receipt code and its status page', async () => {
    const page = await newPage('public');
    receiptCode = await reportThroughPublicForm(page, base);
    expect(pages.public.errors).toEqual([]);
  });

  it('lets an admin add a community rule, a verified trusted flagger with a member, and a webhook endpoint', async () => {
    const page = await newPage('admin');
    await signInAs('admin');
    webhookSecret = await adminSetUp(page, receiver.url);
    expect(pages.admin.errors).toEqual([]);
  });

  it('takes the platform\'s reports through the API: one joins the profile\'s case, others open their own', async () => {
    const responses = await Promise.all([
      report({
        reporterId: 'member-tilde', subject: { type: 'profile', id: 'groomer-7' }, category: 'grooming', relation: 'trusted_flagger',
        explanation: 'Asks several 15-year-olds for pictures and offers Swish money.', evidence: [thumbnail, 'msg-88121'],
      }),
      report({ reporterId: 'member-ulf', subject: { type: 'image', id: 'img-5521' }, category: 'csam', explanation: 'An abuse image in a public album.', evidence: ['image:img-5521'] }),
      report({ reporterId: 'member-ulf', subject: { type: 'account', id: 'spam-bot-3' }, category: 'spam', explanation: 'Posts casino links everywhere.' }),
    ]);
    for (const res of responses) expect(res.statusCode, res.body).toBe(201);
    expect(responses[0]!.json().trustedFlagger).toBe(true);
    const { items } = await t.services.queue.list({ limit: 50 });
    const bySubject = (id: string) => items.find((c) => c.subject.id === id)!;
    caseIds.grooming = bySubject('groomer-7').id;
    caseIds.csam = bySubject('img-5521').id;
    caseIds.spam = bySubject('spam-bot-3').id;
    // The grooming case outranks the single CSAM report here: a trusted flagger and a second reporter raise it.
    expect(items.map((c) => c.id)).toEqual([caseIds.grooming, caseIds.csam, caseIds.spam]);
    expect(bySubject('groomer-7')).toMatchObject({ reporters: 2, trustedFlagger: true, category: 'grooming' });
    // Seventy minutes later the CSAM case (1 hour) is overdue; grooming (4 hours) is not yet.
    t.clock.advance(70 * 60_000);
  });

  it('shows a moderator the queue in priority order with overdue flags and filters, and lets them claim a case', async () => {
    const page = await newPage('mo');
    await signInAs('mo');
    expect(await nav(page).getByRole('link').allTextContents()).toEqual(['Home', 'Queue', 'Appeals', 'Takedown requests', 'Accounts', 'Matches', 'Hash banks', 'Trusted flaggers', 'Policy', 'Rules', 'Try a decision']);
    await nav(page).getByRole('link', { name: 'Queue' }).click();
    const rows = page.locator('table.queue-table tbody tr');
    await page.getByText('Cases shown: 3.').waitFor();
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-case')))).toEqual([caseIds.grooming, caseIds.csam, caseIds.spam]);
    const priorities = (await rows.locator('.priority-value').allTextContents()).map(Number);
    expect(priorities).toEqual([...priorities].sort((a, b) => b - a));
    const csam = page.locator(`tr[data-case="${caseIds.csam}"]`);
    expect(await csam.locator('th').textContent()).toContain('Child sexual abuse material');
    expect(await textOf(csam.getByTestId('overdue'))).toBe('⚠ Overdue'); // in words and a sign, not by colour alone
    expect(await rows.first().getByTestId('overdue').count()).toBe(0);
    expect(await rows.first().textContent()).toContain('Trusted flagger');
    await screenshot(page, 'queue');

    await page.getByLabel('Category').selectOption('child_safety');
    await page.getByText('Cases shown: 2.').waitFor();
    await page.getByLabel('Only overdue cases').check();
    await page.getByText('Cases shown: 1.').waitFor();
    expect(await rows.first().getAttribute('data-case')).toBe(caseIds.csam);
    await page.getByLabel('Only overdue cases').uncheck();
    await page.getByLabel('Category').selectOption('');
    await page.getByText('Cases shown: 3.').waitFor();

    const grooming = page.locator(`tr[data-case="${caseIds.grooming}"]`);
    await grooming.getByRole('button', { name: 'Claim' }).click();
    await page.getByText('Claimed: the case is yours.').waitFor();
    expect(await textOf(grooming.getByTestId('assignee'))).toBe('You');
    await page.getByLabel('Assigned to').selectOption('me');
    await page.getByText('Cases shown: 1.').waitFor();
    await screenshot(page, 'queue-mine');
    await page.getByLabel('Assigned to').selectOption('');
    expect(pages.mo.errors).toEqual([]);
  });

  it('shows a second moderator the case as claimed, and hands them the next most urgent case', async () => {
    const page = await newPage('nina');
    await signInAs('nina');
    await nav(page).getByRole('link', { name: 'Queue' }).click();
    const grooming = page.locator(`tr[data-case="${caseIds.grooming}"]`);
    expect(await textOf(grooming.getByTestId('assignee'))).toBe(`Staff …${staff.mo.id.slice(-6)}`);
    expect(await grooming.getByRole('button', { name: 'Claim' }).count()).toBe(0);
    await screenshot(page, 'queue-second-moderator');
    await page.getByRole('button', { name: 'Take next case' }).click();
    await page.waitForURL(`${base}/console/cases/${caseIds.csam}`);
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toContain('Child sexual abuse material');
    expect(await textOf(page.getByTestId('case-assignee'))).toBe('You');
    expect(await page.locator('figure.evidence-image').getAttribute('data-revealed')).toBe('false');
    await screenshot(page, 'case-taken-next');
    expect(pages.nina.errors).toEqual([]);
  });

  it('shows the case with its timeline and blurred images, and reveals one only after recording it', async () => {
    const page = pageOf('mo');
    await nav(page).getByRole('link', { name: 'Queue' }).click();
    await page.getByRole('link', { name: 'Grooming or sexual contact with a minor' }).click();
    await page.waitForURL(`${base}/console/cases/${caseIds.grooming}`);
    expect(await textOf(page.getByTestId('case-status'))).toBe('In review');
    expect(await page.getByRole('link', { name: 'groomer-7' }).getAttribute('href')).toBe('/console/accounts/groomer-7');
    expect(await page.locator('#case-subject-title + dl').textContent()).toContain('41 (born');

    const timeline = page.locator('ol.timeline > li');
    const times = await timeline.locator('time').evaluateAll((els) => els.map((e) => e.getAttribute('datetime') ?? ''));
    expect(times).toEqual([...times].sort());
    const titles = await timeline.locator('strong').allTextContents();
    expect(titles).toContain('Report from the public form: Grooming or sexual contact with a minor');
    expect(titles).toContain('Report from a trusted flagger: Grooming or sexual contact with a minor');
    expect(titles).toContain('Claimed (You)');

    const image = page.locator(`figure[data-ref="${thumbnail}"]`);
    const filter = () => image.locator('img').evaluate((img) => getComputedStyle(img).filter);
    expect(await image.getAttribute('class')).toContain('is-blurred');
    expect(await filter()).toMatch(/blur\(.+\).*grayscale\(1\)/);
    expect(await page.locator('figure.evidence-image').count()).toBe(3); // the id, the CDN link and the thumbnail
    expect(await t.services.audit.list({ type: 'evidence.revealed', limit: 50 })).toEqual([]);
    await screenshot(page, 'case-blurred');

    await image.getByRole('button', { name: 'Reveal' }).click();
    await page.locator(`figure[data-ref="${thumbnail}"][data-revealed="true"]`).waitFor();
    expect(await filter()).toBe('none');
    const reveals = await t.services.audit.list({ type: 'evidence.revealed', limit: 50 });
    expect(reveals).toHaveLength(1);
    expect(reveals[0]).toMatchObject({ actorId: staff.mo.id, subjectType: 'case', subjectId: caseIds.grooming, payload: { ref: thumbnail } });
    expect(await page.locator(`figure[data-ref="image:ph-7f3a91"]`).getAttribute('data-revealed')).toBe('false');

    await page.getByRole('button', { name: 'Add a note' }).click();
    await page.getByLabel('Note', { exact: true }).fill('Same pattern as last week: Snapchat and Swish.');
    await page.getByRole('button', { name: 'Save the note' }).click();
    await page.getByText('Note by You').waitFor();
    await screenshot(page, 'case-revealed');
    expect(pages.mo.errors).toEqual([]);
  });

  it('removes the content with a rule and a reason, and shows the statement of reasons', async () => {
    const page = pageOf('mo');
    const panel = page.locator('section.action-panel');
    await panel.getByRole('radio', { name: 'Remove the content' }).check();
    await panel.getByLabel('Community rule').selectOption({ label: 'minors.sexual-contact: No sexual contact with minors' });
    await panel.getByLabel('Reason').fill('The profile asked a 14-year-old for pictures and to continue on Snapchat.');
    await panel.getByRole('button', { name: 'Remove the content' }).click();
    expect(await textOf(page.getByTestId('action-outcome'))).toContain('Content removed. The case is now: Resolved.');
    await page.getByTestId('case-status').filter({ hasText: 'Resolved' }).waitFor();

    const decision = page.locator('li.decision-item[data-action="remove"]');
    expect(await textOf(decision.locator('h3'))).toBe('Content removed In force');
    const statement = decision.locator('.statement');
    const text = await textOf(statement);
    for (const expected of ['Content removed', 'Illegal content', 'Brottsbalken 6 kap. 10 a §', 'Protection of minors', 'A notice from a trusted flagger', 'The whole EU/EEA']) {
      expect(text).toContain(expected);
    }
    expect(await statement.locator('.statement-facts').textContent()).toContain('asked a 14-year-old for pictures');
    appealPath = (await statement.getByRole('link', { name: /public page/ }).getAttribute('href'))!;
    expect(appealPath).toMatch(/^\/appeal\/[A-Za-z0-9_-]{16,64}$/);
    await screenshot(page, 'case-decided');
    expect(await t.services.actions.reportStatus(receiptCode)).toMatchObject({ status: 'decided', outcome: 'upheld' });
    expect(pages.mo.errors).toEqual([]);
  });

  it('holds a child-safety dismissal for a second senior moderator, who rejects it and reopens the case', async () => {
    const page = pageOf('nina'); // on the CSAM case she took with "Take next case"
    const panel = page.locator('section.action-panel');
    await panel.getByRole('radio', { name: 'Dismiss' }).check();
    expect(await textOf(page.getByTestId('four-eyes-note'))).toContain('a second, different senior moderator confirms it');
    await panel.getByLabel('Community rule').selectOption({ label: 'minors.sexual-contact: No sexual contact with minors' });
    await panel.getByLabel('Reason').fill('The person in the image looks adult.');
    await panel.getByRole('button', { name: 'Dismiss the case' }).click();
    await page.getByTestId('case-status').filter({ hasText: 'Waiting' }).waitFor();
    const waiting = page.locator('li.decision-item[data-status="pending_second_review"]');
    expect(await textOf(waiting.getByRole('note'))).toContain('You proposed it, so another senior moderator must review it.');
    expect(await page.locator('section.action-panel').count()).toBe(0); // nothing else is decided while it waits
    await screenshot(page, 'four-eyes-waiting');

    const senior = await newPage('sam');
    await signInAs('sam');
    await senior.goto(`${base}/console/cases/${caseIds.csam}`);
    const review = senior.locator('li.decision-item[data-status="pending_second_review"]');
    expect(await textOf(review.getByRole('note'))).toContain(`Dismissal proposed by Staff …${staff.nina.id.slice(-6)}.`);
    await review.getByLabel('Note or reason').fill('Reviewed the image: the person is a child. This is not dismissed.');
    await screenshot(senior, 'four-eyes-review');
    await review.getByRole('button', { name: 'Reject the dismissal' }).click();
    await senior.getByTestId('case-status').filter({ hasText: 'Open' }).waitFor();
    expect(await textOf(senior.locator('li.decision-item[data-action="dismiss"] h3'))).toBe('Dismissed: no breach Rejected by the second reviewer');
    await senior.locator('section.action-panel').waitFor(); // the case can be decided again
    expect(pages.nina.errors).toEqual([]);
    expect(pages.sam.errors).toEqual([]);
  });

  it('shows the reporter the outcome by receipt code, and the member the statement with an appeal form', async () => {
    const page = pageOf('public');
    await page.goto(`${base}/report/status/${receiptCode}`);
    expect(await textOf(page.getByTestId('report-state'))).toBe('Decided');
    expect(await textOf(page.getByTestId('report-outcome'))).toBe('Upheld: the community acted on your report');
    await screenshot(page, 'report-status-decided');
    await page.getByLabel('Language').selectOption('nb');
    await page.getByRole('heading', { level: 1, name: 'Følg en rapport' }).waitFor();
    await page.getByLabel('Språk').selectOption('en');

    await page.goto(`${base}${appealPath}`);
    await page.getByRole('heading', { level: 2, name: 'Content removed' }).waitFor();
    expect(await page.locator('.statement').textContent()).toContain('asked a 14-year-old for pictures');
    expect(await page.locator('main').textContent()).not.toContain('groomer-7'); // no personal data on the public page
    await screenshot(page, 'appeal-page');
    await page.getByLabel('Why is the decision wrong?').fill(appellantText);
    await page.getByRole('button', { name: 'Send the appeal' }).click();
    await page.getByText('Being reviewed by someone who did not take the decision.').waitFor();
    await screenshot(page, 'appeal-sent');
    expect(pages.public.errors).toEqual([]);
  });

  it('pages through a long queue with "More" (keyset paging)', async () => {
    const page = pageOf('mo');
    const reports = Array.from({ length: 26 }, (_, i) => report({
      reporterId: `member-${i}`, subject: { type: 'account', id: `spammer-${i}` }, category: 'spam', explanation: 'Casino links.',
    }));
    for (const res of await Promise.all(reports)) expect(res.statusCode).toBe(201);
    await nav(page).getByRole('link', { name: 'Queue' }).click();
    await page.getByText('Cases shown: 25. There are more.').waitFor();
    await page.getByRole('button', { name: 'More' }).click();
    await page.getByText('Cases shown: 28.').waitFor(); // 26 new, the spam case and the reopened CSAM case; the grooming case is resolved
    const ids = await page.locator('table.queue-table tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-case')));
    expect(new Set(ids).size).toBe(28);
    expect(await page.getByRole('button', { name: 'More' }).count()).toBe(0);
    expect(pages.mo.errors).toEqual([]);
  });

  it('shows the admin the signed deliveries with their attempts, redelivers one, and the flagger\'s accuracy', async () => {
    const page = pageOf('admin');
    await signInAs('admin'); // seventy minutes later: the earlier session has idled out
    await adminChecksDeliveries(page, receiver.received, webhookSecret);
    expect(pages.admin.errors).toEqual([]);
  });

  it('refuses the appeal to the moderator who took the decision, and to a moderator who is not senior (child safety)', async () => {
    await appealRefused(
      pageOf('mo'), 'You took this decision, so someone else must decide the appeal.',
      'Refused: an appeal is decided by someone who did not take the decision, and you took it.', 'appeal-refused-decider',
    );
    await appealRefused(
      pageOf('nina'), 'This is a child-safety category: only a senior moderator can decide the appeal.',
      'Refused: appeals in child-safety categories are decided by a senior moderator.', 'appeal-refused-not-senior',
    );
    expect(pages.mo.errors).toEqual([]);
    expect(pages.nina.errors).toEqual([]);
  });

  it('lets a second reviewer, a senior moderator, reverse it on the Appeals page; the case shows it reversed and the platform gets a signed action.reversed', async () => {
    await seniorReversesAppeal(pageOf('sam'), { base, caseId: caseIds.grooming, appellantText, received: receiver.received, secret: webhookSecret });
    const page = pageOf('public');
    await page.goto(`${base}${appealPath}`);
    await page.getByText('Decision reversed: the reviewer found that the decision was wrong, and it has been undone.').waitFor();
    await screenshot(page, 'appeal-page-reversed');
    expect(pages.sam.errors).toEqual([]);
    expect(pages.public.errors).toEqual([]);
  });
});

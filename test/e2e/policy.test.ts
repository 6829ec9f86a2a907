import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { newTotpSecret, totpCode } from '../../src/modules/staff/totp.js';
import { createTestApp, type TestApp } from '../support/app.js';
import {
  CHROMIUM, chromiumInstalled, clearScreenshots, e2eRequired, ensureConsoleBuilt, launchChromium, screenshot, textOf, watchForErrors,
} from './browser.js';

const runs = chromiumInstalled || e2eRequired;
if (!runs) {
  console.warn(`[trygg] browser test skipped: ${CHROMIUM} is missing (apt-get install chromium); TRYGG_REQUIRE_E2E=1 makes this a failure.`);
}

const admin = { email: 'petra@example.test', password: 'correct horse battery staple', displayName: 'Petra Policy' };

describe.skipIf(!runs)('policy, "try a decision" and the account page in a real browser', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let adminId: string;

  /** A birth date `years` years and a month ago: far from any birthday, whatever the time zone. */
  const bornYearsAgo = (years: number): string => {
    const d = new Date(t.clock.now());
    d.setUTCFullYear(d.getUTCFullYear() - years);
    d.setUTCDate(d.getUTCDate() - 30);
    return d.toISOString().slice(0, 10);
  };
  const minutesAgo = (minutes: number): string => new Date(t.clock.now().getTime() - minutes * 60_000).toISOString();

  /** Sends community events as the platform does: POST /v1/events with an events:write key. */
  let platformKey: string;
  async function sendEvents(events: Record<string, unknown>[]): Promise<void> {
    const res = await t.app.inject({ method: 'POST', url: '/v1/events', headers: { authorization: `Bearer ${platformKey}` }, payload: { events } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ accepted: events.length, rejected: [] });
  }
  const registered = (accountId: string, age: number, displayName: string) => ({
    id: `reg-${accountId}`, type: 'account.registered', occurredAt: minutesAgo(600), accountId, birthDate: bornYearsAgo(age), displayName,
  });

  const nav = () => page.getByRole('navigation', { name: 'Main' });

  beforeAll(async () => {
    ensureConsoleBuilt();
    const shots = clearScreenshots('policy');
    browser = await launchChromium();
    t = await createTestApp({ serveConsole: true });
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    console.info(`[trygg] screenshots: ${shots}`);

    // An admin enrolled in two-factor, as after their first sign-in.
    const { staff } = await t.services.staff.create({ type: 'system' }, { ...admin, role: 'admin' });
    adminId = staff.id;
    const secret = newTotpSecret();
    await t.services.auth.presetTwoFactor({ type: 'system' }, adminId, secret);

    platformKey = (await t.services.apiKeys.create({ type: 'system' }, 'Community platform', ['events:write'])).key;
    await sendEvents([
      registered('dec-adult', 40, 'Anders'),
      registered('dec-teen', 15, 'Tilde'),
      registered('groomer-1', 41, 'Gustav'),
      { id: 'verify-groomer-1', type: 'account.age_verified', occurredAt: minutesAgo(500), accountId: 'groomer-1', method: 'bankid' },
      ...[15, 16, 17, 15, 16].map((age, i) => registered(`minor-${i + 1}`, age, `Minor ${i + 1}`)),
    ]);
    // One adult first-contacts five different minors within the hour: the 24-hour signal's threshold.
    await sendEvents([1, 2, 3, 4, 5].map((i) => ({
      id: `contact-${i}`, type: 'contact.attempted', occurredAt: minutesAgo(60 - i * 10), from: 'groomer-1', to: `minor-${i}`, kind: 'message',
    })));

    context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    errors = watchForErrors(page);

    await page.goto(`${base}/console/policy`);
    await page.getByLabel('E-mail address').fill(admin.email);
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Six-digit code').fill(totpCode(secret, t.clock.now()));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { level: 1, name: 'Contact policy' }).waitFor();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await t?.close();
  });

  it('shows the policy in force, refuses an invalid age gap at the field, and saves version 1 after showing the diff', async () => {
    onTestFailed(() => screenshot(page, 'failure'));
    expect(await nav().getByRole('link').allTextContents())
      .toEqual(['Home', 'Queue', 'Appeals', 'Takedown requests', 'Accounts', 'Matches', 'Hash banks', 'Trusted flaggers', 'Policy', 'Rules', 'Try a decision', 'Audit log', 'Message access', 'Staff', 'API keys', 'Webhooks']);
    expect(await textOf(page.getByText(/^The built-in defaults \(version 0\) are in force/))).toContain('no admin has saved a policy yet');
    const maxYears = page.locator('[data-setting="ageGap.maxYears"]');
    expect(await textOf(maxYears.locator('.setting-value'))).toBe('5 years');
    expect(await maxYears.textContent()).toContain('may not open contact with the minor');
    expect(await textOf(page.locator('[data-setting="media.adultToMinor"] .setting-value'))).toBe('Denied');
    await screenshot(page, 'policy-view');

    // Out of range: the server refuses, and the error lands beside the age-gap field and in the summary.
    await page.getByRole('button', { name: 'Edit the policy' }).click();
    const gap = page.getByLabel('Largest allowed age gap');
    expect(await gap.inputValue()).toBe('5');
    await gap.fill('99');
    await page.getByRole('button', { name: 'Review changes' }).click();
    await page.getByRole('heading', { name: 'Changes against version 0' }).waitFor();
    await page.getByRole('button', { name: 'Save version 1' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'The policy was not saved' });
    expect(await textOf(summary)).toContain('Largest allowed age gap: Enter a whole number from 0 to 30.');
    expect(await gap.getAttribute('aria-invalid')).toBe('true');
    expect(await textOf(page.locator('.field-invalid .field-error'))).toBe('Enter a whole number from 0 to 30.');
    await screenshot(page, 'policy-invalid');

    // The age gap to 3 years: the diff against version 0 first, then save with a comment.
    await gap.fill('3');
    await page.getByRole('button', { name: 'Review changes' }).click();
    await page.getByRole('heading', { name: 'Changes against version 0' }).waitFor();
    const rows = page.locator('table.changes tbody tr');
    expect(await rows.count()).toBe(1);
    expect(await textOf(rows.first())).toMatch(/Largest allowed age gap.*ageGap\.maxYears.*5 years.*3 years/);
    await page.getByLabel('Comment (optional)').fill('Tighter age gap after the journalists\' test');
    await screenshot(page, 'policy-diff');
    await page.getByRole('button', { name: 'Save version 1' }).click();
    expect(await textOf(page.getByRole('status').filter({ hasText: 'Version 1' }))).toBe('Version 1 is saved and now in force.');
    expect(await textOf(page.locator('[data-setting="ageGap.maxYears"] .setting-value'))).toBe('3 years');
    expect(await textOf(page.getByText(/^Version 1 is in force/))).toContain(`by ${admin.displayName} (you)`);
    const stored = await t.services.policies.current();
    expect(stored).toMatchObject({ version: 1, comment: 'Tighter age gap after the journalists\' test' });
    expect(stored.document.ageGap.maxYears).toBe(3);

    // History: newest first, each version with who, when, why and what changed.
    const history = page.locator('ol.history > li');
    await expect.poll(() => history.locator('h3').allTextContents()).toEqual(['Version 1', 'Version 0']);
    const v1 = history.first();
    expect(await v1.textContent()).toContain(`by ${admin.displayName} (you)`);
    expect(await v1.textContent()).toContain('Tighter age gap after the journalists\' test');
    expect(await textOf(v1.locator('table.changes tbody tr'))).toMatch(/Largest allowed age gap.*5 years.*3 years/);
    expect(await history.nth(1).textContent()).toContain('The built-in defaults');
    await page.getByText('No older versions.').waitFor();
    await screenshot(page, 'policy-saved-history');
  });

  it('tries decisions by ages: 35 to 16 is denied by the age gap, allowed once the younger wrote first', async () => {
    onTestFailed(() => screenshot(page, 'failure'));
    await nav().getByRole('link', { name: 'Try a decision' }).click();
    await page.getByRole('heading', { level: 1, name: 'Try a decision' }).waitFor();
    expect(await page.getByRole('radio', { name: 'Two ages' }).isChecked()).toBe(true);
    await page.getByLabel("Sender's age").fill('35');
    await page.getByLabel("Recipient's age").fill('16');
    expect(await page.getByLabel('Kind of contact').inputValue()).toBe('message');
    await page.getByRole('button', { name: 'Decide' }).click();
    const decision = page.getByTestId('decision');
    expect(await textOf(decision.getByTestId('verdict'))).toBe('✕Denied');
    expect(await textOf(decision.getByTestId('rule'))).toBe('age-gap');
    expect(await decision.textContent()).toContain('The sender is more than the allowed number of years older than the minor');
    expect(await textOf(decision.getByTestId('policy-version'))).toBe('1');
    const recipient = decision.getByRole('row', { name: /^Recipient/ });
    expect((await recipient.locator('td').allTextContents()).slice(0, 3)).toEqual(['simulated', '16', 'Yes']);
    await screenshot(page, 'decision-ages-denied');

    await page.getByLabel('The younger member has already written').check();
    await page.getByRole('button', { name: 'Decide' }).click();
    expect(await textOf(decision.getByTestId('verdict'))).toBe('✓Allowed');
    expect(await textOf(decision.getByTestId('rule'))).toBe('age-gap-younger-opened');
    expect(await decision.textContent()).toContain('The younger member wrote first, so the conversation is open.');
    await screenshot(page, 'decision-ages-allowed');

    // A gap of exactly 3 years is within the policy just saved; a buff across a wider gap is allowed.
    await page.getByLabel('The younger member has already written').uncheck();
    await page.getByLabel("Sender's age").fill('19');
    await page.getByRole('button', { name: 'Decide' }).click();
    await expect.poll(() => decision.getByTestId('rule').textContent()).toBe('no-restriction');
    await page.getByLabel("Sender's age").fill('35');
    await page.getByLabel('Kind of contact').selectOption('buff');
    await page.getByRole('button', { name: 'Decide' }).click();
    await expect.poll(() => decision.getByTestId('rule').textContent()).toBe('age-gap-buff-allowed');
    expect(await textOf(decision.getByTestId('verdict'))).toBe('✓Allowed');
  });

  it('tries decisions between real accounts, including one Trygg has never seen', async () => {
    onTestFailed(() => screenshot(page, 'failure'));
    await page.getByRole('radio', { name: 'Two accounts' }).check();
    await page.getByLabel('Kind of contact').selectOption('message');
    await page.getByLabel("Sender's account id").fill('dec-adult');
    await page.getByLabel("Recipient's account id").fill('dec-teen');
    await page.getByRole('button', { name: 'Decide' }).click();
    const decision = page.getByTestId('decision');
    expect(await textOf(decision.getByTestId('verdict'))).toBe('✕Denied');
    expect(await textOf(decision.getByTestId('rule'))).toBe('age-gap');
    const cells = async (name: RegExp) => (await decision.getByRole('row', { name }).locator('td').allTextContents()).slice(0, 3);
    expect(await cells(/^Sender/)).toEqual(['dec-adult', '40', 'No']);
    expect(await cells(/^Recipient/)).toEqual(['dec-teen', '15', 'Yes']);
    await screenshot(page, 'decision-accounts-denied');

    // The minor may open the conversation.
    await page.getByLabel("Sender's account id").fill('dec-teen');
    await page.getByLabel("Recipient's account id").fill('dec-adult');
    await page.getByRole('button', { name: 'Decide' }).click();
    await expect.poll(() => decision.getByTestId('rule').textContent()).toBe('age-gap-younger-may-open');
    expect(await textOf(decision.getByTestId('verdict'))).toBe('✓Allowed');

    // An unknown account is treated as the policy says (a minor, by default), and the answer says so.
    await page.getByLabel("Sender's account id").fill('dec-adult');
    await page.getByLabel("Recipient's account id").fill('nobody-here');
    await page.getByRole('button', { name: 'Decide' }).click();
    await expect.poll(() => decision.getByTestId('rule').textContent()).toBe('age-gap');
    expect(await textOf(decision.getByRole('listitem').filter({ hasText: 'nobody-here' })))
      .toBe('"nobody-here" is not known to Trygg; the policy says: Treat as a minor.');

    // The same account twice: the error sits at the field, in words.
    await page.getByLabel("Recipient's account id").fill('dec-adult');
    await page.getByRole('button', { name: 'Decide' }).click();
    await page.getByText('Choose two different accounts: a member cannot contact themselves.').waitFor();
    expect(await page.getByLabel("Recipient's account id").getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'decision-accounts-self');
  });

  it("opens the account page of an adult who tripped a signal: the signal with its evidence, and the case", async () => {
    onTestFailed(() => screenshot(page, 'failure'));
    const evaluation = await t.services.signals.evaluate('groomer-1');
    expect(evaluation.findings.map((f) => f.kind)).toContain('minor-first-contacts-24h');
    expect(evaluation.caseId).not.toBeNull();

    await nav().getByRole('link', { name: 'Accounts' }).click();
    await page.getByLabel('Platform account id').fill('groomer-1');
    await page.getByRole('button', { name: 'Look up' }).click();
    await page.getByRole('heading', { level: 2, name: 'Gustav' }).waitFor();
    expect(page.url()).toBe(`${base}/console/accounts/groomer-1`);
    const facts = await textOf(page.locator('section[aria-labelledby="account-title"] dl'));
    expect(facts).toContain('41 (born');
    expect(facts).toContain('Verified (bankid)');
    expect(facts).toContain('RestrictionNone');
    expect(await textOf(page.locator('[data-stat="minorsFirstContacted24h"] .stat-value'))).toBe('5');
    expect(await textOf(page.locator('[data-stat="minorsContacted"] .stat-value'))).toBe('5');

    const signal = page.locator('[data-signal="minor-first-contacts-24h"]');
    expect(await textOf(signal.locator('h3'))).toBe('Threshold crossed Many minors first contacted within 24 hours');
    expect(await signal.textContent()).toContain('Measured 5; threshold 5');
    const evidence = signal.locator('details');
    expect(await evidence.locator('table').isVisible()).toBe(false); // folded until asked for
    await evidence.getByText('Evidence (5)').click();
    expect(await evidence.locator('tbody tr td:first-child').allTextContents()).toEqual(['minor-1', 'minor-2', 'minor-3', 'minor-4', 'minor-5']);
    expect(await evidence.textContent()).toContain('24 hours');

    const theCase = page.locator(`[data-case="${evaluation.caseId}"]`);
    expect(await textOf(theCase.locator('h3'))).toBe('Grooming or sexual contact with a minor Open');
    expect(await theCase.textContent()).toMatch(/Priority \d+/);
    expect(await theCase.locator('.case-items > li strong').allTextContents()).toContain('Many minors first contacted within 24 hours');
    await theCase.getByText('Evidence (5)').first().click();
    expect(await theCase.locator('details[open] tbody tr').count()).toBe(5);
    await screenshot(page, 'account-signal-case');

    // Each minor in the evidence links to their own page: a minor has no signals and no cases.
    await evidence.getByRole('link', { name: 'minor-3' }).click();
    await page.getByRole('heading', { level: 2, name: 'Minor 3' }).waitFor();
    expect(page.url()).toBe(`${base}/console/accounts/minor-3`);
    expect(await page.getByLabel('Platform account id').inputValue()).toBe('minor-3');
    await page.getByText('No signal threshold is crossed.').waitFor();
    await page.getByText('No cases about this member.').waitFor();

    // An id Trygg has never seen.
    await page.getByLabel('Platform account id').fill('nobody-here');
    await page.getByRole('button', { name: 'Look up' }).click();
    expect(await textOf(page.getByRole('status').filter({ hasText: 'No account' }))).toBe('No account with the id "nobody-here".');
    await screenshot(page, 'account-unknown');
  });

  it('pages back through a long history with "Older versions", in Swedish', async () => {
    onTestFailed(() => screenshot(page, 'failure'));
    // Eleven more versions, saved through the service as an admin would through the API.
    for (let minutes = 61; minutes <= 71; minutes++) {
      const { document } = await t.services.policies.current();
      await t.services.policies.save({ type: 'staff', id: adminId }, { ...document, signals: { ...document.signals, buffBurstMinutes: minutes } }, `Window ${minutes}`);
    }
    await nav().getByRole('link', { name: 'Policy' }).click();
    await page.getByLabel('Language').selectOption('sv');
    await page.getByRole('heading', { level: 1, name: 'Kontaktpolicy' }).waitFor();
    const titles = page.locator('ol.history > li h3');
    await expect.poll(() => titles.count()).toBe(10);
    expect(await titles.first().textContent()).toBe('Version 12');
    expect(await textOf(page.locator('ol.history > li').first().locator('table.changes tbody tr')))
      .toMatch(/Tidsfönster för en skur \(minuter\).*70 minuter.*71 minuter/);
    await page.getByRole('button', { name: 'Äldre versioner' }).click();
    await page.getByText('Inga äldre versioner.').waitFor();
    expect(await titles.allTextContents()).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0].map((v) => `Version ${v}`));
    await screenshot(page, 'policy-history-sv');
    await page.getByLabel('Språk').selectOption('en');
    expect(errors).toEqual([]);
  });
});

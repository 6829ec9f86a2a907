import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { chromiumInstalled, clearScreenshots, e2eRequired, ensureConsoleBuilt, launchChromium, screenshot, textOf, watchForErrors } from './browser.js';

const runs = chromiumInstalled || e2eRequired;
if (!runs) console.warn('[trygg] browser test skipped: /usr/bin/chromium is missing (apt-get install chromium); TRYGG_REQUIRE_E2E=1 makes this a failure.');

// A public reporter whose report was dismissed appeals on the status page (DSA Art. 20), and sees
// the outcome there once a different reviewer has decided.
describe.skipIf(!runs)('a reporter appeals a decision not to act, on the public status page', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let receiptCode: string;
  let appealId: string;
  const reviewer = (id: string) => ({ id, role: 'moderator' as const, twoFactor: true });
  let first: string;
  let second: string;

  beforeAll(async () => {
    ensureConsoleBuilt();
    const shots = clearScreenshots('reporter-appeal');
    browser = await launchChromium();
    t = await createTestApp({ serveConsole: true });
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    console.info(`[trygg] screenshots: ${shots}`);
    const password = 'correct horse battery staple';
    first = (await t.services.staff.create({ type: 'system' }, { email: 'first@example.test', role: 'moderator', password })).staff.id;
    second = (await t.services.staff.create({ type: 'system' }, { email: 'second@example.test', role: 'moderator', password })).staff.id;
    const rule = await t.services.actions.createRule({ type: 'system' }, {
      code: 'respect', title: 'Respect others', description: 'No sexual harassment.', ground: 'DECISION_GROUND_INCOMPATIBLE_CONTENT',
    });
    const receipt = await t.services.reports.submitPublic({
      subject: { type: 'account', id: 'member-42' }, category: 'sexual_harassment', goodFaith: true, evidence: ['message:m-9'],
      explanation: 'He keeps sending me sexual messages after I said no.',
    });
    receiptCode = receipt.receiptCode;
    const caseId = (await t.services.cases.forSubject('account', 'member-42'))[0]!.id;
    await t.services.actions.takeAction(reviewer(first), caseId, { action: 'dismiss', ruleId: rule.id, reason: 'Mutual flirting between adults.' });
    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    errors = watchForErrors(page);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('offers the appeal form with its deadline, and takes the appeal', async () => {
    await page.goto(`${base}/report/status/${receiptCode}`);
    expect(await textOf(page.getByTestId('report-outcome'))).toBe('Not upheld: the community found no breach of its rules');
    await page.getByRole('heading', { level: 2, name: 'Appeal the decision' }).waitFor();
    expect(await page.locator('section[aria-labelledby="reporter-appeal-title"]').textContent()).toMatch(/you may appeal free of charge until/);
    await page.getByRole('button', { name: 'Send the appeal' }).click();
    await page.getByText('Write why the decision should be changed.').waitFor();
    await page.getByLabel('Why should the decision be changed?').fill('I said no twice and he kept writing.');
    await screenshot(page, 'status-appeal-form');
    await page.getByRole('button', { name: 'Send the appeal' }).click();
    await page.getByTestId('reporter-appeal').waitFor();
    expect(await textOf(page.getByTestId('reporter-appeal-status'))).toBe('Received: a reviewer who did not take the decision will look at it');
    expect(await page.getByRole('button', { name: 'Send the appeal' }).count()).toBe(0);
    const [appeal] = (await t.services.actions.listAppeals('open', undefined, 10)).items;
    expect(appeal).toMatchObject({ appellant: 'reporter', channel: 'public', action: 'dismiss' });
    appealId = appeal!.id;
    await screenshot(page, 'status-appeal-received');
  });

  it('shows the reversal by a different reviewer, in Swedish too', async () => {
    await t.services.actions.decideAppeal(reviewer(second), appealId, { outcome: 'reversed', reason: 'The messages continued after a clear no.' });
    await page.reload();
    expect(await textOf(page.getByTestId('reporter-appeal-status'))).toBe('Accepted: your report will be decided again');
    expect(await page.getByTestId('reporter-appeal').textContent()).toContain('The messages continued after a clear no.');
    expect(await textOf(page.getByTestId('report-state'))).toBe('Received, not yet decided');
    await page.getByLabel('Language').selectOption('sv');
    await page.getByText('Bifallet: din anmälan prövas på nytt').waitFor();
    await screenshot(page, 'status-appeal-reversed-sv');
    expect(errors).toEqual([]);
  });
});

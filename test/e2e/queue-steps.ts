// The longer steps of the queue browser test, one function each: the public form, the admin's
// set-up (rule, trusted flagger, webhook endpoint), the admin's delivery log afterwards, and the appeal's decision.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { waitFor } from '../support/jobs.js';
import { screenshot, textOf } from './browser.js';
import { signatureValid, type Received } from './queue-support.js';

const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

/** A parent reports a profile through the public form (no account) and follows it by receipt code; returns the code. */
export async function reportThroughPublicForm(page: Page, base: string): Promise<string> {
  await page.goto(`${base}/`);
  await page.locator('#report').getByRole('link', { name: 'Make a report' }).click();
  await page.getByRole('heading', { level: 1, name: 'Make a report' }).waitFor();
  expect(page.url()).toBe(`${base}/report`);
  // Child safety first, each category in plain words; name and e-mail plainly optional.
  const categories = page.locator('input[name="category"]');
  expect(await categories.evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value).slice(0, 4)))
    .toEqual(['csam', 'grooming', 'minor_selling_sexual_content', 'underage_member']);
  expect(await page.getByRole('radio', { name: 'Child sexual abuse material' }).getAttribute('aria-describedby')).toBe('category-csam-description');
  expect(await page.getByText('Your name and e-mail address are optional.').textContent()).toContain('You never have to give them to report child sexual abuse.');

  // Sent empty: every missing answer is listed at the top, in the reader's language, and linked to its field.
  await page.getByRole('button', { name: 'Send the report' }).click();
  const summary = page.getByRole('alert').filter({ hasText: 'The report was not sent' });
  expect(await summary.getByRole('link').allTextContents()).toEqual([
    'Link, name or id: Say which account, profile, message or image: a link, a name or an id.',
    'Kind of problem: Choose the kind of problem.',
    'Explanation: Explain what happened.',
    'Good-faith statement: Tick the box to confirm that you make the report in good faith.',
  ]);
  await screenshot(page, 'report-form-invalid');

  await page.getByRole('radio', { name: 'A profile' }).check();
  await page.getByLabel('A link to the profile, or the profile name').fill('groomer-7');
  await page.getByRole('radio', { name: 'Grooming or sexual contact with a minor' }).check();
  await page.getByLabel('Explain why it is wrong').fill('He asked my 14-year-old daughter for pictures and to move to Snapchat.');
  await page.getByLabel('Where exactly? (optional)').fill('Private messages, last night around 22:00');
  await page.getByLabel('Evidence references (optional)').fill('image:ph-7f3a91\nhttps://cdn.community.example/u/groomer-7/photo-2.jpg');
  await page.getByLabel('How are you connected to this? (optional)').selectOption('parent_or_guardian');
  await page.getByLabel(/^I confirm that what I have written is correct/).check();
  // The same form in Swedish, with what was typed kept.
  await page.getByLabel('Language').selectOption('sv');
  await page.getByRole('heading', { level: 1, name: 'Gör en anmälan' }).waitFor();
  expect(await page.getByLabel('Förklara varför det är fel').inputValue()).toContain('14-year-old');
  await screenshot(page, 'report-form-sv');
  await page.getByLabel('Språk').selectOption('en');
  await page.getByRole('button', { name: 'Send the report' }).click();

  await page.getByRole('heading', { name: 'Thank you. Your report has been received.' }).waitFor();
  const receiptCode = await textOf(page.getByTestId('receipt-code'));
  expect(receiptCode).toMatch(/^[A-Za-z0-9_-]{16}$/);
  await page.getByRole('heading', { name: 'Where to get support' }).waitFor();
  await screenshot(page, 'report-receipt');
  await page.getByRole('link', { name: 'See the status of your report' }).click();
  expect(page.url()).toBe(`${base}/report/status/${receiptCode}`);
  expect(await textOf(page.getByTestId('report-state'))).toBe('Received, not yet decided');
  await screenshot(page, 'report-status-received');
  return receiptCode;
}

/** The admin adds a community rule, a verified trusted flagger with a member, and a webhook endpoint; returns its secret. */
export async function adminSetUp(page: Page, receiverUrl: string): Promise<string> {
  expect(await nav(page).getByRole('link').allTextContents()).toEqual([
    'Home', 'Queue', 'Appeals', 'Takedown requests', 'Accounts', 'Matches', 'Hash banks', 'Trusted flaggers', 'Policy', 'Rules', 'Try a decision', 'Audit log', 'Message access', 'Staff', 'API keys', 'Webhooks',
  ]);
  await nav(page).getByRole('link', { name: 'Rules' }).click();
  await page.getByLabel('Code', { exact: true }).fill('minors.sexual-contact');
  await page.getByLabel('Title', { exact: true }).fill('No sexual contact with minors');
  await page.getByLabel('Description', { exact: true }).fill('Members may not seek sexual contact with, or sexual images from, anyone under 18.');
  await page.getByLabel('Ground').selectOption('DECISION_GROUND_ILLEGAL_CONTENT');
  await page.getByLabel('Law relied on').fill('Brottsbalken 6 kap. 10 a §');
  await page.getByRole('button', { name: 'Add the rule' }).click();
  await page.locator('[data-rule="minors.sexual-contact"]').waitFor();

  await nav(page).getByRole('link', { name: 'Trusted flaggers' }).click();
  await page.getByLabel('Organisation', { exact: true }).fill('Nätvandrarna Söder');
  await page.getByLabel('Contact e-mail address (optional)').fill('kontakt@natvandrarna.example');
  await page.getByRole('button', { name: 'Add the organisation' }).click();
  const org = page.getByRole('row').filter({ hasText: 'Nätvandrarna Söder' });
  expect(await textOf(org.locator('.tag'))).toBe('Not verified');
  await org.getByRole('button', { name: 'Verify' }).click();
  await org.locator('.tag', { hasText: 'Verified' }).waitFor();
  await org.getByLabel('Member account id').fill('member-tilde');
  await org.getByRole('button', { name: 'Add member' }).click();
  await org.getByText('member-tilde added.').waitFor();
  expect(await org.locator('td').nth(1).textContent()).toBe('1');
  await screenshot(page, 'trusted-flaggers');

  await nav(page).getByRole('link', { name: 'Webhooks' }).click();
  await page.getByLabel('URL', { exact: true }).fill(receiverUrl);
  await page.getByLabel('Description (optional)').fill('Community platform, production');
  await page.getByRole('checkbox', { name: /^action\.taken/ }).check();
  await page.getByRole('checkbox', { name: /^statement\.issued/ }).check();
  await page.getByRole('checkbox', { name: /^action\.reversed/ }).check();
  await page.getByRole('button', { name: 'Add the endpoint' }).click();
  const webhookSecret = await textOf(page.getByTestId('webhook-secret'));
  expect(webhookSecret).toMatch(/^whsec_/);
  await screenshot(page, 'webhook-created');
  await page.getByRole('button', { name: 'I have saved it' }).click();
  const endpoint = page.getByRole('row').filter({ hasText: receiverUrl });
  await endpoint.getByRole('button', { name: 'Switch off' }).click();
  await endpoint.getByRole('group').getByRole('button', { name: 'Switch off' }).click();
  await endpoint.locator('.tag', { hasText: 'Off' }).waitFor();
  await endpoint.getByRole('button', { name: 'Switch on' }).click();
  // Exact: a plain 'On' would also match event-type tags such as action.taken.
  await endpoint.locator('.tag', { hasText: /^On$/ }).waitFor();
  return webhookSecret;
}

/** The admin sees the signed deliveries with their attempts, redelivers one, and the flagger's accuracy. */
export async function adminChecksDeliveries(page: Page, received: readonly Received[], secret: string): Promise<void> {
  await nav(page).getByRole('link', { name: 'Webhooks' }).click();
  const row = (type: string) => page.locator('table.delivery-table tbody tr').filter({ hasText: type });
  await waitFor('both deliveries to succeed', async () => {
    await page.getByRole('button', { name: 'Refresh' }).click();
    return (await row('action.taken').getAttribute('data-status')) === 'succeeded'
      && (await row('statement.issued').getAttribute('data-status')) === 'succeeded';
  });
  const taken = row('action.taken');
  expect(await textOf(taken.locator('summary'))).toBe('Attempts: 2');
  await taken.locator('summary').click();
  expect(await taken.locator('ol.attempts li').allTextContents()).toEqual([expect.stringContaining(': 500 ·'), expect.stringContaining(': 204 ·')]);
  await screenshot(page, 'webhook-deliveries');
  for (const r of received) expect(signatureValid(secret, r.headers, r.body)).toBe(true);

  const firstId = received.find((r) => JSON.parse(r.body).type === 'action.taken')!.headers['webhook-id'];
  await taken.getByRole('button', { name: 'Redeliver' }).click();
  await waitFor('the redelivery to succeed', async () => {
    await page.getByRole('button', { name: 'Refresh' }).click();
    return (await textOf(row('action.taken').locator('summary'))) === 'Attempts: 3';
  });
  const again = received.filter((r) => r.headers['webhook-id'] === firstId);
  expect(again.length).toBe(3); // the failed attempt, the retry and the redelivery: one idempotency id

  await nav(page).getByRole('link', { name: 'Trusted flaggers' }).click();
  const org = page.getByRole('row').filter({ hasText: 'Nätvandrarna Söder' });
  expect(await textOf(org.getByTestId('accuracy'))).toBe('100% upheld');
  expect(await org.locator('td').nth(2).textContent()).toBe('1 (1 decided)');
  await screenshot(page, 'trusted-flaggers-accuracy');
}

/** The open appeal on the Appeals page; the only one in this test. */
async function openAppeal(page: Page) {
  await nav(page).getByRole('link', { name: 'Appeals' }).click();
  await page.getByRole('heading', { level: 1, name: 'Appeals' }).waitFor();
  await page.getByText('Appeals shown: 1.').waitFor();
  const open = page.locator('li.appeal-item[data-status="open"]');
  await open.getByRole('button', { name: 'Decide' }).waitFor();
  // By id: the status attribute changes once decided.
  return page.locator(`li.appeal-item[data-appeal="${await open.getAttribute('data-appeal')}"]`);
}

/** Someone who may not decide the appeal tries to reverse it: told beforehand, and the server's refusal is shown in words. */
export async function appealRefused(page: Page, note: string, refusal: string, shot: string): Promise<void> {
  const item = await openAppeal(page);
  expect(await textOf(item.getByRole('note'))).toBe(note);
  await item.getByRole('radio', { name: 'Reverse the decision' }).check();
  await item.getByLabel('Reason', { exact: true }).fill('I would rather undo it.');
  await item.getByRole('button', { name: 'Decide' }).click();
  expect(await textOf(item.getByRole('alert'))).toBe(refusal);
  expect(await item.getAttribute('data-status')).toBe('open');
  await screenshot(page, shot);
}

/**
 * A second reviewer (a senior moderator with two-factor, not the one who decided) reads the appeal
 * with the decision it contests and reverses it with a reason; the case view shows the removal
 * reversed, and the platform's receiver gets a signed action.reversed.
 */
export async function seniorReversesAppeal(page: Page, expected: {
  base: string; caseId: string; appellantText: string; received: readonly Received[]; secret: string;
}): Promise<void> {
  const item = await openAppeal(page);
  expect(await textOf(item.locator('h2'))).toBe('Appeal against: Content removed Open');
  expect(await textOf(item.locator('.appeal-text'))).toBe(expected.appellantText);
  const facts = await textOf(item.locator('dl').first());
  expect(facts).toContain('on the public page of the statement');
  expect(facts).toContain('Grooming or sexual contact with a minor');
  const decision = await textOf(item.locator('.appeal-decision'));
  expect(decision).toContain('minors.sexual-contact No sexual contact with minors');
  expect(decision).toContain('asked a 14-year-old for pictures');
  expect(await textOf(item.getByTestId('appealed-action-status'))).toBe('In force');
  await item.locator('.statement-box > summary').click();
  expect(await textOf(item.locator('.statement'))).toContain('Brottsbalken 6 kap. 10 a §');
  expect(await item.getByRole('note').count()).toBe(0); // she may decide it
  await screenshot(page, 'appeals-open');

  // The reason is required.
  await item.getByRole('radio', { name: 'Reverse the decision' }).check();
  await item.getByRole('button', { name: 'Decide' }).click();
  expect(await textOf(item.locator('.field-error'))).toBe('Give a reason for your decision.');
  await item.getByLabel('Reason', { exact: true }).fill('The messages came from a shared device; the account holder did not write them.');
  await screenshot(page, 'appeal-deciding');
  await item.getByRole('button', { name: 'Decide' }).click();
  // A child-safety case goes back to the queue after a reversal.
  expect(await textOf(item.getByTestId('appeal-done'))).toBe('Appeal decided: the decision is reversed. The case is now: Open.');
  expect(await item.getAttribute('data-status')).toBe('reversed');
  expect(await textOf(item.getByTestId('appeal-status'))).toBe('Decision reversed');
  expect(await textOf(item.getByTestId('appealed-action-status'))).toBe('Reversed');
  expect(await textOf(item.locator('.appeal-outcome'))).toContain('shared device');
  await screenshot(page, 'appeal-reversed');

  // Decided appeals leave the open list and are found with the filter.
  await page.getByLabel('Show').selectOption('upheld');
  await page.getByText('No appeals to show.').waitFor();
  await page.getByLabel('Show').selectOption('open');
  await page.getByText('Appeals shown: 0.').waitFor();
  await page.getByLabel('Show').selectOption('reversed');
  await page.getByText('Appeals shown: 1.').waitFor();
  await page.locator('li.appeal-item[data-status="reversed"]').getByRole('link', { name: 'Open the case' }).click();
  await page.waitForURL(`${expected.base}/console/cases/${expected.caseId}`);
  await page.getByTestId('case-status').filter({ hasText: 'Open' }).waitFor();
  const removal = page.locator('li.decision-item[data-action="remove"]');
  expect(await textOf(removal.locator('h3'))).toBe('Content removed Reversed');
  expect(await page.locator('ol.timeline > li strong').allTextContents()).toContain('Appeal decided: decision reversed (You)');
  const link = removal.getByRole('link', { name: 'The member has appealed: open the appeal' });
  expect(await link.getAttribute('href')).toMatch(/^\/console\/appeals\/[0-9a-f-]{36}$/);
  await screenshot(page, 'case-reversed');

  // The platform is told to undo it: a signed action.reversed, retried after the receiver's first 500.
  const reversed = () => expected.received.filter((r) => {
    const body = JSON.parse(r.body) as { type: string; data: { reason?: string; caseId?: string } };
    return body.type === 'action.reversed' && body.data.reason === 'appeal' && body.data.caseId === expected.caseId;
  });
  await waitFor('a delivered action.reversed', async () => reversed().length >= 2);
  const [first, retry] = reversed();
  expect(retry!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
  for (const r of reversed()) expect(signatureValid(expected.secret, r.headers, r.body)).toBe(true);
  expect(JSON.parse(first!.body).data).toMatchObject({ action: 'remove', subject: { type: 'profile', id: 'groomer-7' }, member: 'groomer-7' });
}

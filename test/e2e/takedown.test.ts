import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIRMED_BANK } from '../../src/modules/media/banks.service.js';
import { hashImage } from '../../src/modules/media/pdq/hash-image.js';
import { newTotpSecret } from '../../src/modules/staff/totp.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { syntheticPhoto } from '../support/images.js';
import { waitFor } from '../support/jobs.js';
import { chromiumInstalled, clearScreenshots, e2eRequired, ensureConsoleBuilt, launchChromium, screenshot, textOf, watchForErrors } from './browser.js';
import { signatureValid, signIn, startReceiver } from './queue-support.js';

const runs = chromiumInstalled || e2eRequired;
if (!runs) console.warn('[trygg] browser test skipped: /usr/bin/chromium is missing (apt-get install chromium); TRYGG_REQUIRE_E2E=1 makes this a failure.');

const bits = (a: string, b: string) => [...a].reduce((n, c, i) => n + [...((parseInt(c, 16) ^ parseInt(b[i]!, 16)) >>> 0).toString(2)].filter((x) => x === '1').length, 0);

// A parent asks, in Danish, for a picture of their child to be removed: the picture is hashed in the
// browser (only the hashes leave the device), the content is hidden at once (the platform hears it
// by a signed webhook), and the status page follows the request by its tracking code. Confirmed in
// the console, the platform hears of the removal and a re-upload of the same picture is blocked.
describe.skipIf(!runs)('the public takedown form, in Danish, with hashes computed in the browser', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let picture: string;
  let photo: Buffer;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let webhookSecret: string;
  let platformKey: string;

  /** The webhooks the platform's receiver got of a type about an item, newest last. */
  const hooks = (type: string, test: (data: Record<string, unknown>) => boolean) => receiver.received
    .map((r) => ({ ...r, message: JSON.parse(r.body) as { type: string; data: Record<string, unknown> } }))
    .filter((r) => r.message.type === type && test(r.message.data));
  const about = (action: string, id: string) => (d: Record<string, unknown>) => d.action === action && (d.subject as { id?: string } | undefined)?.id === id;

  beforeAll(async () => {
    ensureConsoleBuilt();
    const shots = clearScreenshots('takedown');
    browser = await launchChromium();
    receiver = await startReceiver({ failFirst: false });
    // Jobs run here: webhooks leave through the pg-boss delivery job, as in production.
    t = await createTestApp({ serveConsole: true, jobs: true });
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    console.info(`[trygg] screenshots: ${shots}`);
    ({ secret: webhookSecret } = await t.services.webhooks.createEndpoint({ type: 'system' }, {
      url: receiver.url, eventTypes: ['action.taken', 'action.reversed', 'media.matched'],
    }));
    ({ key: platformKey } = await t.services.apiKeys.create({ type: 'system' }, 'Community uploads', ['media:check']));
    // Synthetic only: the platform checked this upload earlier, so Trygg knows its uploader.
    photo = await syntheticPhoto(907, 900, 700);
    await t.services.media.check.check({ type: 'system' }, { bytes: photo, contentType: 'image/jpeg', accountId: 'uploader-e2e', contentId: 'img-e2e' });
    picture = join(mkdtempSync(join(tmpdir(), 'trygg-takedown-')), 'billede.jpg');
    writeFileSync(picture, photo);
    const context = await browser.newContext({ locale: 'da-DK', viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
    errors = watchForErrors(page);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await receiver?.close();
  });

  it('names the missing answers in a focused error summary, then sends the request with browser-computed hashes', async () => {
    await page.goto(`${base}/takedown`);
    await page.getByLabel('Language').selectOption('da');
    await page.getByRole('heading', { level: 1, name: 'Bed om at få billeder eller videoer fjernet' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('da');
    expect(await page.getByTestId('takedown-support').textContent()).toContain('StopNCII.org');

    await page.getByRole('button', { name: 'Send anmodningen' }).click();
    const summary = page.getByTestId('takedown-errors');
    await summary.waitFor();
    expect(await summary.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await summary.textContent()).toContain('Hvem der spørger: Vælg et svar.');
    await screenshot(page, 'takedown-errors-da');

    await page.getByLabel('Link eller id 1').fill('img-e2e');
    await page.getByLabel('Vælg billeder på din enhed').setInputFiles(picture);
    await page.getByText('billede.jpg: fingeraftrykket er klar, billedet blev ikke sendt').waitFor();
    // Keyboard only for the questions: arrow keys move within a radio group.
    await page.locator('#takedown-relation').focus();
    await page.keyboard.press('ArrowDown');
    expect(await page.getByLabel('Jeg er forælder eller værge for den, der vises').isChecked()).toBe(true);
    await page.getByRole('group', { name: 'Var personen, der vises, under 18 år, da det blev lavet?' }).getByLabel('Ja').check();
    await page.getByRole('group', { name: 'Er indholdet seksuelt eller intimt?' }).getByLabel('Ja').check();
    await page.getByLabel('Land, for støttetilbud nær dig (valgfrit)').selectOption('DK');
    await page.getByRole('button', { name: 'Send anmodningen' }).focus();
    await page.keyboard.press('Enter');

    await page.getByRole('heading', { level: 1, name: 'Vi har modtaget din anmodning' }).waitFor();
    expect(await page.getByText('Indholdet er skjult, mens vi gennemgår anmodningen.').count()).toBe(1);
    expect(await page.getByTestId('takedown-support').textContent()).toContain('BørneTelefonen');
    const code = await textOf(page.getByTestId('takedown-code'));
    expect(code).toMatch(/^[A-Za-z0-9_-]{22}$/);
    await screenshot(page, 'takedown-receipt-da');

    // The server got the hashes, not the picture: MD5 of the file, PDQ close to its own.
    const [request] = await t.services.takedowns.list('open', 10, 0);
    const server = await hashImage(photo);
    expect(request).toMatchObject({ content: ['img-e2e'], relation: 'parent_or_guardian', under18: 'yes', sexual: true, language: 'da', country: 'DK' });
    expect(request!.hashes[0]).toMatchObject({ md5: server.md5, fileName: 'billede.jpg' });
    expect(bits(request!.hashes[0]!.pdq!, server.pdq)).toBeLessThanOrEqual(20);
    expect(request!.hideActionIds).toHaveLength(1);

    // The platform hears of the precautionary hide by a signed webhook, delivered by the job.
    await waitFor('the hide webhook at the receiver', () => hooks('action.taken', about('hide', 'img-e2e')).length > 0);
    const [hide] = hooks('action.taken', about('hide', 'img-e2e'));
    expect(signatureValid(webhookSecret, hide!.headers, hide!.body)).toBe(true);
    expect(hide!.message.data).toMatchObject({ actionId: request!.hideActionIds[0], caseId: request!.caseId, subject: { type: 'image', id: 'img-e2e' } });

    await page.getByRole('link', { name: 'Følg din anmodning' }).click();
    await page.getByRole('heading', { level: 1, name: 'Følg en anmodning om fjernelse' }).waitFor();
    expect(await textOf(page.getByTestId('takedown-state'))).toBe('Under behandling');
    expect(await page.locator('main').textContent()).not.toContain('img-e2e');
    await screenshot(page, 'takedown-status-da');
    expect(errors).toEqual([]);
  });

  it('takes two senior moderators in the console: one rejection waits, the same person cannot add the second, another confirms', async () => {
    const password = 'correct horse battery staple';
    const senior = async (email: string) => {
      const { staff } = await t.services.staff.create({ type: 'system' }, { email, role: 'senior_moderator', password });
      const secret = newTotpSecret();
      await t.services.auth.presetTwoFactor({ type: 'system' }, staff.id, secret);
      const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
      const staffPage = await context.newPage();
      staffPage.setDefaultTimeout(20_000);
      await signIn(staffPage, base, { email, password, secret }, t.clock.now());
      await staffPage.goto(`${base}/console/takedowns`);
      return staffPage;
    };
    const first = await senior('senior.one@example.test');
    const item = first.getByTestId('takedown-item');
    expect(await item.textContent()).toContain('img-e2e');
    await item.getByLabel('Written reason').fill('Not sure the person is a child');
    await item.getByRole('button', { name: 'Reject' }).click();
    await first.getByTestId('takedown-item').and(first.locator('[data-status="rejection_pending"]')).waitFor();
    await first.getByLabel('Written reason').fill('Still not sure');
    await first.getByRole('button', { name: 'Reject (second senior)' }).click();
    await first.getByText('You made the first rejection: a different senior moderator must make the second.').waitFor();
    await screenshot(first, 'takedown-console-first-rejection');

    const second = await senior('senior.two@example.test');
    await second.getByLabel('Written reason').fill('A child is shown: remove and bank');
    await second.getByRole('button', { name: 'Confirm: remove and bank' }).click();
    await second.getByText('No takedown requests.').waitFor();
    await second.getByRole('combobox', { name: 'Show' }).selectOption('confirmed');
    await second.getByTestId('takedown-item').getByText(/hashes banked/).waitFor();
    const [request] = await t.services.takedowns.list('confirmed', 10, 0);
    expect(request).toMatchObject({ firstRejection: { reason: 'Not sure the person is a child' }, decision: { reason: 'A child is shown: remove and bank' } });
    expect(request!.removeActionIds.length).toBeGreaterThanOrEqual(2);
  });

  it('tells the platform of the removal by a signed webhook, banks the browser\'s hashes, and blocks a re-upload of the picture', async () => {
    const [request] = await t.services.takedowns.list('confirmed', 10, 0);
    await waitFor('the removal webhook at the receiver', () => hooks('action.taken', about('remove', 'img-e2e')).length > 0);
    const [removal] = hooks('action.taken', about('remove', 'img-e2e'));
    expect(signatureValid(webhookSecret, removal!.headers, removal!.body)).toBe(true);
    expect(request!.removeActionIds).toContain(removal!.message.data.actionId);
    expect(removal!.message.data.caseId).toBe(request!.caseId);

    // The hashes the browser computed are in the platform-confirmed bank.
    const bank = await t.services.media.banks.byName(CONFIRMED_BANK);
    const sent = request!.hashes[0]!;
    for (const hash of [sent.pdq!, sent.md5!]) {
      const entries = (await t.services.media.banks.lookup(hash)).filter((e) => e.bankId === bank.id && !e.withdrawnAt);
      expect(entries, hash).toHaveLength(1);
    }

    // The platform checks a new upload of the same picture over HTTP with its API key: blocked.
    const res = await fetch(`${base}/v1/media/check?accountId=reuploader-e2e&contentId=img-e2e-again`, {
      method: 'POST', headers: { authorization: `Bearer ${platformKey}`, 'content-type': 'image/jpeg' }, body: new Uint8Array(photo),
    });
    expect(res.status).toBe(200);
    const answer = await res.json() as { verdict: string; hashes: { pdq: string }; matches: { bank: { name: string }; type: string; distance: number }[] };
    expect(answer.verdict).toBe('block');
    const confirmed = answer.matches.filter((m) => m.bank.name === CONFIRMED_BANK);
    // Among them the browser's own PDQ, a few bits from the server's hash of the same file.
    expect(confirmed.some((m) => m.type === 'pdq' && m.distance === bits(sent.pdq!, answer.hashes.pdq))).toBe(true);
    expect(confirmed.some((m) => m.type === 'md5' && m.distance === 0)).toBe(true);
    await waitFor('the media.matched webhook', () => hooks('media.matched', (d) => d.contentId === 'img-e2e-again' && d.verdict === 'block').length > 0);
  });

  it('shows a removed request as removed, and an unknown code as not found', async () => {
    await page.reload();
    await page.getByTestId('takedown-state').getByText('Fjernet').waitFor();
    await page.goto(`${base}/takedown/status/${'Q'.repeat(22)}`);
    await page.getByText('Ingen anmodning har denne kode. Tjek, at du har kopieret hele koden.').waitFor();
    expect(errors.filter((e) => !/404/.test(e))).toEqual([]);
  });
});

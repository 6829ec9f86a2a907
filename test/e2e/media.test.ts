import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { hashImage } from '../../src/modules/media/pdq/hash-image.js';
import { newTotpSecret } from '../../src/modules/staff/totp.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { syntheticPhoto } from '../support/images.js';
import { CHROMIUM, chromiumInstalled, clearScreenshots, e2eRequired, ensureConsoleBuilt, launchChromium, screenshot, textOf, watchForErrors } from './browser.js';
import { signIn } from './queue-support.js';

const runs = chromiumInstalled || e2eRequired;
if (!runs) {
  console.warn(`[trygg] browser test skipped: ${CHROMIUM} is missing (apt-get install chromium); TRYGG_REQUIRE_E2E=1 makes this a failure.`);
}

const admin = { email: 'ada@example.test', password: 'correct horse battery staple', displayName: 'Ada Admin' };
const bankName = 'e2e-known-images';
const FILLER = 11_000;

describe.skipIf(!runs)('hash banks, the match log and an audited reveal of a preserved upload in a real browser', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let adminId: string;
  let platformKey: string;
  let photo: Buffer;
  let hashes: { pdq: string; sha256: string };
  const filler = Array.from({ length: FILLER }, () => randomBytes(32).toString('hex'));
  let check: { checkId: string; caseId: string; evidenceId: string };

  const nav = () => page.getByRole('navigation', { name: 'Main' });
  const card = () => page.locator(`li[data-bank="${bankName}"]`);

  /** A CSV bank file: the header, the synthetic photo's PDQ and SHA-256, filler, and two malformed lines (4 and 10,503). */
  function bankFile(): Buffer {
    const lines = ['hash,type,label', `${hashes.pdq},pdq,synthetic-4242`, `${hashes.sha256},sha256,synthetic-4242`, 'not-a-hash,pdq,broken-one'];
    for (const [i, hash] of filler.entries()) {
      if (lines.length === 10_502) lines.push('abc123,md5,broken-two');
      lines.push(`${hash},sha256,filler-${i}`);
    }
    return Buffer.from(`${lines.join('\n')}\n`);
  }

  beforeAll(async () => {
    ensureConsoleBuilt();
    const shots = clearScreenshots('media');
    browser = await launchChromium();
    t = await createTestApp({ serveConsole: true });
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    console.info(`[trygg] screenshots: ${shots}`);
    const { staff } = await t.services.staff.create({ type: 'system' }, { ...admin, role: 'admin' });
    adminId = staff.id;
    const secret = newTotpSecret();
    await t.services.auth.presetTwoFactor({ type: 'system' }, adminId, secret);
    platformKey = (await t.services.apiKeys.create({ type: 'system' }, 'Community platform', ['media:check'])).key;
    // A synthetic picture, never real media.
    photo = await syntheticPhoto(4242);
    hashes = await hashImage(photo, { contentType: 'image/jpeg' });

    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(30_000);
    errors = watchForErrors(page);
    await signIn(page, base, { ...admin, secret }, t.clock.now());
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('lets an admin create a bank and import a file in batches, cancel, resume, and see the malformed lines by number', async () => {
    onTestFailed(() => screenshot(page, 'failure'));
    await nav().getByRole('link', { name: 'Hash banks' }).click();
    await page.getByRole('heading', { level: 1, name: 'Hash banks' }).waitFor();
    await page.getByText('No banks yet.').waitFor();
    await page.getByLabel('Name', { exact: true }).fill(bankName);
    await page.getByLabel('Kind').selectOption('test');
    await page.getByLabel('On a match').selectOption('block_and_case');
    await page.getByLabel('Category').selectOption('csam');
    await page.getByRole('button', { name: 'Create the bank' }).click();
    await page.getByText(`Bank "${bankName}" created.`).waitFor();
    expect(await textOf(card().getByTestId('bank-active'))).toBe('0');

    await card().getByRole('button', { name: 'Import a file' }).click();
    await card().getByLabel('Bank file').setInputFiles({ name: 'known-images.csv', mimeType: 'text/csv', buffer: bankFile() });
    await card().getByText('Detected: CSV: hash,type,label.').waitFor();
    // Hold the first batch until Cancel is pressed, so the import stops after it (the batch in flight) every time.
    let release!: () => void;
    const held = new Promise<void>((resolve) => { release = resolve; });
    const batches: { firstLine: number; lines: string[] }[] = [];
    await page.route('**/v1/banks/*/lines', async (route) => {
      batches.push(route.request().postDataJSON() as { firstLine: number; lines: string[] });
      if (batches.length === 1) await held;
      await route.continue();
    });
    await card().getByRole('button', { name: 'Start the import' }).click();
    await card().getByRole('button', { name: 'Cancel' }).click();
    await card().getByText('Stopping after this batch…').waitFor();
    release();
    await card().getByText('Paused: resume to send the rest.').waitFor();
    const progress = card().getByTestId('import-progress');
    expect(await progress.textContent()).toContain('10,000 of 11,005 lines (90%)');
    await screenshot(page, 'import-paused');

    await card().getByRole('button', { name: 'Resume the import' }).click();
    await card().getByText('Import complete.').waitFor();
    expect(await progress.textContent()).toContain('11,005 of 11,005 lines (100%)');
    expect(await progress.textContent()).toContain('11,002 added, 0 withdrawn, 0 unchanged, 2 malformed.');
    expect(await progress.locator('progress').evaluate((p: HTMLProgressElement) => p.value === p.max)).toBe(true);
    // Two batches in file order; the second carries the header in front so the server knows the columns.
    expect(batches.map((b) => [b.firstLine, b.lines.length])).toEqual([[1, 10_000], [10_000, 1_006]]);
    expect(batches[1]!.lines[0]).toBe('hash,type,label');
    const malformed = card().locator('.import-errors li');
    expect(await malformed.evaluateAll((items) => items.map((li) => li.getAttribute('data-line')))).toEqual(['4', '10503']);
    expect(await malformed.first().textContent()).toMatch(/^Line 4: not hexadecimal/);
    await card().getByTestId('bank-active').getByText('11,002').waitFor();
    await screenshot(page, 'import-done');
    await page.unroute('**/v1/banks/*/lines');

    // The export is the bank's active hashes as CSV, for the admin's session.
    const href = await card().getByRole('link', { name: 'Export (CSV)' }).getAttribute('href');
    const exported = await page.context().request.get(`${base}${href}`);
    expect(exported.status()).toBe(200);
    expect(await exported.text()).toContain(hashes.pdq);
    expect(errors).toEqual([]);
  });

  it('looks up a hash and withdraws one', async () => {
    onTestFailed(() => screenshot(page, 'failure'));
    const lookup = page.getByRole('region', { name: 'Look up a hash' });
    await lookup.getByLabel('Hash').fill(hashes.pdq.toUpperCase());
    await lookup.getByRole('button', { name: 'Look up' }).click();
    const row = lookup.locator('tbody tr');
    await row.first().waitFor();
    expect(await row.count()).toBe(1);
    expect(await row.first().locator('th, td').allTextContents()).toEqual(expect.arrayContaining([bankName, 'PDQ', 'synthetic-4242', 'Active']));
    await screenshot(page, 'lookup');

    await card().getByRole('button', { name: 'Withdraw a hash' }).click();
    const withdraw = card().getByRole('form', { name: `Withdraw a hash from ${bankName}` });
    await withdraw.getByLabel('Hash type').selectOption('sha256');
    await withdraw.getByLabel('Hash', { exact: true }).fill(filler[0]!);
    await withdraw.getByLabel('Reason').fill('Listed by mistake');
    await withdraw.getByRole('button', { name: 'Withdraw' }).click();
    await withdraw.getByText('Withdrawn: it no longer matches.').waitFor();
    await card().getByTestId('bank-withdrawn').getByText('1', { exact: true }).waitFor();
    expect(await textOf(card().getByTestId('bank-active'))).toBe('11,001');
    expect(errors).toEqual([]);
  });

  it('lists a platform upload that matched in the match log, linked to its case', async () => {
    onTestFailed(() => screenshot(page, 'failure'));
    const res = await t.app.inject({
      method: 'POST', url: '/v1/media/check?accountId=uploader-9&contentId=img-77',
      headers: { authorization: `Bearer ${platformKey}`, 'content-type': 'image/jpeg' }, payload: photo,
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ verdict: 'block', caseId: expect.any(String), evidenceId: expect.any(String) });
    expect(body.matches.map((m: { type: string }) => m.type).sort()).toEqual(['pdq', 'sha256']);
    check = body;

    await nav().getByRole('link', { name: 'Matches' }).click();
    await page.getByRole('heading', { level: 1, name: 'Matches' }).waitFor();
    const row = page.locator(`tr[data-check="${check.checkId}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('Blocked');
    expect(await row.textContent()).toContain(bankName);
    expect(await row.getByRole('link', { name: 'uploader-9' }).getAttribute('href')).toBe('/console/accounts/uploader-9');
    expect(await row.getByRole('link', { name: 'Open the case' }).getAttribute('href')).toBe(`/console/cases/${check.caseId}`);
    expect(errors).toEqual([]);
  });

  it('shows nothing of the preserved upload until revealed with a reason, records the opening, and hides it again', async () => {
    onTestFailed(() => screenshot(page, 'failure'));
    const tile = page.locator(`figure[data-evidence="${check.evidenceId}"]`);
    expect(await tile.getAttribute('data-revealed')).toBe('false');
    expect(await tile.locator('img').count()).toBe(0);
    await screenshot(page, 'matches-hidden');

    await tile.getByRole('button', { name: 'Reveal…' }).click();
    const confirm = tile.getByRole('button', { name: 'Reveal and record' });
    expect(await confirm.isDisabled()).toBe(true);
    await tile.getByLabel('Reason', { exact: true }).selectOption('other');
    await tile.getByLabel('Your reason').fill('ok');
    expect(await confirm.isDisabled()).toBe(true); // at least three characters
    expect(await t.services.audit.list({ type: 'evidence.opened', limit: 50 })).toEqual([]);
    expect(await tile.locator('img').count()).toBe(0);
    await tile.getByLabel('Reason', { exact: true }).selectOption('confirmMatch');
    await confirm.click();

    const image = tile.locator('img');
    await image.waitFor();
    expect(await tile.getAttribute('data-revealed')).toBe('true');
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(640);
    const filter = () => image.evaluate((img) => getComputedStyle(img).filter);
    expect(await filter()).toBe('grayscale(1)');
    const opened = await t.services.audit.list({ type: 'evidence.opened', limit: 50 });
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({ actorId: adminId, payload: { itemId: check.evidenceId, reason: 'Confirm the match before deciding', caseId: check.caseId } });
    await screenshot(page, 'matches-revealed-grey');

    await tile.getByRole('button', { name: 'Show colour' }).click();
    expect(await tile.getByRole('button', { name: 'Show colour' }).getAttribute('aria-pressed')).toBe('true');
    expect(await filter()).toBe('none');
    await screenshot(page, 'matches-revealed-colour');

    const src = (await image.getAttribute('src'))!;
    expect(src).toMatch(/^blob:/);
    const loads = () => page.evaluate((url) => new Promise<string>((resolve) => {
      const probe = new Image();
      probe.onload = () => resolve('readable');
      probe.onerror = () => resolve('revoked');
      probe.src = url;
    }), src);
    expect(await loads()).toBe('readable');
    await tile.getByRole('button', { name: 'Hide' }).click();
    expect(await tile.locator('img').count()).toBe(0);
    expect(await tile.getAttribute('data-revealed')).toBe('false');
    // The object URL is gone with the image: the bytes are no longer reachable from the page.
    expect(await loads()).toBe('revoked');
    expect(errors).toEqual([]);
  });

  it("shows the case's preserved upload on the case page behind the same audited reveal", async () => {
    onTestFailed(() => screenshot(page, 'failure'));
    await page.locator(`tr[data-check="${check.checkId}"]`).getByRole('link', { name: 'Open the case' }).click();
    await page.waitForURL(`${base}/console/cases/${check.caseId}`);
    const section = page.getByRole('region', { name: 'Preserved evidence' });
    const tile = section.locator(`figure[data-evidence="${check.evidenceId}"]`);
    await tile.waitFor();
    expect(await tile.textContent()).toContain('Uploaded content · Blocked by a hash bank match');
    expect(await tile.locator('img').count()).toBe(0);
    await tile.getByRole('button', { name: 'Reveal…' }).click();
    await tile.getByLabel('Reason', { exact: true }).selectOption('decide');
    await tile.getByRole('button', { name: 'Reveal and record' }).click();
    await tile.locator('img').waitFor();
    const opened = await t.services.audit.list({ type: 'evidence.opened', limit: 50 });
    expect(opened.map((e) => (e.payload as { reason: string }).reason)).toContain('Needed to decide the case');
    await screenshot(page, 'case-preserved-revealed');

    // A record that is not an image (an account snapshot) is listed, and opens the same way, as text.
    const record = await t.db.database.db.transaction((tx) => t.services.evidence.preserve(tx, { type: 'system' }, {
      kind: 'account_snapshot', bytes: Buffer.from(JSON.stringify({ account: 'uploader-9', displayName: 'Synthetic' })), contentType: 'application/json',
      subject: { type: 'account', id: 'uploader-9' }, caseId: check.caseId, reason: 'case_opened', provenance: { what: 'e2e' },
    }));
    await page.reload();
    const item = section.locator(`li[data-evidence="${record.id}"]`);
    expect(await textOf(item)).toContain('Account snapshot · Preserved when the case opened');
    expect(await item.locator('pre').count()).toBe(0);
    await item.getByRole('button', { name: 'Open…' }).click();
    await item.getByLabel('Reason', { exact: true }).selectOption('report');
    await item.getByRole('button', { name: 'Reveal and record' }).click();
    expect(await textOf(item.locator('pre'))).toContain('"displayName": "Synthetic"');
    const openings = await t.services.audit.list({ type: 'evidence.opened', limit: 50 });
    expect(openings.find((e) => (e.payload as { itemId: string }).itemId === record.id)?.payload).toMatchObject({ reason: 'Report to the police or a hotline' });
    await screenshot(page, 'case-record-opened');
    await item.getByRole('button', { name: 'Hide' }).click();
    expect(await item.locator('pre').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});

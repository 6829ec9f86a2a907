import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { unzipSync, zipSync } from 'fflate';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { newTotpSecret } from '../../src/modules/staff/totp.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { startFakeNcmec, type FakeNcmec } from '../support/fake-ncmec.js';
import { CHROMIUM, chromiumInstalled, clearScreenshots, e2eRequired, ensureConsoleBuilt, launchChromium, screenshot, textOf, watchForErrors } from './browser.js';
import { signIn } from './queue-support.js';

const run = promisify(execFile);
const runs = chromiumInstalled || e2eRequired;
if (!runs) {
  console.warn(`[trygg] browser test skipped: ${CHROMIUM} is missing (apt-get install chromium); TRYGG_REQUIRE_E2E=1 makes this a failure.`);
}

const legal = { email: 'lena@example.test', password: 'correct horse battery staple', displayName: 'Lena Legal' };
const member = 'suspect-e2e';
/** The CyberTipline configuration the fake answers to (docs/referrals.md); the reporter makes reports validate. */
const ncmecEnv = {
  TRYGG_NCMEC_USERNAME: 'trygg-test', TRYGG_NCMEC_PASSWORD: 'fake-ncmec-password', TRYGG_NCMEC_RETRY_SCHEDULE: '1',
  TRYGG_NCMEC_REPORTER_NAME: 'Anna Svensson', TRYGG_NCMEC_REPORTER_EMAIL: 'safety@community.example',
  TRYGG_NCMEC_PROFILE_URL_TEMPLATE: 'https://community.example/u/{id}',
};
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** `trygg evidence verify` as an operator runs it: its exit code and what it printed. */
async function verify(file: string, publicKey: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return run('node', ['bin/trygg.mjs', 'evidence', 'verify', file, '--public-key', publicKey], { timeout: 90_000 })
    .then(({ stdout, stderr }) => ({ code: 0, stdout, stderr }))
    .catch((e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }));
}

// Legal's evidence work in the console: a hold, a police data request from intake to a verified
// package, and CyberTipline referrals (one rejected by the fake NCMEC, then retried) from a case.
describe.skipIf(!runs)('legal holds, a police data request exported and verified, and NCMEC referrals in a real browser', () => {
  let t: TestApp;
  let fake: FakeNcmec;
  let base: string;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let legalId: string;
  let caseId: string;
  const saved: Record<string, string | undefined> = {};
  const downloads = mkdtempSync(join(tmpdir(), 'trygg-e2e-evidence-'));

  const nav = () => page.getByRole('navigation', { name: 'Main' });
  /** Saves what a click downloads and returns its path and bytes. */
  async function download(click: () => Promise<void>): Promise<{ path: string; bytes: Buffer }> {
    const [file] = await Promise.all([page.waitForEvent('download'), click()]);
    const path = join(downloads, file.suggestedFilename());
    await file.saveAs(path);
    return { path, bytes: readFileSync(path) };
  }

  beforeAll(async () => {
    fake = await startFakeNcmec();
    for (const [k, v] of Object.entries({ ...ncmecEnv, TRYGG_NCMEC_URL: fake.url })) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
    ensureConsoleBuilt();
    const shots = clearScreenshots('evidence');
    browser = await launchChromium();
    t = await createTestApp({ serveConsole: true, jobs: true });
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    console.info(`[trygg] screenshots: ${shots}`);
    const { staff } = await t.services.staff.create({ type: 'system' }, { ...legal, role: 'legal' });
    legalId = staff.id;
    const secret = newTotpSecret();
    await t.services.auth.presetTwoFactor({ type: 'system' }, legalId, secret);
    // A synthetic adult member with a login history, and an open grooming case about them.
    const at = t.clock.now().toISOString();
    await t.services.events.ingest([
      { id: 'e2e-r1', type: 'account.registered', accountId: member, birthDate: '1980-02-02', occurredAt: at, ip: '198.51.100.20' },
      { id: 'e2e-l1', type: 'login', accountId: member, occurredAt: at, ip: '203.0.113.77' },
    ], null);
    caseId = await t.db.database.db.transaction(async (tx) => (await t.services.cases.openOrJoin(tx, { type: 'system' }, {
      subject: { type: 'account', id: member }, category: 'grooming', minorInvolved: true, trustedFlagger: false,
    })).kase.id);

    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    page = await context.newPage();
    page.setDefaultTimeout(30_000);
    errors = watchForErrors(page);
    await signIn(page, base, { ...legal, secret }, t.clock.now());
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await fake?.close();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it("shows legal its pages: referrals, police requests and legal holds", async () => {
    expect(await nav().getByRole('link').allTextContents())
      .toEqual(['Home', 'Queue', 'Referrals', 'Police requests', 'Legal holds', 'Accounts', 'Matches', 'Hash banks', 'Policy', 'Rules', 'Try a decision']);
  });

  it('places a legal hold, with the API\'s field error beside the field, and releases it with a reason', async () => {
    onTestFailed(() => screenshot(page, 'failure'));
    await nav().getByRole('link', { name: 'Legal holds' }).click();
    await page.getByRole('heading', { level: 1, name: 'Legal holds' }).waitFor();
    await page.getByText('No holds.').waitFor();

    const form = page.getByRole('form', { name: 'Place a hold' });
    await form.getByLabel('Scope').selectOption('case');
    await form.getByLabel('Case id').fill('not-a-case-id');
    await form.getByLabel('Reason').fill('Preservation order 2026-17');
    await form.getByRole('button', { name: 'Place the hold' }).click();
    const caseField = form.getByLabel('Case id');
    await expect.poll(() => caseField.getAttribute('aria-invalid')).toBe('true');
    const described = (await caseField.getAttribute('aria-describedby'))!;
    expect(await textOf(form.locator(`[id="${described.split(' ').pop()}"]`))).toMatch(/uuid/i);
    await screenshot(page, 'hold-field-error');

    await form.getByLabel('Scope').selectOption('account');
    await form.getByLabel('Platform account id').fill(member);
    await form.getByRole('button', { name: 'Place the hold' }).click();
    await form.getByText('Hold placed; 3 items preserved now.').waitFor();
    const hold = page.locator('li.hold-item').filter({ hasText: member });
    expect(await textOf(hold.getByTestId('hold-state'))).toBe('Active');
    expect(await hold.textContent()).toContain('Preservation order 2026-17');
    expect(await hold.textContent()).toContain('Placed by You');
    const [placed] = await t.services.audit.list({ type: 'legal_hold.placed', limit: 5 });
    expect(placed).toMatchObject({ actorId: legalId, subjectType: 'account', subjectId: member });
    await screenshot(page, 'hold-placed');

    await hold.getByRole('button', { name: 'Release…' }).click();
    await hold.getByLabel('Why release it').fill('Order withdrawn by the prosecutor');
    await hold.getByRole('button', { name: 'Release the hold' }).click();
    expect(await textOf(hold.getByTestId('hold-release'))).toContain('Order withdrawn by the prosecutor');
    expect(await textOf(hold.getByTestId('hold-state'))).toBe('Released');
    expect(await hold.getAttribute('data-active')).toBe('false');
    await page.getByRole('combobox', { name: 'Show' }).selectOption('false');
    await page.locator('li.hold-item[data-active="false"]').waitFor();
    expect(errors).toEqual([]);
  });

  it('takes a police request in, has legal review it, and exports a package that `trygg evidence verify` accepts and a changed byte fails', async () => {
    onTestFailed(() => screenshot(page, 'failure'));
    await nav().getByRole('link', { name: 'Police requests' }).click();
    await page.getByRole('heading', { level: 1, name: 'Police data requests' }).waitFor();
    await page.getByRole('button', { name: 'Record a request' }).click();
    const form = page.getByRole('form', { name: 'New police data request' });
    // Sent empty, every missing answer is named beside its field.
    await form.getByRole('button', { name: 'Record the request' }).click();
    await expect.poll(() => form.getByLabel('Agency').getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByLabel('Deadline').getAttribute('aria-invalid')).toBe('true');

    await form.getByLabel('Agency').fill('Polisen, Region Stockholm');
    await form.getByLabel('Officer').fill('Insp. A. Berg');
    await form.getByLabel('Contact').fill('a.berg@polisen.example');
    await form.getByLabel('Case number').fill('K-2026-4711');
    await form.getByLabel('Legal basis').fill('Rättegångsbalken 27 kap. (preservation and disclosure)');
    await form.getByLabel('Accounts').fill(member);
    await form.getByLabel('Deadline').fill('2031-06-30T12:00');
    await screenshot(page, 'police-intake');
    await form.getByRole('button', { name: 'Record the request' }).click();
    const request = page.locator('li.police-request').filter({ hasText: 'K-2026-4711' });
    expect(await textOf(request.getByTestId('request-state'))).toBe('Awaiting review');
    expect(await request.getByTestId('overdue').count()).toBe(0);

    // A request whose deadline has passed is marked overdue in words.
    await t.services.legal.police.intake(legalId, {
      agency: 'Politiet, Oslo', officer: 'B. Dahl', contact: 'b.dahl@politiet.example', caseNumber: 'OSL-17', legalBasis: 'Straffeprosessloven § 210',
      scope: { accounts: [member], cases: [], from: null, to: null }, deadline: new Date(Date.now() - 86_400_000).toISOString(),
    });
    await page.reload();
    const late = page.locator('li.police-request').filter({ hasText: 'OSL-17' });
    expect(await textOf(late.getByTestId('overdue'))).toContain('Overdue');
    expect(await request.getByTestId('overdue').count()).toBe(0);
    await screenshot(page, 'police-list');

    await request.getByLabel('Reason for the decision').fill('Valid order, scope proportionate');
    await request.getByRole('button', { name: 'Accept' }).click();
    expect(await textOf(request.getByTestId('request-state').filter({ hasText: 'Accepted' }))).toBe('Accepted');

    const pkg = await download(() => request.getByRole('button', { name: 'Export the signed package' }).click());
    expect(pkg.path).toMatch(/trygg-export-K-2026-4711-.*\.zip$/);
    expect(await textOf(request.getByTestId('export-sha256'))).toBe(sha256(pkg.bytes));
    await request.getByTestId('request-state').filter({ hasText: 'Fulfilled' }).waitFor();
    expect(await request.locator('.police-exports li').textContent()).toContain(sha256(pkg.bytes));
    const [exported] = await t.services.audit.list({ type: 'police_request.exported', limit: 5 });
    expect(exported).toMatchObject({ actorId: legalId, payload: { packageSha256: sha256(pkg.bytes) } });
    await screenshot(page, 'police-exported');

    // Checked against the installation's published key, as the police would.
    const { publicKey } = (await t.app.inject({ method: 'GET', url: '/v1/evidence/signing-key' })).json() as { publicKey: string };
    const good = await verify(pkg.path, publicKey);
    expect(good.code, good.stderr).toBe(0);
    expect(Number(/Package verified: (\d+) items/.exec(good.stdout)?.[1])).toBeGreaterThanOrEqual(3);
    expect(good.stdout).toContain('case number K-2026-4711');

    const entries = unzipSync(new Uint8Array(pkg.bytes));
    const item = Object.keys(entries).find((name) => name.startsWith('items/'))!;
    const changed = Uint8Array.from(entries[item]!);
    const at = Math.floor(changed.length / 2);
    changed[at] = changed[at]! ^ 0x01;
    entries[item] = changed;
    const tampered = join(downloads, 'tampered.zip');
    writeFileSync(tampered, zipSync(entries));
    const bad = await verify(tampered, publicKey);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Package FAILED verification');
    expect(bad.stderr).toContain(`${item} has SHA-256`);
    expect(errors).toEqual([]);
  }, 240_000);

  /** The referral on the Referrals page, once it has reached this state. */
  const referral = async (state: string): Promise<Locator> => {
    const item = page.locator(`li.referral[data-status="${state}"]`);
    await item.waitFor();
    return item;
  };

  it('refers the case to NCMEC from the case page; shows the rejection with its error and submits it after Retry', async () => {
    onTestFailed(() => screenshot(page, 'failure'));
    await page.goto(`${base}/console/cases/${caseId}`);
    const section = page.getByRole('region', { name: 'Referrals' });
    await section.getByRole('button', { name: 'Refer to NCMEC' }).click();
    await section.getByLabel("The child's platform account id (optional)").waitFor();
    await section.getByRole('button', { name: 'Build the report' }).click();
    await section.getByText('Referral made: Ready.').waitFor();
    // One live CyberTipline report per case: the offer is gone.
    expect(await section.getByRole('button', { name: 'Refer to NCMEC' }).count()).toBe(0);
    await screenshot(page, 'case-referred');

    await section.getByRole('link', { name: 'Correct, send, retry or download on the Referrals page' }).click();
    await page.waitForURL(`${base}/console/referrals/case/${caseId}`);
    fake.failNext(1, { steps: ['submit'], status: 400, responseCode: 4100, description: 'Element personOrUserReported is invalid' });
    await (await referral('validated')).getByRole('button', { name: 'Send to NCMEC' }).click();

    const rejected = await referral('failed');
    expect(await textOf(rejected.getByTestId('referral-state'))).toBe('Rejected');
    const error = await textOf(rejected.getByTestId('referral-error'));
    expect(error).toContain('NCMEC rejected the report');
    expect(error).toContain('4100');
    expect(error).toContain('personOrUserReported');
    await screenshot(page, 'referral-rejected');

    await rejected.getByRole('button', { name: 'Retry' }).click();
    const submitted = await referral('submitted');
    expect(await textOf(submitted.getByTestId('referral-state'))).toBe('Submitted');
    expect(await submitted.getByTestId('referral-error').count()).toBe(0);
    const reportId = (await t.services.referrals.list({ caseId, kind: 'ncmec', limit: 5 })).items[0]!.remoteReportId!;
    expect(fake.reports.get(reportId)?.state).toBe('finished');
    expect(await submitted.textContent()).toContain(reportId);
    expect(await submitted.getByRole('button', { name: 'Retract…' }).count()).toBe(0);
    await submitted.getByText("The API's answers (3)").click();
    expect(await submitted.locator('.referral-answers li').evaluateAll((li) => li.map((l) => l.getAttribute('data-ok')))).toEqual(['false', 'true', 'true']);
    await screenshot(page, 'referral-submitted');
    expect(errors).toEqual([]);
  });

  it('builds a police intelligence package from the case and downloads it', async () => {
    onTestFailed(() => screenshot(page, 'failure'));
    await page.getByRole('link', { name: 'Open the case' }).first().click();
    const section = page.getByRole('region', { name: 'Referrals' });
    await section.getByRole('button', { name: 'Police intelligence package' }).click();
    await section.getByLabel('Police case number (optional)').fill('5000-K1-26');
    await section.getByRole('button', { name: 'Build the package' }).click();
    await section.getByText('Referral made: Ready.').waitFor();

    await nav().getByRole('link', { name: 'Referrals' }).click();
    await page.getByLabel('Kind').selectOption('police');
    const item = await referral('validated');
    const json = await download(() => item.getByRole('button', { name: 'Download the package (JSON)' }).click());
    expect(json.path).toMatch(/\.json$/);
    expect(json.bytes.toString('utf8')).toContain(caseId);
    expect(json.bytes.toString('utf8')).toContain('5000-K1-26');
    expect(await t.services.audit.list({ type: 'referral.package_downloaded', limit: 5 })).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it('keeps a report about an unknown member as a draft, shows the problem by its field, and validates it once legal names the member', async () => {
    onTestFailed(() => screenshot(page, 'failure'));
    // A case about an account Trygg has never heard of: the report has no one to name.
    const draftCase = await t.db.database.db.transaction(async (tx) => (await t.services.cases.openOrJoin(tx, { type: 'system' }, {
      subject: { type: 'account', id: 'never-registered-e2e' }, category: 'grooming', minorInvolved: true, trustedFlagger: false,
    })).kase.id);
    await page.goto(`${base}/console/cases/${draftCase}`);
    const section = page.getByRole('region', { name: 'Referrals' });
    await section.getByRole('button', { name: 'Refer to NCMEC' }).click();
    await section.getByLabel('Additional information (optional)').fill('Seen in the forum too.');
    await section.getByRole('button', { name: 'Build the report' }).click();
    await section.getByText('Referral made: Draft: does not validate.').waitFor();

    await section.getByRole('link', { name: 'Correct, send, retry or download on the Referrals page' }).click();
    const draft = await referral('draft');
    expect(await draft.getByRole('button', { name: 'Send to NCMEC' }).count()).toBe(0);
    await draft.getByRole('button', { name: 'Correct the details…' }).click();
    const form = draft.getByRole('form', { name: "Correct the report's details" });
    const reported = form.getByLabel("The reported member's platform account id (optional: by default the case's member)");
    // The built report's problem sits by the field it names; what legal entered before is filled in.
    const described = (await reported.getAttribute('aria-describedby')) ?? '';
    expect(await textOf(form.locator(`[id="${described.split(' ').pop()}"]`))).toBe('no member with this platform id');
    expect(await form.getByLabel('Additional information (optional)').inputValue()).toBe('Seen in the forum too.');
    await screenshot(page, 'referral-draft-correct');
    await reported.fill(member);
    await form.getByRole('button', { name: 'Build it again' }).click();

    const ready = await referral('validated');
    expect(await textOf(ready.getByTestId('referral-state'))).toBe('Ready');
    const [stored] = (await t.services.referrals.list({ caseId: draftCase, kind: 'ncmec', limit: 5 })).items;
    expect(stored!.details).toMatchObject({ reportedAccountId: member, additionalInfo: 'Seen in the forum too.' });
    expect(stored!.document).toContain(member);
    expect(await t.services.audit.list({ type: 'referral.updated', limit: 5 })).toHaveLength(1);
    expect(errors).toEqual([]);
  });
});

import { createHash } from 'node:crypto';
import type { Actor } from '../modules/audit/audit.types.js';
import { hashImage } from '../modules/media/pdq/hash-image.js';
import { ncmecDetails } from '../modules/referrals/referrals.schemas.js';
import type { Services } from '../server/services.js';
import { demoStaffActor } from './cases.js';
import { externalIdOf } from './community.js';
import { syntheticPhoto } from './synthetic-photo.js';

/**
 * A child-safety case ready for referral, and legal's open work, made through the services as in
 * production: a demo member's upload of a synthetic picture matches a (demo) hash list, so the
 * upload check blocks it, preserves it and his login history as evidence and opens a CSAM case on
 * his account; legal builds the CyberTipline report (validated, never sent), places a legal hold
 * on the account, and a police data request about him waits for legal's review.
 */

export const DEMO_BANK = 'demo-synthetic-known-images';
export const DEMO_BLOCKED_CONTENT = 'img-demo-upload-301';
const DEMO_BLOCKED_PICTURE = 301;
export const DEMO_POLICE_CASE_NUMBER = 'DEMO-5000-K209911-25';
/** Recorded once this part of the demo is seeded: later runs find it and change nothing. */
export const LEGAL_SEEDED = 'demo.legal_seeded';

/**
 * What a CyberTipline report needs beyond the case to validate (docs/referrals.md): a reporting
 * person and links to members' profiles. The demo sets these where unset, and never the API's
 * address or account: a report about synthetic demo data must not reach NCMEC.
 */
export const DEMO_NCMEC_ENV = {
  TRYGG_NCMEC_REPORTER_NAME: 'Johan Berg',
  TRYGG_NCMEC_REPORTER_EMAIL: 'legal@demo.trygg.test',
  TRYGG_NCMEC_PROFILE_URL_TEMPLATE: 'https://community.example/u/{id}',
} as const;
const NCMEC_SENDING = ['TRYGG_NCMEC_URL', 'TRYGG_NCMEC_USERNAME', 'TRYGG_NCMEC_PASSWORD'] as const;

/** Prepares the environment the demo's referral is built in; returns warnings to print. */
export function useDemoReferralSettings(env: NodeJS.ProcessEnv = process.env): string[] {
  for (const [key, value] of Object.entries(DEMO_NCMEC_ENV)) env[key] ??= value;
  const warnings: string[] = [];
  if (NCMEC_SENDING.some((key) => env[key])) {
    warnings.push('The demo ignores TRYGG_NCMEC_URL, _USERNAME and _PASSWORD: its CyberTipline reports are about synthetic data and are never sent.');
  }
  for (const key of NCMEC_SENDING) delete env[key];
  return warnings;
}

export interface DemoLegalReport {
  seeded: boolean;
  /** The adult whose upload was blocked (null: the community has no adult to play him). */
  uploader: string | null;
  caseId: string | null;
  referral: { id: string; status: string } | null;
  holdId: string | null;
  policeRequestId: string | null;
}

const demoActor: Actor = { type: 'system', id: 'demo' };
const DAY = 86_400_000;

export async function seedDemoLegal(services: Services, options: { now: Date; members: number }): Promise<DemoLegalReport> {
  const [earlier] = await services.audit.list({ type: LEGAL_SEEDED, limit: 1 });
  if (earlier) return { ...(earlier.payload as Omit<DemoLegalReport, 'seeded'>), seeded: false };
  const blocked = await blockedUpload(services, options.members);
  if (!blocked) return { seeded: false, uploader: null, caseId: null, referral: null, holdId: null, policeRequestId: null };
  const { uploader, caseId } = blocked;
  const legal = await demoStaffActor(services, 'legal');

  // Each step is skipped when an interrupted run made it.
  let [referral] = (await services.referrals.list({ caseId, limit: 1 })).items;
  referral ??= await services.referrals.create({ type: 'staff', id: legal.id }, caseId, {
    kind: 'ncmec',
    details: ncmecDetails.parse({
      additionalInfo: 'Demo data: the picture is synthetic and this report is never sent. The upload was blocked before publication: it matched an entry of a hash list.',
    }),
  });

  let [hold] = await services.legal.holds.list({ active: true, scopeType: 'account', scopeId: uploader, limit: 1, offset: 0 });
  hold ??= await services.legal.holds.place(legal.id, {
    scope: { type: 'account', id: uploader },
    reason: 'A CyberTipline report is being prepared and the police may ask for the account: keep everything about it.',
  });

  let police = (await services.legal.police.list({ limit: 200, offset: 0 })).find((r) => r.caseNumber === DEMO_POLICE_CASE_NUMBER);
  police ??= await services.legal.police.intake(legal.id, {
    agency: 'Polismyndigheten, Nationellt IT-brottscentrum (demo)', officer: 'Kriminalinspektör Eva Lund (demo)', contact: 'eva.lund@polisen.example',
    caseNumber: DEMO_POLICE_CASE_NUMBER, legalBasis: 'Förundersökning om barnpornografibrott; begäran enligt 27 kap. rättegångsbalken (demo)',
    scope: { accounts: [uploader], cases: [caseId], from: new Date(options.now.getTime() - 90 * DAY).toISOString().slice(0, 10), to: null },
    deadline: new Date(options.now.getTime() + 10 * DAY).toISOString(),
  });

  const report: Omit<DemoLegalReport, 'seeded'> = {
    uploader, caseId, referral: { id: referral.id, status: referral.status }, holdId: hold.id, policeRequestId: police.id,
  };
  await services.audit.recordAlone({ actor: demoActor, type: LEGAL_SEEDED, payload: report });
  return { ...report, seeded: true };
}

/**
 * The blocked upload and its case: a demo hash list holding the synthetic picture's hashes, and
 * the platform's check of the upload by an adult member. Found again after an interrupted run.
 */
async function blockedUpload(services: Services, members: number): Promise<{ uploader: string; caseId: string } | null> {
  const { items } = await services.media.check.matchLog(200);
  const earlier = items.find((m) => m.contentId === DEMO_BLOCKED_CONTENT && m.caseId && m.accountId);
  if (earlier) return { uploader: earlier.accountId!, caseId: earlier.caseId! };
  const uploader = await findAdult(services, members);
  if (!uploader) return null;

  const picture = await syntheticPhoto(DEMO_BLOCKED_PICTURE);
  const { pdq } = await hashImage(picture);
  const bank = (await services.media.banks.list()).find((b) => b.name === DEMO_BANK) ?? await services.media.banks.create(demoActor, {
    name: DEMO_BANK, kind: 'test', action: 'block_and_case', category: 'csam',
    description: 'Demo only: hashes of synthetic pictures standing in for a clearinghouse list. Never real material.',
  });
  const label = `demo synthetic picture ${DEMO_BLOCKED_PICTURE}`;
  await services.media.banks.applyLines(demoActor, bank.id, {
    format: 'csv', firstLine: 1,
    lines: [`${pdq},pdq,${label}`, `${createHash('md5').update(picture).digest('hex')},md5,${label}`, `${createHash('sha256').update(picture).digest('hex')},sha256,${label}`],
  });
  const check = await services.media.check.check(demoActor, { bytes: picture, contentType: 'image/jpeg', accountId: uploader, contentId: DEMO_BLOCKED_CONTENT });
  if (check.verdict !== 'block' || !check.caseId) throw new Error(`demo: the synthetic upload was not blocked (${check.verdict})`);
  return { uploader, caseId: check.caseId };
}

/** An active adult (30 to 55) without a case, from the middle of the community: he has a login history. */
async function findAdult(services: Services, members: number): Promise<string | null> {
  for (let n = Math.ceil(members / 2); n >= 1; n--) {
    const v = await services.community.findByExternalId(externalIdOf(n));
    if (!v || v.status !== 'active' || v.restriction || v.age < 30 || v.age > 55) continue;
    if (!(await services.cases.forSubject('account', v.externalId)).length) return v.externalId;
  }
  return null;
}

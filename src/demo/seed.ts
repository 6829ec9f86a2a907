import type { Actor } from '../modules/audit/audit.types.js';
import type { Services } from '../server/services.js';
import { DEMO_MEMBERS, DEMO_SEED, generateCommunity } from './community.js';
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
}

const demoActor: Actor = { type: 'system', id: 'demo' };

const externalIdOf = (n: number): string => `m-${String(n).padStart(6, '0')}`;

/**
 * Seeds the demo community, staff and API key through the services. Idempotent: each part is
 * skipped when present, and a run that was interrupted resumes (batches commit in order).
 */
export async function seedDemo(services: Services, options: SeedOptions): Promise<SeedReport> {
  const members = options.members ?? DEMO_MEMBERS;
  const report: SeedReport = {
    alreadySeeded: false, membersImported: 0, loginsImported: 0, staffCreated: 0, twoFactorEnrolled: 0,
    apiKeyCreated: false, apiKeyRevoked: false,
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

  report.alreadySeeded = report.staffCreated + report.twoFactorEnrolled + report.membersImported === 0 && !report.apiKeyCreated;
  if (!report.alreadySeeded) {
    // Where these members, staff and key came from stays on the record.
    await services.audit.recordAlone({
      actor: demoActor, type: 'demo.seeded',
      payload: {
        seed: options.seed ?? DEMO_SEED, membersImported: report.membersImported, loginsImported: report.loginsImported,
        staffCreated: report.staffCreated, apiKeyCreated: report.apiKeyCreated,
      },
    });
  }
  return report;
}

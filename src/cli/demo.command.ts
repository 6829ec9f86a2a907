import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { readEnv, type Env } from '../config/env.js';
import { seedDemo, type FlaggedAdult, type SeedReport } from '../demo/seed.js';
import { useDemoReferralSettings } from '../demo/legal.js';
import { demoSignalLabels } from '../demo/signals.js';
import { OffsetClock } from '../lib/clock.js';
import { DEMO_API_KEY, DEMO_STAFF, demoTwoFactorCode } from '../demo/staff.js';
import { openRuntime } from '../server/runtime.js';
import { startServer } from '../server/start.js';
import { consoleDist } from '../server/static.js';

/** The demo's environment: what its CyberTipline draft needs to validate, and sending to NCMEC off. */
function demoEnv(): Env {
  for (const warning of useDemoReferralSettings(process.env)) console.warn(warning);
  return readEnv();
}

/** Seeds through the services with a progress bar on a terminal; prints what changed. */
async function seed(env: Env): Promise<SeedReport> {
  // A clock the seed can move back, so some demo reports are hours old and their cases overdue.
  const clock = new OffsetClock();
  const runtime = await openRuntime(env, { clock });
  const bar = process.stderr.isTTY
    ? new SingleBar({ format: 'demo community |{bar}| {value}/{total} members', stream: process.stderr }, Presets.shades_classic)
    : undefined;
  try {
    const report = await seedDemo(runtime.services, {
      now: runtime.clock.now(),
      travel: (to) => clock.travel(to),
      onProgress: (done, total) => (done === 0 ? bar?.start(total, 0) : bar?.update(done)),
    });
    bar?.stop();
    if (report.alreadySeeded) {
      console.log('The demo is already seeded: nothing changed.');
    } else {
      console.log(
        `Demo seeded: ${report.membersImported} members with ${report.loginsImported} logins, ` +
          `${report.staffCreated} staff (${report.twoFactorEnrolled} with two-factor), ` +
          `${report.apiKeyCreated ? 'the demo API key' : 'no new API key'}` +
          (report.behaviour.seeded ? `, ${report.behaviour.eventsAccepted} contact events and ${report.behaviour.denials} age-gap denials` : '') +
          (report.cases.seeded ? `, ${report.cases.cases.length} reported cases in the queue` : '') +
          (report.takedowns.seeded ? `, ${report.takedowns.requests.length} takedown requests` : '') +
          (report.legal.seeded ? ', a blocked upload\'s case with a CyberTipline draft, a legal hold and a police data request.' : '.'),
      );
    }
    if (report.apiKeyRevoked) console.warn('The demo API key has been revoked: it will be refused.');
    return report;
  } finally {
    bar?.stop();
    await runtime.close();
  }
}

/** The adults whose activity trips the behaviour signals, with where to look at them. */
function printFlaggedAdults(adults: FlaggedAdult[], url?: string): void {
  if (!adults.length) return;
  console.log('\nAdults who trip the behaviour signals (each has an open child-safety case to look at in the console):');
  for (const adult of adults) {
    const where = url ? `${url}/console/accounts/${adult.externalId}` : adult.externalId;
    console.log(`  ${where.padEnd(url ? url.length + 28 : 10)}${demoSignalLabels[adult.signal]}`);
  }
}

/** What the demo made for legal and senior moderators (as seeded: later decisions are not reflected). */
function printLegalWork(report: SeedReport, url?: string): void {
  const { legal, takedowns } = report;
  if (legal.caseId) {
    console.log(`\nReady for referral (sign in as legal): ${url ? `${url}/console/cases/${legal.caseId}` : `case ${legal.caseId}`}`);
    console.log(`  ${legal.uploader}'s upload of a synthetic picture was blocked; the demo drafted its CyberTipline report (never sent),`);
    console.log('  placed a legal hold on his account and took in a police data request for legal to review.');
  }
  if (takedowns.requests.length) console.log(`Victim takedown requests for senior moderators: ${url ? `${url}/console/takedowns` : takedowns.requests.length}`);
}

function printSignIns(url: string): void {
  const pad = (text: string, width: number) => text.padEnd(width);
  console.log('\nDemo sign-ins (published demo credentials: never put real data in a demo database):');
  console.log(`  ${pad('role', 17)}${pad('e-mail', 27)}${pad('password', 22)}two-factor`);
  for (const member of DEMO_STAFF) {
    const twoFactor = member.totpSecret ? `npx trygg demo code ${member.email}` : 'not required';
    console.log(`  ${pad(member.role, 17)}${pad(member.email, 27)}${pad(member.password, 22)}${twoFactor}`);
  }
  console.log('  (or add the secret to an authenticator app: ' +
    DEMO_STAFF.filter((m) => m.totpSecret).map((m) => `${m.role} ${m.totpSecret}`).join(', ') + ')');
  console.log(`\nDemo API key (all scopes): ${DEMO_API_KEY}`);
  console.log(`  try: curl -H "Authorization: Bearer ${DEMO_API_KEY}" ${url}/v1/accounts/m-000001`);
}

export function registerDemoCommands(program: Command): void {
  const demo = program
    .command('demo')
    .description('Seed the demo community if needed, start Trygg and print the demo sign-ins')
    .action(async () => {
      const env = demoEnv();
      const report = await seed(env);
      const server = await startServer(env);
      console.log(`\nTrygg demo is running (stop with Ctrl+C).`);
      console.log(`  Console:        ${server.url}/console`);
      console.log(`  API reference:  ${server.url}/docs`);
      if (!existsSync(join(consoleDist, 'index.html'))) {
        console.log('  (the console is not built yet: run npm run build:console, then restart the demo)');
      }
      printSignIns(server.url);
      printFlaggedAdults(report.behaviour.adults, server.url);
      printLegalWork(report, server.url);
    });

  demo
    .command('seed')
    .description('Create the synthetic demo community, demo staff in every role and the demo API key (idempotent)')
    .action(async () => {
      const report = await seed(demoEnv());
      printFlaggedAdults(report.behaviour.adults);
      printLegalWork(report);
    });

  demo
    .command('code')
    .description('Print the current two-factor code of a demo staff member')
    .argument('<email>', 'a demo staff e-mail, e.g. admin@demo.trygg.test')
    .action((email: string) => {
      console.log(demoTwoFactorCode(email, new Date()));
    });
}

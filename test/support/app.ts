import { Writable } from 'node:stream';
import { ManualClock } from '../../src/lib/clock.js';
import { buildApp, type HttpConfig, type TryggApp } from '../../src/server/app.js';
import { createServices, type Services } from '../../src/server/services.js';
import type { Role } from '../../src/server/access.js';
import { totpCode } from '../../src/modules/staff/totp.js';
import { createJobQueue } from '../../src/jobs/boss.js';
import { registerJobHandlers } from '../../src/server/job-handlers.js';
import { fastWorkers } from './jobs.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export interface TestApp {
  app: TryggApp;
  services: Services;
  clock: ManualClock;
  db: TestDatabase;
  /** Every log line the app wrote, for checks that secrets never appear. */
  logs: string[];
  close(): Promise<void>;
}

export const TEST_SECRET = Buffer.alloc(32, 42);
/** The public URL the test services build absolute links from. */
export const TEST_PUBLIC_URL = 'https://trygg.test';

export async function createTestApp(options: { http?: Partial<HttpConfig>; serveConsole?: boolean; jobs?: boolean } = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const clock = new ManualClock(new Date());
  // Background workers only where a test needs them: they poll, and most tests call services directly.
  const jobs = options.jobs ? createJobQueue(db.database, fastWorkers) : undefined;
  await jobs?.start();
  const services = createServices({ database: db.database, secretKey: TEST_SECRET, clock, jobs, publicUrl: TEST_PUBLIC_URL });
  if (jobs) await registerJobHandlers(jobs, services);
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk, _encoding, callback) {
      logs.push(String(chunk));
      callback();
    },
  });
  const app = await buildApp({
    database: db.database, services, clock, logStream, serveConsole: options.serveConsole, jobs,
    http: { logLevel: 'info', rateLimitPerMinute: 100_000, ...options.http },
  });
  return {
    app, services, clock, db, logs,
    close: async () => {
      await app.close();
      await services.contact.denialsRecorded();
      await jobs?.stop();
      await db.drop();
    },
  };
}

export interface SignedIn {
  cookie: string;
  csrf: string;
  staffId: string;
  totpSecret?: string;
  headers: (write?: boolean) => Record<string, string>;
}

/** Creates staff in a role and signs in through the API, enrolling two-factor when asked to. */
export async function signInAs(t: TestApp, role: Role, options: { twoFactor?: boolean; email?: string } = {}): Promise<SignedIn> {
  const email = options.email ?? `${role}-${Math.random().toString(36).slice(2, 8)}@example.test`;
  const password = 'correct horse battery staple';
  const { staff } = await t.services.staff.create({ type: 'system' }, { email, role, password });
  const res = await t.app.inject({ method: 'POST', url: '/v1/auth/sign-in', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.body}`);
  const cookie = `trygg_session=${res.cookies.find((c) => c.name === 'trygg_session')!.value}`;
  let csrf = res.json().csrfToken as string;
  let totpSecret: string | undefined;
  const needsTwoFactor = options.twoFactor ?? ['admin', 'senior_moderator', 'legal'].includes(role);
  if (needsTwoFactor) {
    const start = await t.app.inject({ method: 'POST', url: '/v1/auth/two-factor/enrolment', headers: { cookie, 'x-csrf-token': csrf } });
    totpSecret = start.json().secret as string;
    const confirm = await t.app.inject({
      method: 'POST', url: '/v1/auth/two-factor/enrolment/confirm', headers: { cookie, 'x-csrf-token': csrf },
      payload: { code: totpCode(totpSecret, t.clock.now()) },
    });
    if (confirm.statusCode !== 200) throw new Error(`enrolment failed: ${confirm.body}`);
    csrf = confirm.json().csrfToken as string;
  }
  return {
    cookie, csrf, staffId: staff.id, totpSecret,
    headers: (write = false): Record<string, string> => (write ? { cookie, 'x-csrf-token': csrf } : { cookie }),
  };
}

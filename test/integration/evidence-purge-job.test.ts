import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobQueue } from '../../src/jobs/boss.js';
import type { JobQueue } from '../../src/jobs/queue.js';
import { ManualClock } from '../../src/lib/clock.js';
import { PURGE_QUEUE } from '../../src/modules/evidence/retention.service.js';
import { registerJobHandlers } from '../../src/server/job-handlers.js';
import { createServices, type Services } from '../../src/server/services.js';
import { TEST_PUBLIC_URL, TEST_SECRET } from '../support/app.js';
import { createTestDatabase, testDriver, type TestDatabase } from '../support/database.js';
import { fastWorkers, jobRow, waitFor } from '../support/jobs.js';

const DAY = 86_400_000;

/** The daily purge runs as a pg-boss job that schedules its successor in the same transaction. */
describe(`the daily evidence purge job (${testDriver})`, () => {
  let db: TestDatabase;
  let jobs: JobQueue;
  let services: Services;
  const clock = new ManualClock(new Date());
  const schedule = async () => (await db.database.executeSql(`SELECT job_id, next_run_at, last_run_at FROM evidence_schedules WHERE name = 'purge'`)).rows[0] as
    { job_id: string; next_run_at: Date | string; last_run_at: Date | string | null } | undefined;
  const runs = async () => (await services.audit.list({ type: 'evidence.purge_run', limit: 10 })).length;

  beforeAll(async () => {
    db = await createTestDatabase();
    jobs = createJobQueue(db.database, fastWorkers);
    await jobs.start();
    services = createServices({ database: db.database, secretKey: TEST_SECRET, clock, jobs, publicUrl: TEST_PUBLIC_URL });
    await registerJobHandlers(jobs, services);
  });
  afterAll(async () => {
    await jobs.stop();
    await db.drop();
  });

  it('runs once at start, then waits a day for the next run', async () => {
    await waitFor('the first purge run', async () => (await runs()) === 1 && (await schedule())?.last_run_at != null);
    const row = (await schedule())!;
    expect(new Date(row.next_run_at).getTime() - clock.now().getTime()).toBeGreaterThan(DAY - 60_000);
    expect(await jobRow(db.database, row.job_id)).toMatchObject({ state: 'created' });
  });

  it('starts no second chain when the schedule exists, and a job the schedule does not name does nothing', async () => {
    const before = await schedule();
    await services.legal.retention.ensureScheduled(jobs);
    expect(await schedule()).toEqual(before);
    await services.legal.retention.runScheduled(jobs, { id: randomUUID(), name: PURGE_QUEUE, data: {} });
    expect(await runs()).toBe(1);
    expect(await schedule()).toEqual(before);
  });
});


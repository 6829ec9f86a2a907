import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/storage/db.js';
import { createTestDatabase, testDriver, type TestDatabase } from '../support/database.js';

const run = promisify(execFile);

describe(`trygg CLI (${testDriver})`, () => {
  let env: NodeJS.ProcessEnv;
  let handle: TestDatabase | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'trygg-cli-'));

  beforeAll(async () => {
    env = { PATH: process.env.PATH, TRYGG_DATA_DIR: dataDir, TRYGG_SECRET_KEY: 'cd'.repeat(32) };
    if (testDriver === 'postgres') {
      handle = await createTestDatabase({ migrate: false });
      env.DATABASE_URL = handle.url;
    }
  });
  afterAll(() => handle?.drop());

  const trygg = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await run('node', ['bin/trygg.mjs', ...args], { env, timeout: 60_000 });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  /** Runs SQL the way an attacker with database access would (PGlite: after the CLI exits). */
  const sqlDirect = async (text: string, values?: unknown[]) => {
    const database = handle?.database ?? (await openDatabase({ dataDir: join(dataDir, 'pglite') }));
    try {
      return await database.executeSql(text, values);
    } finally {
      if (!handle) await database.close();
    }
  };

  it('explains every command with --help', async () => {
    const help = await trygg('--help');
    for (const command of ['start', 'migrate', 'staff', 'apikey', 'audit']) expect(help.stdout).toContain(command);
    const staffHelp = await trygg('staff', 'create', '--help');
    expect(staffHelp.stdout).toContain('--role <role>');
  });

  it('migrates, creates staff and an API key whose key is the last line', async () => {
    expect((await trygg('migrate')).stdout).toMatch(/Migrations: \d+ known, all applied/);
    const staff = await trygg('staff', 'create', '--email', 'Lead@Example.test', '--role', 'admin');
    expect(staff.code).toBe(0);
    expect(staff.stdout).toContain('Created admin lead@example.test');
    expect(staff.stdout).toMatch(/Password \(shown once\): \S{12,}/);
    const key = await trygg('apikey', 'create', '--name', 'web', '--scopes', 'accounts:read,events:write');
    const lines = key.stdout.trim().split('\n');
    expect(lines[lines.length - 1]).toMatch(/^trygg_[a-z0-9]{12}_\S{43}$/);
  });

  it('fails with a clear message and a non-zero exit on bad input', async () => {
    const role = await trygg('staff', 'create', '--email', 'x@example.test', '--role', 'overlord');
    expect(role.code).not.toBe(0);
    expect(role.stderr).toContain("argument 'overlord' is invalid");
    const scope = await trygg('apikey', 'create', '--name', 'x', '--scopes', 'all');
    expect(scope.code).toBe(1);
    expect(scope.stderr).toContain('unknown scope "all"');
    const dup = await trygg('staff', 'create', '--email', 'lead@example.test', '--role', 'moderator');
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain('exists');
    const port = await run('node', ['bin/trygg.mjs', 'start'], { env: { ...env, PORT: 'eighty' } }).catch((e) => e);
    expect(port.code).toBe(1);
    expect(port.stderr).toContain('Invalid configuration: PORT');
  });

  it('verifies the audit chain and names the first tampered row', async () => {
    const intact = await trygg('audit', 'verify');
    expect(intact.code).toBe(0);
    expect(intact.stdout).toContain('Audit chain intact: 2 events verified');
    const { rows } = await sqlDirect(`SELECT seq FROM moderation_events WHERE type = 'apikey.created'`);
    const seq = Number(rows[0]!.seq);
    await sqlDirect('ALTER TABLE moderation_events DISABLE TRIGGER moderation_events_append_only');
    await sqlDirect(`UPDATE moderation_events SET actor_id = 'someone-else' WHERE seq = $1`, [seq]);
    const broken = await trygg('audit', 'verify');
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain(`BROKEN at event seq ${seq}`);
  });
});

import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, readEnv } from './env.js';
import { loadSecretKey } from './secret-key.js';

describe('configuration', () => {
  it('has working defaults: port 8080, ./data, embedded database', () => {
    const env = readEnv({});
    expect(env).toMatchObject({ PORT: 8080, HOST: '127.0.0.1', TRYGG_DATA_DIR: './data', LOG_LEVEL: 'info', TRYGG_TRUST_PROXY: false });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('treats empty variables as unset', () => {
    expect(readEnv({ PORT: '', DATABASE_URL: '' }).PORT).toBe(8080);
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://localhost/x'],
    ['TRYGG_SECRET_KEY', 'too-short'],
    ['LOG_LEVEL', 'loud'],
    ['TRYGG_TRUST_PROXY', 'perhaps'],
  ])('fails naming %s when it is %s', (variable, value) => {
    expect(() => readEnv({ [variable]: value })).toThrow(ConfigError);
    expect(() => readEnv({ [variable]: value })).toThrow(new RegExp(`^Invalid configuration: ${variable}:`));
  });

  it('generates the secret key once into the data directory, private to the owner', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trygg-key-'));
    const first = loadSecretKey(undefined, dir);
    expect(first.generated).toBe(true);
    expect(statSync(first.path!).mode & 0o777).toBe(0o600);
    const second = loadSecretKey(undefined, dir);
    expect(second.generated).toBe(false);
    expect(second.key.equals(first.key)).toBe(true);
    expect(readFileSync(first.path!, 'utf8').trim()).toHaveLength(64);
  });

  it('prefers TRYGG_SECRET_KEY over a generated key', () => {
    const hex = 'ab'.repeat(32);
    expect(loadSecretKey(hex, '/nonexistent').key.toString('hex')).toBe(hex);
  });
});

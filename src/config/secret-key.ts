import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from './env.js';

export interface SecretKeyResult {
  key: Buffer;
  generated: boolean;
  path?: string;
}

/**
 * The installation's secret (32 bytes) keys the TOTP-secret encryption and keyed hashes.
 * Unset, it is generated once into the data directory so the demo needs no set-up; every
 * node of a cluster must then be given the same value through TRYGG_SECRET_KEY.
 */
export function loadSecretKey(hex: string | undefined, dataDir: string): SecretKeyResult {
  if (hex) return { key: Buffer.from(hex, 'hex'), generated: false };
  const path = join(dataDir, 'secret.key');
  if (existsSync(path)) {
    const stored = readFileSync(path, 'utf8').trim();
    if (!/^[0-9a-fA-F]{64}$/.test(stored)) {
      throw new ConfigError('TRYGG_SECRET_KEY', `the generated key in ${path} is corrupt`);
    }
    return { key: Buffer.from(stored, 'hex'), generated: false, path };
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(path, key.toString('hex') + '\n', { mode: 0o600 });
  return { key, generated: true, path };
}

import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readEnv } from '../../config/env.js';
import { evidenceKeyring, keyring, openBytes, parseEvidenceKeys, sealBytes } from './evidence.keys.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('evidence sealing', () => {
  it('opens what it sealed, and the ciphertext does not contain the plaintext', () => {
    const key = randomBytes(32);
    const plain = Buffer.from('synthetic evidence bytes '.repeat(10));
    const sealed = sealBytes(key, plain, sha(plain));
    expect(sealed.includes(plain.subarray(0, 20))).toBe(false);
    expect(openBytes(key, sealed, sha(plain)).equals(plain)).toBe(true);
  });

  it('refuses a tampered ciphertext or a ciphertext moved to another address', () => {
    const key = randomBytes(32);
    const plain = Buffer.from('abc');
    const sealed = sealBytes(key, plain, sha(plain));
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1]! ^= 1;
    expect(() => openBytes(key, tampered, sha(plain))).toThrow();
    expect(() => openBytes(key, sealed, sha(Buffer.from('abd')))).toThrow();
  });

  it('keeps old keys for opening after rotation', () => {
    const ring = keyring([{ id: 'k1', key: randomBytes(32) }, { id: 'k2', key: randomBytes(32) }]);
    expect(ring.current.id).toBe('k2');
    expect(ring.byId('k1')).toBeDefined();
    expect(() => keyring([{ id: 'k1', key: randomBytes(16) }])).toThrow(/32 bytes/);
  });
});

describe('evidence keys from configuration', () => {
  const b64 = (fill: number) => Buffer.alloc(32, fill).toString('base64');
  const derived = Buffer.alloc(32, 1);

  it('uses the key derived from the installation secret as k1 when none are configured', () => {
    const ring = evidenceKeyring(undefined, derived);
    expect(ring.current.id).toBe('k1');
    expect(ring.current.key.equals(derived)).toBe(true);
  });

  it('makes the first configured key current and keeps the derived k1 to open old items', () => {
    const ring = evidenceKeyring(`k3:${b64(3)},k2:${b64(2)}`, derived);
    expect(ring.current.id).toBe('k3');
    expect(ring.byId('k2')?.equals(Buffer.alloc(32, 2))).toBe(true);
    expect(ring.byId('k1')?.equals(derived)).toBe(true);
  });

  it('lets a configured k1 replace the derived one', () => {
    expect(evidenceKeyring(`k2:${b64(2)},k1:${b64(5)}`, derived).byId('k1')?.equals(Buffer.alloc(32, 5))).toBe(true);
  });

  it('refuses malformed lists, short keys and repeated ids, naming the variable', () => {
    expect(() => parseEvidenceKeys('k2')).toThrow(/entry 1 must be id:<base64 of 32 bytes>/);
    expect(() => parseEvidenceKeys(`k2:${Buffer.alloc(16).toString('base64')}`)).toThrow(/entry 1/);
    expect(() => parseEvidenceKeys(`k2:${b64(2)},k2:${b64(3)}`)).toThrow(/k2 appears twice/);
    expect(() => readEnv({ TRYGG_EVIDENCE_KEYS: 'k2:short' })).toThrow(/TRYGG_EVIDENCE_KEYS: entry 1/);
    expect(readEnv({}).TRYGG_EVIDENCE_RETENTION_DAYS).toBe(90);
    expect(readEnv({}).TRYGG_EVIDENCE_NCMEC_RETENTION_DAYS).toBe(365);
  });
});

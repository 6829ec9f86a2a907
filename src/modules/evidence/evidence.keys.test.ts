import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keyring, openBytes, sealBytes } from './evidence.keys.js';

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

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * The evidence keyring: new items are sealed with the current key; older keys stay to open
 * what they sealed. Rotation = add a key, make it current, keep the old one (docs/evidence.md).
 */
export interface EvidenceKeyring {
  current: { id: string; key: Buffer };
  byId(id: string): Buffer | undefined;
}

export function keyring(keys: { id: string; key: Buffer }[], currentId = keys[keys.length - 1]?.id): EvidenceKeyring {
  const map = new Map(keys.map((k) => [k.id, k.key]));
  const current = keys.find((k) => k.id === currentId);
  if (!current) throw new Error('the evidence keyring needs a current key');
  for (const k of keys) if (k.key.length !== 32) throw new Error(`evidence key ${k.id} must be 32 bytes`);
  return { current, byId: (id) => map.get(id) };
}

const NONCE = 12;
const TAG = 16;

/** AES-256-GCM; the SHA-256 of the plaintext is the additional data, binding ciphertext to address. */
export function sealBytes(key: Buffer, plaintext: Buffer, sha256: string): Buffer {
  const nonce = randomBytes(NONCE);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(sha256, 'hex'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([nonce, cipher.getAuthTag(), body]);
}

export function openBytes(key: Buffer, sealed: Buffer, sha256: string): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, NONCE));
  decipher.setAAD(Buffer.from(sha256, 'hex'));
  decipher.setAuthTag(sealed.subarray(NONCE, NONCE + TAG));
  return Buffer.concat([decipher.update(sealed.subarray(NONCE + TAG)), decipher.final()]);
}

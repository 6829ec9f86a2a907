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

const KEY_SPEC = /^\s*[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/]{43}=\s*$/;

/**
 * TRYGG_EVIDENCE_KEYS: "k2:<base64 32 bytes>,k1:<base64>", the first one current. The key
 * derived from the installation secret stays in the ring as `k1` unless the list names a k1, so
 * items sealed before keys came from configuration still open.
 */
export function evidenceKeyring(spec: string | undefined, derived: Buffer): EvidenceKeyring {
  if (!spec?.trim()) return keyring([{ id: 'k1', key: derived }], 'k1');
  const keys = parseEvidenceKeys(spec);
  if (!keys.some((k) => k.id === 'k1')) keys.push({ id: 'k1', key: derived });
  return keyring(keys, keys[0]!.id);
}

export function parseEvidenceKeys(spec: string): { id: string; key: Buffer }[] {
  const keys = spec.split(',').map((part, i) => {
    if (!KEY_SPEC.test(part)) throw new Error(`entry ${i + 1} must be id:<base64 of 32 bytes>, e.g. k2:${'A'.repeat(43)}=`);
    const [id, b64] = part.trim().split(':') as [string, string];
    return { id, key: Buffer.from(b64, 'base64') };
  });
  const ids = keys.map((k) => k.id);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice) throw new Error(`key id ${twice} appears twice`);
  return keys;
}

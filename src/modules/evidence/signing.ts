import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { deriveKey, sha256Hex } from '../../lib/crypto.js';

/** PKCS#8 DER for an Ed25519 private key, up to the 32-byte seed (RFC 8410). */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
/** SubjectPublicKeyInfo DER for an Ed25519 public key, up to the 32 raw bytes. */
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export interface PublicSigningKey {
  algorithm: 'Ed25519';
  /** The 32 raw bytes, base64. */
  publicKey: string;
  pem: string;
  /** SHA-256 of the raw public key, hex: what to compare by telephone. */
  fingerprint: string;
}

/** The installation's export-signing key: an Ed25519 key whose seed derives from the installation secret. */
export class EvidenceSigner {
  private readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly published: PublicSigningKey;

  constructor(installationSecret: Buffer) {
    const seed = deriveKey(installationSecret, 'evidence-signing');
    this.privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
    this.publicKey = createPublicKey(this.privateKey);
    this.published = describePublicKey(this.publicKey);
  }

  sign(data: Buffer): Buffer {
    return sign(null, data, this.privateKey);
  }
}

export function describePublicKey(key: KeyObject): PublicSigningKey {
  const raw = rawPublicKey(key);
  return {
    algorithm: 'Ed25519', publicKey: raw.toString('base64'), fingerprint: sha256Hex(raw),
    pem: key.export({ format: 'pem', type: 'spki' }).toString(),
  };
}

export function rawPublicKey(key: KeyObject): Buffer {
  return (key.export({ format: 'der', type: 'spki' }) as Buffer).subarray(SPKI_ED25519_PREFIX.length);
}

/** A public key from a PEM text or the 32 raw bytes in base64; throws on anything else. */
export function parsePublicKey(text: string): KeyObject {
  const trimmed = text.trim();
  if (trimmed.startsWith('-----BEGIN')) {
    const key = createPublicKey(trimmed);
    if (key.asymmetricKeyType !== 'ed25519') throw new Error('the public key is not an Ed25519 key');
    return key;
  }
  const raw = Buffer.from(trimmed, 'base64');
  if (raw.length !== 32 || raw.toString('base64') !== trimmed) throw new Error('the public key must be a PEM file or 32 bytes in base64');
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, raw]), format: 'der', type: 'spki' });
}

export function verifySignature(key: KeyObject, data: Buffer, signature: Buffer): boolean {
  try {
    return verify(null, data, key, signature);
  } catch {
    return false;
  }
}

import { unzipSync, zipSync, type Zippable } from 'fflate';
import type { KeyObject } from 'node:crypto';
import { sha256Hex } from '../../lib/crypto.js';
import { describePublicKey, parsePublicKey, rawPublicKey, verifySignature, type EvidenceSigner } from './signing.js';

export const PACKAGE_FORMAT = 'trygg-evidence-export/1';
const MANIFEST = 'manifest.json';
const SIGNATURE = 'manifest.sig';
const KEY_FILE = 'signing-key.pem';
const README = 'README.txt';

export interface ManifestItem {
  id: string;
  kind: string;
  sha256: string;
  size: number;
  contentType: string;
  subject: { type: string; id: string };
  caseId: string | null;
  reason: string;
  preservedAt: string;
  preservedBy: { type: string; id: string | null };
  provenance: unknown;
  /** The file in the package; null when the content was purged under the retention schedule. */
  file: string | null;
  purged: boolean;
}

export interface Manifest {
  format: typeof PACKAGE_FORMAT;
  exportId: string;
  exportedAt: string;
  exportedBy: string;
  request: Record<string, unknown>;
  signingKey: { algorithm: 'Ed25519'; publicKey: string; fingerprint: string };
  items: ManifestItem[];
}

const EXTENSIONS: Record<string, string> = {
  'application/json': 'json', 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'image/gif': 'gif', 'image/avif': 'avif', 'text/plain': 'txt',
};

/** The file name an item gets in a package: its id (a UUID), never anything the platform sent. */
export const fileNameFor = (id: string, contentType: string) => `items/${id}.${EXTENSIONS[contentType.split(';')[0]!.trim()] ?? 'bin'}`;

const readme = (m: Manifest) => `Trygg evidence export ${m.exportId}, ${m.exportedAt}.

manifest.json lists every item: its id, kind, SHA-256, size and provenance, and the request it answers.
manifest.sig is an Ed25519 signature (base64) over the exact bytes of manifest.json, made with the
installation's key in signing-key.pem (fingerprint ${m.signingKey.fingerprint}). Compare that key with the
one the installation publishes (GET /v1/evidence/signing-key) before trusting the package.

To check the package: trygg evidence verify <package.zip> [--public-key <file or base64>]
`;

/** Builds the zip: the items' plaintext, the manifest, its detached signature and the public key. */
export function buildPackage(manifest: Omit<Manifest, 'format' | 'signingKey'>, files: Map<string, Buffer>, signer: EvidenceSigner): Buffer {
  const full: Manifest = {
    format: PACKAGE_FORMAT, ...manifest,
    signingKey: { algorithm: 'Ed25519', publicKey: signer.published.publicKey, fingerprint: signer.published.fingerprint },
  };
  const manifestBytes = Buffer.from(`${JSON.stringify(full, null, 2)}\n`);
  const entries: Zippable = {
    [MANIFEST]: manifestBytes,
    [SIGNATURE]: Buffer.from(`${signer.sign(manifestBytes).toString('base64')}\n`),
    [KEY_FILE]: Buffer.from(signer.published.pem),
    [README]: Buffer.from(readme(full)),
  };
  // Images are compressed already; storing them costs nothing and keeps exports fast.
  for (const [name, bytes] of files) entries[name] = [bytes, { level: name.endsWith('.json') || name.endsWith('.txt') ? 6 : 0 }];
  return Buffer.from(zipSync(entries, { level: 6 }));
}

export interface VerifyResult {
  ok: boolean;
  problems: string[];
  itemsChecked: number;
  filesChecked: number;
  /** The key the signature was checked with. */
  keyFingerprint: string | null;
  /** True when the key came from the package itself rather than from the caller. */
  keyFromPackage: boolean;
  manifest?: Manifest;
}

/**
 * Checks a package: the signature over manifest.json, then every item's file against its SHA-256
 * and size, and that no file is missing or unlisted. With `trusted`, the signature must be by that
 * key; without, by the key in the package (which proves integrity, not origin).
 */
export function verifyPackage(zip: Buffer, trusted?: KeyObject): VerifyResult {
  const result: VerifyResult = { ok: false, problems: [], itemsChecked: 0, filesChecked: 0, keyFingerprint: null, keyFromPackage: !trusted };
  const fail = (message: string) => {
    result.problems.push(message);
    return result;
  };
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zip);
  } catch (error) {
    return fail(`not a readable zip archive (${(error as Error).message})`);
  }
  const files = new Map(Object.entries(entries).filter(([name]) => !name.endsWith('/')).map(([n, b]) => [n, Buffer.from(b)]));
  const manifestBytes = files.get(MANIFEST);
  if (!manifestBytes) return fail(`${MANIFEST} is missing`);
  const signature = files.get(SIGNATURE);
  if (!signature) return fail(`${SIGNATURE} is missing: the package is not signed`);

  let manifest: Manifest;
  try {
    manifest = JSON.parse(manifestBytes.toString('utf8')) as Manifest;
  } catch {
    return fail(`${MANIFEST} is not valid JSON`);
  }
  if (manifest?.format !== PACKAGE_FORMAT || !Array.isArray(manifest.items)) return fail(`${MANIFEST} is not a ${PACKAGE_FORMAT} manifest`);
  result.manifest = manifest;

  let key = trusted;
  if (!key) {
    const pem = files.get(KEY_FILE);
    if (!pem) return fail(`${KEY_FILE} is missing and no public key was given`);
    try {
      key = parsePublicKey(pem.toString('utf8'));
    } catch (error) {
      return fail(`${KEY_FILE}: ${(error as Error).message}`);
    }
  }
  result.keyFingerprint = describePublicKey(key).fingerprint;
  if (!verifySignature(key, manifestBytes, Buffer.from(signature.toString('utf8').trim(), 'base64'))) {
    fail(`the signature in ${SIGNATURE} does not match ${MANIFEST}${trusted ? ' under the given public key' : ''}: the manifest was changed or signed by another key`);
  }
  if (manifest.signingKey?.publicKey !== rawPublicKey(key).toString('base64')) {
    fail(`${MANIFEST} names signing key ${manifest.signingKey?.fingerprint ?? '(none)'}, not the key checked (${result.keyFingerprint})`);
  }

  const listed = new Set([MANIFEST, SIGNATURE, KEY_FILE, README]);
  for (const item of manifest.items) {
    result.itemsChecked++;
    if (!item.file) {
      if (!item.purged) fail(`item ${item.id} has no file but is not marked purged`);
      continue;
    }
    listed.add(item.file);
    const bytes = files.get(item.file);
    if (!bytes) {
      fail(`item ${item.id}: file ${item.file} is missing`);
      continue;
    }
    result.filesChecked++;
    const actual = sha256Hex(bytes);
    if (actual !== item.sha256) fail(`item ${item.id}: ${item.file} has SHA-256 ${actual}, the manifest says ${item.sha256}`);
    else if (bytes.length !== item.size) fail(`item ${item.id}: ${item.file} is ${bytes.length} bytes, the manifest says ${item.size}`);
  }
  for (const name of files.keys()) if (!listed.has(name)) fail(`${name} is in the package but not in the manifest`);
  result.ok = result.problems.length === 0;
  return result;
}

import { randomBytes } from 'node:crypto';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../lib/crypto.js';
import { buildPackage, fileNameFor, verifyPackage, type ManifestItem } from './package.js';
import { EvidenceSigner, parsePublicKey, rawPublicKey } from './signing.js';

const signer = new EvidenceSigner(Buffer.alloc(32, 7));

function item(id: string, bytes: Buffer | null, contentType = 'application/json'): ManifestItem {
  return {
    id, kind: 'account_snapshot', sha256: bytes ? sha256Hex(bytes) : 'f'.repeat(64), size: bytes?.length ?? 10, contentType,
    subject: { type: 'account', id: 'm-1' }, caseId: null, reason: 'legal_hold', preservedAt: '2026-01-01T00:00:00.000Z',
    preservedBy: { type: 'system', id: null }, provenance: { what: 'test' }, file: bytes ? fileNameFor(id, contentType) : null, purged: !bytes,
  };
}

function samplePackage(): Buffer {
  const a = Buffer.from('{"account":"synthetic"}');
  const b = randomBytes(300);
  const items = [item('0190d2a0-0000-7000-8000-000000000001', a), item('0190d2a0-0000-7000-8000-000000000002', b, 'image/png'), item('0190d2a0-0000-7000-8000-000000000003', null)];
  const files = new Map([[items[0]!.file!, a], [items[1]!.file!, b]]);
  return buildPackage({ exportId: 'x-1', exportedAt: '2026-01-02T00:00:00.000Z', exportedBy: 'staff-1', request: { id: 'r-1', caseNumber: 'K-1' }, items }, files, signer);
}

/** Rewrites one entry of a zip, as someone tampering with a package would. */
function rezip(zip: Buffer, change: (entries: Record<string, Uint8Array>) => void): Buffer {
  const entries = unzipSync(zip);
  change(entries);
  return Buffer.from(zipSync(entries));
}

describe('evidence export packages', () => {
  it('verifies a package as built, checking every file and the signature', () => {
    const result = verifyPackage(samplePackage());
    expect(result.problems).toEqual([]);
    expect(result).toMatchObject({ ok: true, itemsChecked: 3, filesChecked: 2, keyFingerprint: signer.published.fingerprint, keyFromPackage: true });
  });

  it('verifies against a given public key, and fails under another key', () => {
    expect(verifyPackage(samplePackage(), signer.publicKey).ok).toBe(true);
    const other = new EvidenceSigner(Buffer.alloc(32, 8));
    const result = verifyPackage(samplePackage(), other.publicKey);
    expect(result.ok).toBe(false);
    expect(result.problems.join('\n')).toMatch(/signature .* does not match/);
  });

  it('fails when one byte of an item file changed, naming the item', () => {
    const tampered = rezip(samplePackage(), (e) => {
      const name = Object.keys(e).find((n) => n.endsWith('.png'))!;
      e[name]![0]! ^= 1;
    });
    const result = verifyPackage(tampered);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([expect.stringMatching(/item 0190d2a0-0000-7000-8000-000000000002: items\/.*\.png has SHA-256 \w+, the manifest says/)]);
  });

  it('fails when the manifest changed, even by one byte', () => {
    const tampered = rezip(samplePackage(), (e) => {
      e['manifest.json'] = strToU8(strFromU8(e['manifest.json']!).replace('"K-1"', '"K-2"'));
    });
    const result = verifyPackage(tampered);
    expect(result.ok).toBe(false);
    expect(result.problems.join('\n')).toMatch(/signature in manifest.sig does not match manifest.json/);
  });

  it('fails when a file is missing or an unlisted file was added', () => {
    const missing = rezip(samplePackage(), (e) => {
      delete e[Object.keys(e).find((n) => n.endsWith('.json') && n.startsWith('items/'))!];
    });
    expect(verifyPackage(missing).problems).toEqual([expect.stringMatching(/item 0190d2a0-0000-7000-8000-000000000001: file items\/.*\.json is missing/)]);
    const added = rezip(samplePackage(), (e) => {
      e['items/extra.bin'] = strToU8('planted');
    });
    expect(verifyPackage(added).problems).toEqual(['items/extra.bin is in the package but not in the manifest']);
  });

  it('fails when the signature is missing or the archive is not a zip', () => {
    const unsigned = rezip(samplePackage(), (e) => {
      delete e['manifest.sig'];
    });
    expect(verifyPackage(unsigned).problems).toEqual(['manifest.sig is missing: the package is not signed']);
    expect(verifyPackage(Buffer.from('not a zip at all')).problems[0]).toMatch(/not a readable zip archive/);
  });

  it('names item files by id only, so nothing the platform sent becomes a path', () => {
    expect(fileNameFor('abc', 'image/jpeg')).toBe('items/abc.jpg');
    expect(fileNameFor('abc', 'application/x-evil; name=../../etc')).toBe('items/abc.bin');
  });
});

describe('the export-signing key', () => {
  it('is derived from the installation secret: the same secret, the same key', () => {
    expect(new EvidenceSigner(Buffer.alloc(32, 7)).published).toEqual(signer.published);
    expect(new EvidenceSigner(Buffer.alloc(32, 9)).published.publicKey).not.toBe(signer.published.publicKey);
  });

  it('reads a public key from its PEM or its 32 raw bytes in base64, and refuses anything else', () => {
    const fromPem = parsePublicKey(signer.published.pem);
    const fromRaw = parsePublicKey(signer.published.publicKey);
    expect(rawPublicKey(fromPem).equals(rawPublicKey(fromRaw))).toBe(true);
    expect(() => parsePublicKey('abc')).toThrow(/32 bytes in base64/);
  });
});

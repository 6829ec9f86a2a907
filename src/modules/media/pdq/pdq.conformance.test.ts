// Conformance with Meta's PDQ, on the shared test data (../shared/pdq beside the repository; see
// its README): pixel-exact vectors bit for bit, original files within the upstream tolerance.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeForHashing } from './decode.js';
import { hashImage, pdqDihedral } from './hash-image.js';
import { PDQ_DIHEDRAL_NAMES, PdqHasher } from './pdq.js';

const shared = new URL('../shared/pdq/', pathToFileURL(process.cwd() + '/'));
const read = (path: string): Buffer => readFileSync(new URL(path, shared));
const csv = (path: string): string[][] =>
  read(path).toString('utf8').trim().split('\n').slice(1).map((line) => line.split(','));

const hamming = (a: string, b: string): number => {
  let bits = 0;
  for (let i = 0; i < a.length; i += 8) {
    let x = (parseInt(a.slice(i, i + 8), 16) ^ parseInt(b.slice(i, i + 8), 16)) >>> 0;
    for (; x; x &= x - 1) bits++;
  }
  return bits;
};

const UPSTREAM_TOLERANCE = 16; // Meta's own unit test accepts this many bits for decoded originals

describe('PDQ conformance with the reference', () => {
  const vectors = csv('pixel-exact/expected.csv').map(([file, width, height, hex, quality]) => ({
    file: file!, width: Number(width), height: Number(height), hex: hex!, quality: Number(quality),
  }));

  it('reproduces all 40 pixel-exact vectors bit for bit, hash and quality, from the stored pixels', async () => {
    expect(vectors).toHaveLength(40);
    const hasher = new PdqHasher();
    const wrong: string[] = [];
    for (const v of vectors) {
      // The reference hashes stored values: no colour management (one vector carries an ICC profile).
      const { data, info } = await sharp(read(`pixel-exact/${v.file}`), { ignoreIcc: true }).raw().toBuffer({ resolveWithObject: true });
      expect([info.width, info.height]).toEqual([v.width, v.height]);
      const got = hasher.hash({ data, width: info.width, height: info.height, channels: info.channels as 3 | 4 });
      if (got.hex !== v.hex || got.quality !== v.quality) wrong.push(`${v.file}: ${got.hex} q${got.quality}`);
    }
    expect(wrong).toEqual([]);
  });

  it('reproduces them bit for bit through the full decode path too (nothing to shrink at 512 px)', async () => {
    const hasher = new PdqHasher();
    const wrong: string[] = [];
    for (const v of vectors) {
      const got = hasher.hash(await decodeForHashing(read(`pixel-exact/${v.file}`)));
      if (got.hex !== v.hex || got.quality !== v.quality) wrong.push(v.file);
    }
    expect(wrong).toEqual([]);
  });

  it('hashes every original of reference quality >= 50 within 16 bits of the reference hash', async () => {
    const originals = csv('originals/expected.csv').filter(([, , quality]) => Number(quality) >= 50);
    expect(originals.length).toBeGreaterThanOrEqual(35);
    const distances: Record<string, number> = {};
    for (const [file, hex] of originals) {
      const got = await hashImage(read(`originals/${file}`));
      distances[file!] = hamming(got.pdq, hex!);
      expect(got.quality, file).toBeGreaterThanOrEqual(50);
    }
    const far = Object.entries(distances).filter(([, d]) => d > UPSTREAM_TOLERANCE);
    expect(far).toEqual([]);
  });

  it('derives each dihedral variant of the bridge photo within 16 bits of the physically turned or flipped file', async () => {
    const files: Record<(typeof PDQ_DIHEDRAL_NAMES)[number], string> = {
      original: 'bridge-1-original', rotate90: 'bridge-2-rotate-90', rotate180: 'bridge-3-rotate-180',
      rotate270: 'bridge-4-rotate-270', flipx: 'bridge-5-flipx', flipy: 'bridge-6-flipy',
      flipplus1: 'bridge-7-flip-plus-1', flipminus1: 'bridge-8-flip-minus-1',
    };
    const bridge = csv('dihedral-bridge-1.csv');
    expect(bridge.map(([transform]) => transform)).toEqual([...PDQ_DIHEDRAL_NAMES]);
    const derived = await pdqDihedral(read('originals/reg-test-input/dih/bridge-1-original.jpg'));
    for (const [name, physicalHex] of bridge.map(([t, , , physical]) => [t as keyof typeof files, physical!] as const)) {
      const physical = await hashImage(read(`originals/reg-test-input/dih/${files[name]}.jpg`));
      expect(hamming(physical.pdq, physicalHex), `${name}: our hash of the file vs the reference's`).toBeLessThanOrEqual(UPSTREAM_TOLERANCE);
      expect(hamming(derived.hashes[name], physical.pdq), `${name}: derived vs the file`).toBeLessThanOrEqual(UPSTREAM_TOLERANCE);
    }
  });
});

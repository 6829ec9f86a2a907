import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PDQ_DIHEDRAL_NAMES, PDQ_ZERO_HEX, PdqHasher, pdqHash, type PdqDihedralName, type PixelImage } from './pdq.js';
import { wordsToHex } from './pdq-dct.js';

const hamming = (a: string, b: string): number => {
  let bits = 0;
  for (let i = 0; i < a.length; i += 8) {
    let x = (parseInt(a.slice(i, i + 8), 16) ^ parseInt(b.slice(i, i + 8), 16)) >>> 0;
    for (; x; x &= x - 1) bits++;
  }
  return bits;
};
const popcount = (hex: string): number => hamming(hex, PDQ_ZERO_HEX);

/** A smooth picture with some structure, so the DCT coefficients are distinct. */
function picture(width: number, height: number, seed: number, channels: 3 | 4 = 3): PixelImage {
  const data = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const q = (y * width + x) * channels;
      const v = 128 + 60 * Math.sin((x + seed) / 7) * Math.cos((y * (seed % 5 + 1)) / 11) + ((x * 31 + y * 17 + seed) % 23);
      data[q] = v;
      data[q + 1] = (v * 0.7 + x) % 256;
      data[q + 2] = (255 - v + y) % 256;
      if (channels === 4) data[q + 3] = (x * y + seed) % 256;
    }
  }
  return { data, width, height, channels };
}

/** The picture physically turned or mirrored, in the reference's sense of each name. */
function transformed(image: PixelImage, name: PdqDihedralName): PixelImage {
  const { width: w, height: h, channels } = image;
  const quarter = ['rotate90', 'rotate270', 'flipplus1', 'flipminus1'].includes(name);
  const [nw, nh] = quarter ? [h, w] : [w, h];
  const data = new Uint8Array(image.data.length);
  const target: Record<PdqDihedralName, (x: number, y: number) => [number, number]> = {
    original: (x, y) => [x, y],
    rotate90: (x, y) => [y, w - 1 - x], // a quarter turn anticlockwise
    rotate180: (x, y) => [w - 1 - x, h - 1 - y],
    rotate270: (x, y) => [h - 1 - y, x], // a quarter turn clockwise
    flipx: (x, y) => [x, h - 1 - y], // upside down
    flipy: (x, y) => [w - 1 - x, y], // left-right mirror
    flipplus1: (x, y) => [y, x], // about the main diagonal
    flipminus1: (x, y) => [h - 1 - y, w - 1 - x], // about the other diagonal
  };
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const [tx, ty] = target[name](x, y);
      const from = (y * w + x) * channels;
      data.set(image.data.subarray(from, from + channels), (ty * nw + tx) * channels);
    }
  }
  return { data, width: nw, height: nh, channels };
}

const size = fc.integer({ min: 5, max: 90 });

describe('PDQ hashing of pixels', () => {
  it('hashes images under 5 px on a side to all zeros with quality 0', () => {
    for (const [w, h] of [[4, 100], [100, 4], [0, 0], [1, 1]] as const) {
      expect(pdqHash(picture(w, h, 1))).toEqual({ hex: PDQ_ZERO_HEX, quality: 0 });
    }
    const dihedral = new PdqHasher().hashDihedral(picture(4, 4, 1));
    expect(dihedral.quality).toBe(0);
    expect(Object.values(dihedral.hashes)).toEqual(Array(8).fill(PDQ_ZERO_HEX));
  });

  it('prints sixteen 16-bit words from word 15 down to word 0, bit k in word k >> 4 at k & 15', () => {
    const words = new Uint16Array(16);
    words[0] = 0x0001; // bit 0
    words[15] = 0x8000; // bit 255
    words[1] = 0x0010; // bit 20
    const hex = wordsToHex(words);
    expect(hex).toHaveLength(64);
    expect(hex.slice(0, 4)).toBe('8000');
    expect(hex.slice(56, 60)).toBe('0010');
    expect(hex.slice(60)).toBe('0001');
  });

  it('sets at most half the bits (those strictly above the median), and exactly half when coefficients differ', () => {
    fc.assert(
      fc.property(size, size, fc.nat(1000), (w, h, seed) => {
        const { hex, quality } = pdqHash(picture(w, h, seed));
        expect(hex).toMatch(/^[0-9a-f]{64}$/);
        expect(popcount(hex)).toBeLessThanOrEqual(128);
        expect(quality).toBeGreaterThanOrEqual(0);
        expect(quality).toBeLessThanOrEqual(100);
      }),
      { numRuns: 40 },
    );
    expect(popcount(pdqHash(picture(200, 150, 7)).hex)).toBe(128);
  });

  it('gives a flat picture quality 0 and a busy one a high quality', () => {
    const flat = { data: new Uint8Array(100 * 80 * 3).fill(200), width: 100, height: 80, channels: 3 as const };
    expect(pdqHash(flat).quality).toBe(0);
    expect(pdqHash(picture(300, 200, 3)).quality).toBeGreaterThan(50);
  });

  it('ignores alpha, and hashes a grey picture like its RGB copy', () => {
    const rgba = picture(70, 50, 9, 4);
    const rgb = { ...rgba, channels: 3 as const, data: rgba.data.filter((_, i) => i % 4 !== 3) };
    expect(pdqHash(rgba)).toEqual(pdqHash(rgb));
    const grey = { data: rgb.data.filter((_, i) => i % 3 === 0), width: 70, height: 50, channels: 1 as const };
    const greyAsRgb = { ...rgb, data: rgb.data.map((_, i) => grey.data[Math.floor(i / 3)]!) };
    expect(pdqHash(grey)).toEqual(pdqHash(greyAsRgb));
  });

  it('takes a 64x64 picture as the sample itself, without the blur', () => {
    const hasher = new PdqHasher();
    const image = picture(64, 64, 4);
    hasher.hash(image);
    const luma = Array.from({ length: 64 * 64 }, (_, p) => 0.299 * image.data[3 * p]! + 0.587 * image.data[3 * p + 1]! + 0.114 * image.data[3 * p + 2]!);
    expect(Array.from(hasher.image64)).toEqual(luma);
    hasher.hash(picture(65, 64, 4));
    expect(Array.from(hasher.image64)).not.toEqual(luma);
  });

  it('gives the same answers from one hasher reused across sizes as from fresh hashers', () => {
    const reused = new PdqHasher();
    fc.assert(
      fc.property(size, size, fc.nat(1000), (w, h, seed) => {
        const image = picture(w, h, seed);
        expect(reused.hash(image)).toEqual(new PdqHasher().hash(image));
        expect(reused.hashDihedral(image)).toEqual(new PdqHasher().hashDihedral(image));
      }),
      { numRuns: 25 },
    );
  });

  it('derives, by the reference method, the exact hash of each turned or mirrored 64x64 picture', () => {
    // At 64x64 nothing is blurred or resampled, so the DCT identities hold up to rounding.
    const hasher = new PdqHasher();
    for (const seed of [1, 2, 3]) {
      const image = picture(64, 64, seed);
      const { hashes } = hasher.hashDihedral(image, 'reference');
      for (const name of PDQ_DIHEDRAL_NAMES) {
        expect(hamming(hashes[name], hasher.hash(transformed(image, name)).hex), name).toBeLessThanOrEqual(2);
      }
    }
  });

  it('derives, by resampling, the hash of each turned or mirrored picture of any size from 64 px', () => {
    // (Under 64 px the sample repeats pixels, many coefficients tie, and rounding decides bits.)
    const hasher = new PdqHasher();
    const side = fc.integer({ min: 64, max: 300 });
    fc.assert(
      fc.property(side, side, fc.nat(1000), (w, h, seed) => {
        const image = picture(w, h, seed);
        const { hashes, quality } = hasher.hashDihedral(image);
        expect(hashes.original).toBe(hasher.hash(image).hex);
        expect(quality).toBe(hasher.hash(image).quality);
        for (const name of PDQ_DIHEDRAL_NAMES) {
          expect(hamming(hashes[name], hasher.hash(transformed(image, name)).hex), name).toBeLessThanOrEqual(4);
        }
      }),
      { numRuns: 25 },
    );
  });

  it('refuses pixel buffers that do not hold the stated image', () => {
    const image = picture(10, 10, 1);
    expect(() => pdqHash({ ...image, width: 11 })).toThrow(RangeError);
    expect(() => pdqHash({ ...image, channels: 5 as 3 })).toThrow(RangeError);
    expect(() => pdqHash({ ...image, width: 2.5 })).toThrow(RangeError);
  });
});

import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { syntheticPhoto } from '../../../test/support/images.js';
import { hashImage } from '../media/pdq/hash-image.js';
import { browserHashes, fitWithin, isHashableImage, pdqOfRgba } from './browser-hashes.js';

const hamming = (a: string, b: string) => {
  let bits = 0;
  for (let i = 0; i < a.length; i += 8) {
    let x = (parseInt(a.slice(i, i + 8), 16) ^ parseInt(b.slice(i, i + 8), 16)) >>> 0;
    while (x) { bits += x & 1; x >>>= 1; }
  }
  return bits;
};

describe('browser hashing of the takedown form', () => {
  it('fits a picture within 512x512 keeping its shape, never enlarging it', () => {
    expect(fitWithin(1024, 768)).toEqual({ width: 512, height: 384 });
    expect(fitWithin(300, 2000)).toEqual({ width: 77, height: 512 });
    expect(fitWithin(200, 100)).toEqual({ width: 200, height: 100 });
  });

  it('hashes RGBA canvas pixels to the server hash of the same picture, and MD5 of the file bytes', async () => {
    const file = await syntheticPhoto(11, 800, 600);
    const size = fitWithin(800, 600);
    // What a canvas gives: the picture drawn at the fitted size, RGBA with an opaque alpha channel.
    const { data } = await sharp(file).resize(size.width, size.height).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const hashes = browserHashes(file, { data, width: size.width, height: size.height });
    const server = await hashImage(file);
    expect(hashes.md5).toBe(createHash('md5').update(file).digest('hex'));
    expect(hashes.pdq).toMatch(/^[0-9a-f]{64}$/);
    expect(hashes.quality).toBeGreaterThanOrEqual(50);
    // A different resampler than the server's: close, well inside the banks' distance of 31.
    expect(hamming(hashes.pdq, server.pdq)).toBeLessThanOrEqual(16);
  });

  it('ignores the alpha channel: the same colours give the same hash whatever their alpha', async () => {
    const { data, info } = await sharp(await syntheticPhoto(5, 320, 240)).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const seeThrough = Uint8ClampedArray.from(data, (v, i) => (i % 4 === 3 ? 17 : v));
    expect(pdqOfRgba({ data: seeThrough, width: info.width, height: info.height })).toEqual(pdqOfRgba({ data, width: info.width, height: info.height }));
  });

  it('tells different pictures apart', async () => {
    const hashOf = async (seed: number) => {
      const { data, info } = await sharp(await syntheticPhoto(seed, 320, 240)).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
      return pdqOfRgba({ data, width: info.width, height: info.height }).pdq;
    };
    expect(hamming(await hashOf(1), await hashOf(2))).toBeGreaterThan(64);
  });

  it('refuses pixels that are not RGBA and files that are not pictures', () => {
    expect(() => pdqOfRgba({ data: new Uint8Array(30), width: 10, height: 1 })).toThrow(/RGBA/);
    expect(isHashableImage(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBe(false);
  });
});

import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { hashImage, pdqDihedral } from './hash-image.js';
import { isMediaError, MediaError } from './media-error.js';
import { PDQ_DIHEDRAL_NAMES, PDQ_ZERO_HEX } from './pdq.js';

const hamming = (a: string, b: string): number => {
  let bits = 0;
  for (let i = 0; i < a.length; i += 8) {
    let x = (parseInt(a.slice(i, i + 8), 16) ^ parseInt(b.slice(i, i + 8), 16)) >>> 0;
    for (; x; x &= x - 1) bits++;
  }
  return bits;
};

function picture(width: number, height: number) {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const q = (y * width + x) * 3;
      data[q] = 128 + 100 * Math.sin(x / 40) * Math.cos(y / 25);
      data[q + 1] = (x + y) % 256;
      data[q + 2] = 255 * Number((x >> 5) % 2 === (y >> 5) % 2);
    }
  }
  return sharp(data, { raw: { width, height, channels: 3 } });
}

describe('hashing an uploaded image', () => {
  it('gives PDQ with its quality, MD5 and SHA-256 of the bytes as uploaded, and the stored size and format', async () => {
    const jpeg = await picture(800, 600).jpeg({ quality: 90 }).toBuffer();
    const hashes = await hashImage(jpeg, { contentType: 'image/jpeg' });
    expect(hashes).toMatchObject({ width: 800, height: 600, format: 'jpeg', orientation: 1 });
    expect(hashes.pdq).toMatch(/^[0-9a-f]{64}$/);
    expect(hashes.quality).toBeGreaterThanOrEqual(50);
    expect(hashes.md5).toBe(createHash('md5').update(jpeg).digest('hex'));
    expect(hashes.sha256).toBe(createHash('sha256').update(jpeg).digest('hex'));
  });

  it('changes the exact hashes but barely the PDQ hash when the same picture is re-encoded', async () => {
    const a = await hashImage(await picture(640, 480).jpeg({ quality: 92 }).toBuffer());
    const b = await hashImage(await picture(640, 480).webp({ quality: 70 }).toBuffer());
    expect(b.md5).not.toBe(a.md5);
    expect(b.sha256).not.toBe(a.sha256);
    expect(hamming(a.pdq, b.pdq)).toBeLessThanOrEqual(16);
  });

  it('hashes an image smaller than 5 px on a side to all zeros with quality 0', async () => {
    for (const [w, h] of [[4, 4], [3, 200], [200, 2]] as const) {
      const png = await sharp({ create: { width: w, height: h, channels: 3, background: '#808080' } }).png().toBuffer();
      const hashes = await hashImage(png);
      expect([hashes.pdq, hashes.quality, hashes.width, hashes.height]).toEqual([PDQ_ZERO_HEX, 0, w, h]);
      expect((await pdqDihedral(png)).hashes.rotate90).toBe(PDQ_ZERO_HEX);
    }
  });

  it('gives the 8 dihedral variants, the original being the plain PDQ hash', async () => {
    const png = await picture(500, 300).png().toBuffer();
    const [plain, variants] = await Promise.all([hashImage(png), pdqDihedral(png)]);
    expect(Object.keys(variants.hashes)).toEqual([...PDQ_DIHEDRAL_NAMES]);
    expect(variants.hashes.original).toBe(plain.pdq);
    expect(variants.quality).toBe(plain.quality);
    const turned = await hashImage(await sharp(png).rotate(90).png().toBuffer()); // clockwise
    expect(hamming(variants.hashes.rotate270, turned.pdq)).toBeLessThanOrEqual(4);
  });

  it('throws MediaError, not a crash, for input it cannot hash', async () => {
    await expect(hashImage(Buffer.from('not an image'))).rejects.toBeInstanceOf(MediaError);
    await expect(pdqDihedral(new Uint8Array(0))).rejects.toMatchObject({ code: 'empty' });
    const error = await hashImage(Buffer.alloc(10, 0xff)).catch((e: unknown) => e);
    expect(isMediaError(error)).toBe(true);
    expect(isMediaError(new Error('other'))).toBe(false);
  });
});

import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeForHashing, type DecodeOptions } from './decode.js';
import { MediaError, type MediaErrorCode } from './media-error.js';

/** A gradient with some detail, width x height, RGB. */
function rawPicture(width: number, height: number): { data: Buffer; raw: { width: number; height: number; channels: 3 } } {
  const data = Buffer.alloc(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = (i * 7 + Math.floor(i / (width * 3)) * 3) % 256;
  return { data, raw: { width, height, channels: 3 } };
}
const encode = (width: number, height: number) => {
  const { data, raw } = rawPicture(width, height);
  return sharp(data, { raw });
};

async function refusal(bytes: Uint8Array, options?: DecodeOptions): Promise<{ code: MediaErrorCode; message: string }> {
  try {
    await decodeForHashing(bytes, options);
  } catch (error) {
    expect(error).toBeInstanceOf(MediaError);
    return { code: (error as MediaError).code, message: (error as MediaError).message };
  }
  throw new Error('expected the upload to be refused');
}

/** A real PNG whose IHDR is rewritten (CRC fixed) to claim another size: a bomb's header without the bomb. */
async function pngClaiming(width: number, height: number): Promise<Buffer> {
  const png = Buffer.from(await encode(8, 8).png().toBuffer());
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}

describe('decoding uploads for hashing', () => {
  it('shrinks to fit 512x512, keeping the aspect ratio, and never enlarges', async () => {
    const big = await decodeForHashing(await encode(1224, 816).jpeg().toBuffer());
    expect([big.width, big.height, big.channels, big.sourceWidth, big.sourceHeight]).toEqual([512, 341, 3, 1224, 816]);
    expect(big.data.length).toBe(512 * 341 * 3);
    const tall = await decodeForHashing(await encode(300, 900).png().toBuffer());
    expect([tall.width, tall.height]).toEqual([171, 512]);
    const small = await decodeForHashing(await encode(40, 30).webp({ lossless: true }).toBuffer());
    expect([small.width, small.height, small.format]).toEqual([40, 30, 'webp']);
  });

  it('decodes GIF (first frame only), AVIF, greyscale, 16-bit and alpha PNGs to 8-bit RGB', async () => {
    const red = sharp({ create: { width: 32, height: 24, channels: 3, background: '#ff0000' } }).png().toBuffer();
    const blue = sharp({ create: { width: 32, height: 24, channels: 3, background: '#0000ff' } }).png().toBuffer();
    const gif = await sharp([await red, await blue], { join: { animated: true } }).gif().toBuffer();
    const frame = await decodeForHashing(gif, { contentType: 'image/gif' });
    expect([frame.format, frame.width, frame.height]).toEqual(['gif', 32, 24]);
    expect([...frame.data.subarray(0, 3)]).toEqual([255, 0, 0]);

    const avif = await decodeForHashing(await encode(64, 48).avif().toBuffer(), { contentType: 'image/avif' });
    expect([avif.format, avif.width, avif.height, avif.channels]).toEqual(['avif', 64, 48, 3]);

    const grey = await decodeForHashing(await encode(20, 10).greyscale().png().toBuffer());
    const wide = await decodeForHashing(await encode(20, 10).toColourspace('rgb16').png().toBuffer());
    const alpha = await decodeForHashing(await encode(20, 10).ensureAlpha(0.5).png().toBuffer());
    for (const image of [grey, wide, alpha]) expect([image.channels, image.data.length]).toEqual([3, 20 * 10 * 3]);
    const opaque = await decodeForHashing(await encode(20, 10).png().toBuffer());
    expect(alpha.data.equals(opaque.data)).toBe(true); // alpha dropped, not blended into a background
  });

  it('keeps pixels as stored and reports the EXIF orientation instead of applying it', async () => {
    const plain = await encode(60, 40).jpeg().toBuffer();
    const rotated = await encode(60, 40).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const a = await decodeForHashing(plain);
    const b = await decodeForHashing(rotated);
    expect([b.width, b.height, b.orientation, a.orientation]).toEqual([60, 40, 6, 1]);
    expect(b.data.equals(a.data)).toBe(true);
  });

  it('refuses zero bytes as empty, and uploads over the byte limit as too large', async () => {
    expect((await refusal(new Uint8Array(0))).code).toBe('empty');
    const jpeg = await encode(50, 50).jpeg().toBuffer();
    expect((await refusal(jpeg, { maxBytes: jpeg.length - 1 })).code).toBe('too_large');
  });

  it('refuses a truncated JPEG, and a JPEG signature followed by garbage, as corrupt', async () => {
    const jpeg = await encode(400, 300).jpeg().toBuffer();
    expect((await refusal(jpeg.subarray(0, Math.floor(jpeg.length / 2)))).code).toBe('corrupt');
    const garbage = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(500, 0x5a)]);
    expect((await refusal(garbage)).code).toBe('corrupt');
  });

  it('refuses random bytes, SVG and TIFF as unsupported formats without decoding them', async () => {
    let seed = 7;
    const random = Buffer.from(Array.from({ length: 4096 }, () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24));
    expect((await refusal(random)).code).toBe('unsupported_format');
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>');
    expect((await refusal(svg, { contentType: 'image/svg+xml' })).code).toBe('unsupported_format');
    expect((await refusal(await encode(20, 20).tiff().toBuffer())).code).toBe('unsupported_format');
  });

  it('refuses a PNG claiming 100000x100000 pixels from its header, before any decoding', async () => {
    const refused = await refusal(await pngClaiming(100_000, 100_000));
    expect(refused.code).toBe('too_many_pixels');
    expect(refused.message).toContain('100000x100000'); // our header check, not a decoder's failure
  });

  it('refuses a real single-colour PNG of 56 megapixels (under 4 MB) by the default 50-megapixel limit, and honours a set limit', async () => {
    const bomb = await sharp({ create: { width: 8000, height: 7000, channels: 3, background: '#336699' }, limitInputPixels: false })
      .png({ compressionLevel: 1 })
      .toBuffer();
    expect(bomb.length).toBeLessThan(4_000_000);
    expect((await refusal(bomb)).code).toBe('too_many_pixels');
    const modest = await sharp({ create: { width: 3000, height: 2000, channels: 3, background: '#336699' } }).png().toBuffer();
    expect((await refusal(modest, { maxPixels: 5_000_000 })).code).toBe('too_many_pixels');
    expect((await decodeForHashing(modest, { maxPixels: 6_000_000 })).width).toBe(512);
  }, 60_000);

  it('refuses a declared content type that names another format', async () => {
    const png = await encode(30, 30).png().toBuffer();
    expect((await refusal(png, { contentType: 'image/jpeg' })).code).toBe('content_type_mismatch');
    expect((await refusal(png, { contentType: 'text/html' })).code).toBe('content_type_mismatch');
    expect((await decodeForHashing(png, { contentType: 'image/png' })).format).toBe('png');
    expect((await decodeForHashing(png, { contentType: 'application/octet-stream' })).format).toBe('png');
  });
});

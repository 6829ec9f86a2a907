import fc from 'fast-check';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { exifOrientation, readJpegHeader } from './jpeg-header.js';

const picture = (width: number, height: number, channels: 1 | 3 = 3) =>
  sharp(Buffer.alloc(width * height * channels, 128), { raw: { width, height, channels } });

/** A JPEG's bytes with `segment` (marker, then payload) inserted right after SOI. */
function withSegment(jpeg: Buffer, marker: number, payload: Uint8Array): Buffer {
  const length = payload.length + 2;
  return Buffer.concat([jpeg.subarray(0, 2), Buffer.from([0xff, marker, length >> 8, length & 0xff]), payload, jpeg.subarray(2)]);
}

/** "Exif\0\0" then a big-endian TIFF whose IFD0 holds one entry. */
function bigEndianExif(tag: number, type: number, count: number, value: number): Uint8Array {
  const tiff = Buffer.alloc(8 + 2 + 12 + 4);
  tiff.write('MM', 0, 'latin1');
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4);
  tiff.writeUInt16BE(1, 8);
  tiff.writeUInt16BE(tag, 10);
  tiff.writeUInt16BE(type, 12);
  tiff.writeUInt32BE(count, 14);
  tiff.writeUInt16BE(value, 18);
  return Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
}

describe('reading a JPEG header without libvips', () => {
  it('reads the size, components, precision and process libvips reports, baseline and progressive, colour and grey', async () => {
    const cases = [
      await picture(61, 37).jpeg().toBuffer(),
      await picture(1224, 816).jpeg({ progressive: true }).toBuffer(),
      await picture(300, 200, 1).jpeg().toBuffer(),
      await picture(40, 50).toColourspace('cmyk').jpeg().toBuffer(),
    ];
    for (const jpeg of cases) {
      const metadata = await sharp(jpeg).metadata();
      const header = readJpegHeader(jpeg);
      expect(header).toMatchObject({ width: metadata.width, height: metadata.height, components: metadata.channels, precision: 8 });
      expect(header!.process).toBe(metadata.isProgressive ? 2 : 0);
    }
  });

  it('reads every EXIF orientation sharp writes, and 1 when there is none', async () => {
    for (let orientation = 1; orientation <= 8; orientation++) {
      const jpeg = await picture(60, 40).jpeg().withMetadata({ orientation }).toBuffer();
      expect(readJpegHeader(jpeg)?.orientation).toBe((await sharp(jpeg).metadata()).orientation);
      expect(readJpegHeader(jpeg)?.orientation).toBe(orientation);
    }
    expect(readJpegHeader(await picture(60, 40).jpeg().toBuffer())?.orientation).toBe(1);
  });

  it('reads big-endian EXIF, and answers 1 for an orientation out of range or of the wrong type', async () => {
    const jpeg = await picture(20, 10).jpeg().toBuffer();
    expect(readJpegHeader(withSegment(jpeg, 0xe1, bigEndianExif(0x0112, 3, 1, 6)))?.orientation).toBe(6);
    expect(readJpegHeader(withSegment(jpeg, 0xe1, bigEndianExif(0x0112, 3, 1, 9)))?.orientation).toBe(1);
    expect(readJpegHeader(withSegment(jpeg, 0xe1, bigEndianExif(0x0112, 4, 1, 6)))?.orientation).toBe(1);
    expect(readJpegHeader(withSegment(jpeg, 0xe1, bigEndianExif(0x0110, 3, 1, 6)))?.orientation).toBe(1);
  });

  it('leaves to libvips a file with two EXIF blocks, a height given later (DNL), or no frame before the scan', async () => {
    const jpeg = await picture(20, 10).jpeg().toBuffer();
    const exif = bigEndianExif(0x0112, 3, 1, 6);
    expect(readJpegHeader(withSegment(withSegment(jpeg, 0xe1, exif), 0xe1, exif))).toBeNull();
    const sof = jpeg.indexOf(Buffer.from([0xff, 0xc0]));
    const dnl = Buffer.from(jpeg);
    dnl.writeUInt16BE(0, sof + 5); // the frame's height
    expect(readJpegHeader(dnl)).toBeNull();
    const scanFirst = Buffer.concat([jpeg.subarray(0, 2), Buffer.from([0xff, 0xda, 0, 2]), jpeg.subarray(2)]);
    expect(readJpegHeader(scanFirst)).toBeNull();
  });

  it('skips fill bytes before a marker', async () => {
    const jpeg = await picture(33, 22).jpeg().toBuffer();
    const filled = Buffer.concat([jpeg.subarray(0, 2), Buffer.from([0xff, 0xff, 0xff]), jpeg.subarray(3)]);
    expect(readJpegHeader(filled)).toMatchObject({ width: 33, height: 22 });
  });

  it('never throws, whatever the bytes: truncations and corruptions of a real header, and random bytes', async () => {
    const jpeg = await picture(64, 48).jpeg().withMetadata({ orientation: 3 }).toBuffer();
    const head = jpeg.subarray(0, jpeg.indexOf(Buffer.from([0xff, 0xda])) + 4);
    fc.assert(
      fc.property(fc.nat(head.length), fc.array(fc.tuple(fc.nat(head.length - 1), fc.nat(255)), { maxLength: 4 }), (cut, edits) => {
        const bytes = Uint8Array.from(head.subarray(0, cut));
        for (const [at, value] of edits) if (at < bytes.length) bytes[at] = value;
        const header = readJpegHeader(bytes);
        if (header) expect(header.width * header.height).toBeGreaterThan(0);
      }),
    );
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => void readJpegHeader(bytes)));
    expect(exifOrientation(new Uint8Array(4), 0, 4)).toBe(1);
  });
});

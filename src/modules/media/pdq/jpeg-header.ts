// What a JPEG's markers say before its first scan: size, components, precision, and the EXIF
// orientation. Reading them here costs microseconds; asking libvips for the same header costs a
// trip to its thread pool and a second parse (2.5 ms CPU of a 17 ms decode of a one-megapixel photo).
// Anything unusual answers null, and the caller asks libvips instead. Pure.

export interface JpegHeader {
  width: number;
  height: number;
  /** 1 grey, 3 colour (YCbCr or RGB), 4 CMYK or YCCK. */
  components: number;
  /** Bits per sample: 8, or 12 and 16 in rarer files. */
  precision: number;
  /** The SOF marker's low nibble: 0 baseline, 1 extended, 2 progressive, 3 lossless, 9+ arithmetic coding. */
  process: number;
  /** EXIF orientation 1-8 (1 when absent or out of range). */
  orientation: number;
}

const u16be = (b: Uint8Array, at: number): number => (b[at]! << 8) | b[at + 1]!;

// SOF0-SOF15 carry the frame header, except C4 (Huffman tables), C8 (reserved) and CC (arithmetic conditioning).
const isStartOfFrame = (marker: number): boolean =>
  marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

/** The frame header of a JPEG, or null when the markers before it are not plainly well formed. */
export function readJpegHeader(bytes: Uint8Array): JpegHeader | null {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  let orientation = 1;
  let exifSegments = 0;
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return null;
    let marker = bytes[at + 1]!;
    while (marker === 0xff && at + 2 < bytes.length) marker = bytes[++at + 1]!; // fill bytes
    at += 2;
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue; // no length follows these
    if (marker === 0xd8 || marker === 0xd9 || marker === 0xda || marker === 0xff) return null; // no frame before scan or end
    if (at + 2 > bytes.length) return null;
    const length = u16be(bytes, at);
    if (length < 2 || at + length > bytes.length) return null;
    if (isStartOfFrame(marker)) {
      if (length < 8) return null;
      const width = u16be(bytes, at + 5);
      const height = u16be(bytes, at + 3);
      // A height of 0 is defined later (DNL marker): leave such files to libvips.
      if (!width || !height) return null;
      return { width, height, components: bytes[at + 7]!, precision: bytes[at + 2]!, process: marker & 0x0f, orientation };
    }
    if (marker === 0xe1 && isExif(bytes, at + 2, at + length)) {
      // libvips reads one EXIF block; with two, which one wins is its business.
      if (++exifSegments > 1) return null;
      orientation = exifOrientation(bytes, at + 8, at + length);
    }
    at += length;
  }
  return null;
}

const isExif = (b: Uint8Array, from: number, end: number): boolean =>
  end - from >= 6 && b[from] === 0x45 && b[from + 1] === 0x78 && b[from + 2] === 0x69 && b[from + 3] === 0x66 && b[from + 4] === 0 && b[from + 5] === 0;

/** Tag 0x0112 of IFD0 in the TIFF structure at [tiff, end); 1 when missing, malformed or out of range. */
export function exifOrientation(b: Uint8Array, tiff: number, end: number): number {
  if (end - tiff < 8) return 1;
  const little = b[tiff] === 0x49 && b[tiff + 1] === 0x49;
  if (!little && !(b[tiff] === 0x4d && b[tiff + 1] === 0x4d)) return 1;
  const u16 = (at: number): number => (little ? b[at]! | (b[at + 1]! << 8) : u16be(b, at));
  const u32 = (at: number): number => (little ? (u16(at) | (u16(at + 2) << 16)) >>> 0 : ((u16(at) << 16) | u16(at + 2)) >>> 0);
  if (u16(tiff + 2) !== 42) return 1;
  const ifd = tiff + u32(tiff + 4);
  if (ifd + 2 > end) return 1;
  const count = u16(ifd);
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > end) return 1;
    if (u16(entry) !== 0x0112) continue;
    if (u16(entry + 2) !== 3 || u32(entry + 4) !== 1) return 1; // a SHORT, once
    const value = u16(entry + 8);
    return value >= 1 && value <= 8 ? value : 1;
  }
  return 1;
}

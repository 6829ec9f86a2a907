// PDQ perceptual hash (Meta's PDQ, facebook/ThreatExchange), from pixels already shrunk to at
// most 512 px on the long side. Pure: no Node-only imports, so the public takedown form can hash
// in the browser with exactly the code the server uses.
//
// Arithmetic is double precision in the reference's order of operations: Meta's Python reference
// (which produced our conformance hashes) computes in doubles, and its C++ reference agrees on
// every pixel-exact vector, so doubles keep us bit-exact with both.

import { boxColumns, boxRow, boxRowSampled, jaroszWindow, samplePositions } from './jarosz.js';
import { dct64To16, dctToWords, dihedralFromDct, imageDomainQuality, wordsToHex } from './pdq-dct.js';

/**
 * The eight dihedral variants, named and ordered as in the reference: rotate90 is a quarter turn
 * anticlockwise, rotate270 clockwise; flipx turns the picture upside down, flipy mirrors it left to
 * right; flipplus1 mirrors it about the main diagonal (a transpose), flipminus1 about the other.
 */
export const PDQ_DIHEDRAL_NAMES = [
  'original',
  'rotate90',
  'rotate180',
  'rotate270',
  'flipx',
  'flipy',
  'flipplus1',
  'flipminus1',
] as const;
export type PdqDihedralName = (typeof PDQ_DIHEDRAL_NAMES)[number];

/** What images too small to hash (under 5 px on a side) get, as in the reference. */
export const PDQ_ZERO_HEX = '0'.repeat(64);
/** Below this quality the reference advises not to trust a hash for matching. */
export const PDQ_MIN_TRUSTED_QUALITY = 50;

const MIN_HASHABLE_SIDE = 5;

export interface PixelImage {
  /** Row-major, `channels` bytes a pixel: 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA (alpha ignored). */
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
}

export interface PdqHash {
  /** 64 lowercase hex digits. */
  hex: string;
  /** 0-100; below 50 the hash is not to be trusted for matching. */
  quality: number;
}

export interface PdqDihedralHashes {
  quality: number;
  hashes: Record<PdqDihedralName, string>;
}

/**
 * How the variants are derived. 'reference': from the one DCT by sign masks and transposes, as
 * Meta's code does. 'resampled' (default): from the DCTs of the picture sampled four ways (as
 * stored, mirrored left-right, top-bottom, both), transposed for the quarter turns. PDQ's box blur
 * and cell sampling are not mirror-symmetric (even windows lean right), so at 512 px the one-DCT
 * variants land up to 18 bits from the hash of the actually flipped picture; resampled ones land
 * within a few bits, for three more samplings (still far cheaper than the decode).
 */
export type PdqDihedralMethod = 'resampled' | 'reference';

type Mirror = 0 | 1 | 2 | 3; // bit 0: left-right, bit 1: top-bottom
const RESAMPLED: Record<PdqDihedralName, { mirror: Mirror; transposed: boolean }> = {
  original: { mirror: 0, transposed: false },
  flipplus1: { mirror: 0, transposed: true },
  flipy: { mirror: 1, transposed: false },
  rotate90: { mirror: 1, transposed: true },
  flipx: { mirror: 2, transposed: false },
  rotate270: { mirror: 2, transposed: true },
  rotate180: { mirror: 3, transposed: false },
  flipminus1: { mirror: 3, transposed: true },
};

/**
 * Hashes images with preallocated scratch buffers, reused across calls, so hashing allocates
 * nothing per pixel. Not re-entrant: use one hasher per thread of work (cheap to create).
 */
export class PdqHasher {
  private ring = new Float64Array(0); // the last few rows after the first row pass
  private luma = new Float64Array(0); // one row of luminance
  private line = new Float64Array(0); // one row out of a column pass
  private sums = new Float64Array(0);
  private sampled = new Float64Array(0); // 64 x rows: the sampled columns after the second row pass, transposed
  private readonly sampleCols = new Int32Array(64);
  private readonly sampleRows = new Int32Array(64);
  /** The last 64x64 luminance sample taken (after hashDihedral, a mirrored one); for diagnostics and tests. */
  readonly image64 = new Float64Array(64 * 64);
  private readonly dct16x64 = new Float64Array(16 * 64);
  private readonly dcts = [0, 1, 2, 3].map(() => new Float64Array(16 * 16));
  private readonly variant = new Float64Array(16 * 16);
  private readonly sorted = new Float64Array(16 * 16);
  private readonly words = new Uint16Array(16);

  hash(image: PixelImage): PdqHash {
    if (!hashable(image)) return { hex: PDQ_ZERO_HEX, quality: 0 };
    const quality = this.transform(image, 0, this.dcts[0]!);
    return { hex: this.toHex(this.dcts[0]!, false), quality };
  }

  /** The hash of the picture turned and mirrored each of the 8 ways, from one decode. */
  hashDihedral(image: PixelImage, method: PdqDihedralMethod = 'resampled'): PdqDihedralHashes {
    const hashes = {} as Record<PdqDihedralName, string>;
    if (!hashable(image)) {
      for (const name of PDQ_DIHEDRAL_NAMES) hashes[name] = PDQ_ZERO_HEX;
      return { quality: 0, hashes };
    }
    const quality = this.transform(image, 0, this.dcts[0]!);
    if (method === 'resampled') {
      for (const mirror of [1, 2, 3] as const) this.transform(image, mirror, this.dcts[mirror]!);
    }
    for (const name of PDQ_DIHEDRAL_NAMES) {
      if (method === 'reference') {
        dihedralFromDct(name, this.dcts[0]!, this.variant);
        hashes[name] = this.toHex(this.variant, false);
      } else {
        const { mirror, transposed } = RESAMPLED[name];
        hashes[name] = this.toHex(this.dcts[mirror]!, transposed);
      }
    }
    return { quality, hashes };
  }

  /** Luma, Jarosz blur, 64x64 sample (mirrored as asked) and its 16x16 DCT into `dct`; returns quality. */
  private transform(image: PixelImage, mirror: Mirror, dct: Float64Array): number {
    const { width, height } = image;
    if (width === 64 && height === 64) {
      // Already the sample size (e.g. video frames scaled by ffmpeg): the reference skips the blur.
      this.ensureScratch(64, 64);
      for (let r = 0; r < 64; r++) {
        lumaRow(image, mirror & 2 ? 63 - r : r, (mirror & 1) === 1, this.luma);
        this.image64.set(this.luma.subarray(0, 64), r * 64);
      }
    } else {
      this.ensureScratch(width, height);
      const rowWindow = jaroszWindow(width);
      const colWindow = jaroszWindow(height);
      const mirrorRows = (mirror & 2) !== 0;
      const mirrorCols = (mirror & 1) !== 0;
      // Pass 1 (rows) runs straight from the pixels, a row at a time as pass 2 (columns) needs it;
      // pass 2 hands each finished row to pass 3 (rows), which keeps only the 64 sampled columns,
      // so pass 4 runs down 64 columns instead of all of them. Only a few rows are ever in memory.
      const ringRows = colWindow + 1;
      const pass1 = { ring: this.ring, ringRows, make: (r: number, at: number) => {
        lumaRow(image, mirrorRows ? height - 1 - r : r, mirrorCols, this.luma);
        boxRow(this.luma, 0, this.ring, at, width, rowWindow);
      } };
      // Pass 3 stores its 64 samples of row r transposed (sampled[k * height + r]), so pass 4 is 64
      // plain sampled blurs along contiguous memory: the same operations per column as a column
      // sweep, in the same order, and one call site each, which V8 keeps optimised.
      const cols = samplePositions(width, this.sampleCols);
      boxColumns(pass1, height, width, colWindow, this.sums, this.line, (row, values) => {
        boxRowSampled(values, 0, width, rowWindow, cols, this.sampled, row, height);
      });
      const rows = samplePositions(height, this.sampleRows);
      for (let k = 0; k < 64; k++) boxRowSampled(this.sampled, k * height, height, colWindow, rows, this.image64, k, 64);
    }
    const quality = imageDomainQuality(this.image64);
    dct64To16(this.image64, this.dct16x64, dct);
    return quality;
  }

  private ensureScratch(width: number, height: number): void {
    const line = Math.max(width, 64);
    if (this.line.length < line) {
      this.luma = new Float64Array(line);
      this.line = new Float64Array(line);
      this.sums = new Float64Array(line);
    }
    const ring = (jaroszWindow(height) + 1) * width;
    if (this.ring.length < ring) this.ring = new Float64Array(ring);
    if (this.sampled.length < height * 64) this.sampled = new Float64Array(height * 64);
  }

  private toHex(dct: Float64Array, transposed: boolean): string {
    dctToWords(dct, transposed, this.sorted, this.words);
    return wordsToHex(this.words);
  }
}

function hashable({ data, width, height, channels }: PixelImage): boolean {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 0 || height < 0) {
    throw new RangeError(`PDQ: bad image size ${width}x${height}`);
  }
  if (![1, 2, 3, 4].includes(channels)) throw new RangeError(`PDQ: bad channel count ${channels}`);
  if (data.length < width * height * channels) {
    throw new RangeError(`PDQ: ${data.length} bytes cannot hold ${width}x${height}x${channels}`);
  }
  return width >= MIN_HASHABLE_SIDE && height >= MIN_HASHABLE_SIDE;
}

/**
 * Y = 0.299 R + 0.587 G + 0.114 B of source row `row`, right to left when mirrored. Grey counts as
 * R = G = B, so a greyscale file hashes like its RGB copy.
 */
function lumaRow({ data, width, channels }: PixelImage, row: number, mirrored: boolean, out: Float64Array): void {
  const step = mirrored ? -channels : channels;
  let q = (row * width + (mirrored ? width - 1 : 0)) * channels;
  if (channels >= 3) {
    for (let c = 0; c < width; c++, q += step) out[c] = 0.299 * data[q]! + 0.587 * data[q + 1]! + 0.114 * data[q + 2]!;
  } else {
    for (let c = 0; c < width; c++, q += step) {
      const v = data[q]!;
      out[c] = 0.299 * v + 0.587 * v + 0.114 * v;
    }
  }
}

const sharedHasher = new PdqHasher();

/** One-off hashing with a module-wide hasher (fine on one thread; create a PdqHasher per worker). */
export function pdqHash(image: PixelImage): PdqHash {
  return sharedHasher.hash(image);
}

export function pdqHashDihedral(image: PixelImage, method?: PdqDihedralMethod): PdqDihedralHashes {
  return sharedHasher.hashDihedral(image, method);
}

// An upload's fingerprints: PDQ for near-duplicates, MD5 and SHA-256 for exact copies (hash lists
// such as NCMEC's carry both). Exact hashes are of the bytes as uploaded, not of decoded pixels.

import { createHash } from 'node:crypto';
import { decodeForHashing, type DecodeOptions } from './decode.js';
import { PdqHasher, type PdqDihedralName } from './pdq.js';
import type { ImageFormat } from './sniff.js';

export interface ImageHashes {
  /** 64 hex digits. */
  pdq: string;
  /** 0-100; PDQ hashes under 50 are not to be trusted for matching. */
  quality: number;
  md5: string;
  sha256: string;
  /** The image as stored (before shrinking for PDQ). */
  width: number;
  height: number;
  format: ImageFormat;
  /** EXIF orientation, not applied to the PDQ hash (see decodeForHashing). */
  orientation: number;
}

export interface ImageDihedralHashes {
  quality: number;
  /** The PDQ hash of the picture rotated or flipped each of the 8 ways, derived from one DCT. */
  hashes: Record<PdqDihedralName, string>;
  width: number;
  height: number;
  format: ImageFormat;
}

// Hashing after the await is synchronous, so one hasher per process is never used twice at once.
const hasher = new PdqHasher();

/** Throws MediaError for input that cannot be hashed (empty, corrupt, unsupported, too big, mislabelled). */
export async function hashImage(bytes: Uint8Array, options: DecodeOptions = {}): Promise<ImageHashes> {
  const image = await decodeForHashing(bytes, options);
  // Digests after the decode, not alongside it: one upload keeps to one core at a time.
  const md5 = createHash('md5').update(bytes).digest('hex');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const { hex, quality } = hasher.hash(image);
  return {
    pdq: hex,
    quality,
    md5,
    sha256,
    width: image.sourceWidth,
    height: image.sourceHeight,
    format: image.format,
    orientation: image.orientation,
  };
}

/** The 8 dihedral PDQ variants, to match a picture however it was rotated or mirrored. */
export async function pdqDihedral(bytes: Uint8Array, options: DecodeOptions = {}): Promise<ImageDihedralHashes> {
  const image = await decodeForHashing(bytes, options);
  const { quality, hashes } = hasher.hashDihedral(image);
  return { quality, hashes, width: image.sourceWidth, height: image.sourceHeight, format: image.format };
}

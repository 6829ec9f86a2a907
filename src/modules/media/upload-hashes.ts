import { createHash } from 'node:crypto';
import { CROP_PADDINGS, padByEdge } from './crop-variants.js';
import { decodeForHashing } from './pdq/decode.js';
import { PdqHasher } from './pdq/pdq.js';

export interface UploadHashes {
  pdq: string;
  quality: number;
  md5: string;
  sha256: string;
  /** PDQ hashes of the upload with likely crops undone (crop-variants.ts); looked up, never stored. */
  variants: { name: string; pdq: string }[];
}

// Hashing after the await is synchronous: one hasher per process is never used twice at once.
const hasher = new PdqHasher();

/** An upload's hashes for a check: one decode, the PDQ hash, the digests and the crop variants. */
export async function hashUpload(bytes: Buffer, contentType?: string): Promise<UploadHashes> {
  const image = await decodeForHashing(bytes, { contentType });
  const { hex, quality } = hasher.hash(image);
  const variants = CROP_PADDINGS.map((p) => ({ name: p.name, pdq: hasher.hash(padByEdge(image, p)).hex }));
  return {
    pdq: hex, quality, variants,
    md5: createHash('md5').update(bytes).digest('hex'),
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}

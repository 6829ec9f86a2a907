// What the public takedown form computes on the requester's device, so the image never leaves it:
// PDQ with the very hasher the server uses (pdq.ts) and MD5 of the file's bytes (md5.ts). Pure:
// the console decodes the file with createImageBitmap, draws it onto a canvas of `fitWithin`'s
// size and hands the canvas's RGBA pixels here.

import { md5Hex } from '../../lib/md5.js';
import { PdqHasher } from '../media/pdq/pdq.js';
import { detectImageFormat } from '../media/pdq/sniff.js';

/** PDQ hashes pictures shrunk to fit 512x512 (as the server's decode does); never enlarged. */
export const HASHING_MAX_SIDE = 512;

/** The size to draw a picture at before hashing: the whole picture, fitted within 512x512. */
export function fitWithin(width: number, height: number, max = HASHING_MAX_SIDE): { width: number; height: number } {
  const scale = Math.min(1, max / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

export interface RgbaPixels {
  /** Row-major RGBA, 4 bytes a pixel, as a canvas's getImageData gives it. */
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
}

export interface BrowserHashes {
  pdq: string;
  quality: number;
  md5: string;
}

/** PDQ of canvas pixels (alpha ignored). */
export function pdqOfRgba(pixels: RgbaPixels): { pdq: string; quality: number } {
  if (pixels.data.length !== pixels.width * pixels.height * 4) throw new Error('pixels must be RGBA, 4 bytes a pixel');
  const { hex, quality } = new PdqHasher().hash({ data: pixels.data, width: pixels.width, height: pixels.height, channels: 4 });
  return { pdq: hex, quality };
}

/** Whether the file is a picture the form can hash (by its bytes, not its name or type). */
export const isHashableImage = (bytes: Uint8Array): boolean => detectImageFormat(bytes) !== null;

/** The hashes the form sends: PDQ of the drawn pixels, MD5 of the file as it is. */
export function browserHashes(fileBytes: Uint8Array, pixels: RgbaPixels): BrowserHashes {
  return { ...pdqOfRgba(pixels), md5: md5Hex(fileBytes) };
}

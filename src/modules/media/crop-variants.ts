import type { PixelImage } from './pdq/pdq.js';

/**
 * PDQ does not survive crops: cutting 5% of a picture away moves its hash 15-50 bits, past the
 * match distance (measured on the reference's photos and on synthetic ones). A crop leaves the
 * centre intact, so an upload is also hashed with its borders grown back by repeating the edge
 * pixels, as if undoing the likeliest crops: the grown-back picture lands within about 20 bits of
 * the original. Each variant is one more look-up (microseconds) and one more hash of at most a
 * 512-pixel picture (a few milliseconds), done only for uploads sent as bytes.
 */
export interface Padding {
  name: string;
  /** Fraction of the width / height to add on each side. */
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** A symmetric crop of 5% and 10% of the area, and 5% off any one side. */
export const CROP_PADDINGS: readonly Padding[] = (() => {
  const border = (area: number) => (1 / Math.sqrt(1 - area) - 1) / 2;
  const b5 = border(0.05);
  const b10 = border(0.1);
  const side = 1 / 0.95 - 1;
  return [
    { name: 'uncrop-5pct', left: b5, right: b5, top: b5, bottom: b5 },
    { name: 'uncrop-10pct', left: b10, right: b10, top: b10, bottom: b10 },
    { name: 'uncrop-left', left: side, right: 0, top: 0, bottom: 0 },
    { name: 'uncrop-right', left: 0, right: side, top: 0, bottom: 0 },
    { name: 'uncrop-top', left: 0, right: 0, top: side, bottom: 0 },
    { name: 'uncrop-bottom', left: 0, right: 0, top: 0, bottom: side },
  ];
})();

/** The picture with its borders grown by repeating the outermost pixels (edge replication). */
export function padByEdge(image: PixelImage, p: Padding): PixelImage {
  const { width, height, channels, data } = image;
  const left = Math.round(width * p.left);
  const right = Math.round(width * p.right);
  const top = Math.round(height * p.top);
  const bottom = Math.round(height * p.bottom);
  const w = width + left + right;
  const h = height + top + bottom;
  const out = new Uint8Array(w * h * channels);
  for (let y = 0; y < h; y++) {
    const sy = Math.min(height - 1, Math.max(0, y - top));
    for (let x = 0; x < w; x++) {
      const sx = Math.min(width - 1, Math.max(0, x - left));
      const from = (sy * width + sx) * channels;
      const to = (y * w + x) * channels;
      for (let c = 0; c < channels; c++) out[to + c] = data[from + c]!;
    }
  }
  return { data: out, width: w, height: h, channels };
}

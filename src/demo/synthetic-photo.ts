import sharp from 'sharp';

/**
 * Synthetic photographs for the demo and for matching tests, from a seed: a sum of random waves
 * whose amplitude falls as 1/frequency² (the power spectrum of natural images falls about that
 * fast), with correlated colour channels. Never real media: the demo and the fixtures show only
 * these. Shapes alone make PDQ fragile in a way photos are not: with few large structures many
 * DCT coefficients sit near the median.
 */
export async function syntheticPhoto(seed: number, width = 640, height = 480): Promise<Buffer> {
  let s = seed >>> 0 || 1;
  const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const waves = Array.from({ length: 48 }, () => {
    const f = 1 + rand() * 24;
    const angle = rand() * Math.PI * 2;
    return { kx: (f * Math.cos(angle) * 2 * Math.PI) / width, ky: (f * Math.sin(angle) * 2 * Math.PI) / height, a: 1 / (f * f), p: rand() * Math.PI * 2, chroma: rand() * 2 - 1 };
  });
  const tint = [rand(), rand(), rand()];
  const luma = new Float32Array(width * height);
  const chroma = new Float32Array(width * height);
  for (const w of waves) {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const v = w.a * Math.sin(w.kx * x + w.ky * y + w.p);
        luma[y * width + x]! += v;
        chroma[y * width + x]! += v * w.chroma;
      }
    }
  }
  let min = Infinity;
  let max = -Infinity;
  for (const v of luma) { if (v < min) min = v; if (v > max) max = v; }
  const px = Buffer.alloc(width * height * 3);
  for (let i = 0; i < luma.length; i++) {
    const l = ((luma[i]! - min) / (max - min)) * 220 + 18;
    for (let k = 0; k < 3; k++) px[i * 3 + k] = Math.max(0, Math.min(255, l + (tint[k]! - 0.5) * 60 + chroma[i]! * 25 * (k - 1)));
  }
  return sharp(px, { raw: { width, height, channels: 3 } }).jpeg({ quality: 92 }).toBuffer();
}

import sharp from 'sharp';

/**
 * Synthetic photographs for matching tests, from a seed: a sum of random waves whose amplitude
 * falls as 1/frequency² (the power spectrum of natural images falls about that fast), with correlated colour channels. Never
 * real media (the guide forbids it in fixtures). Shapes alone make PDQ fragile in a way photos
 * are not: with few large structures many DCT coefficients sit near the median.
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

/** The alterations a re-uploader makes, each of which must still match (issue 5, point 6). */
export async function alterations(original: Buffer): Promise<Record<string, Buffer>> {
  const { width, height } = await sharp(original).metadata();
  const w = width!;
  const h = height!;
  // 5% of the picture cropped away: a border of about 1.3% on every side.
  const side = (1 - Math.sqrt(0.95)) / 2;
  const cropX = Math.round(w * side);
  const cropY = Math.round(h * side);
  // A small semi-transparent text mark in a corner, as sites stamp their name.
  const mark = Buffer.from(`<svg width="${Math.round(w / 6)}" height="${Math.round(h / 14)}"><text x="2" y="75%" font-size="${Math.round(h / 24)}" fill="white" fill-opacity="0.7" font-family="sans-serif">@upload</text></svg>`);
  return {
    resized: await sharp(original).resize(Math.round(w * 0.6)).jpeg({ quality: 90 }).toBuffer(),
    recompressedQ50: await sharp(original).jpeg({ quality: 50 }).toBuffer(),
    cropped5pct: await sharp(original).extract({ left: cropX, top: cropY, width: w - 2 * cropX, height: h - 2 * cropY }).jpeg().toBuffer(),
    watermarked: await sharp(original).composite([{ input: mark, gravity: 'southeast' }]).jpeg({ quality: 90 }).toBuffer(),
    greyscale: await sharp(original).greyscale().jpeg({ quality: 90 }).toBuffer(),
    png: await sharp(original).png().toBuffer(),
  };
}

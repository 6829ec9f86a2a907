import sharp from 'sharp';

// The generator lives with the demo, which shows synthetic pictures too; tests take it from here.
export { syntheticPhoto } from '../../src/demo/synthetic-photo.js';

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

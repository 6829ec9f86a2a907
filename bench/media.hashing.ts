/**
 * Image hashing speed (issue 5, benchmark 8a), on ONE core: the process kept on one CPU (see
 * media.bench.ts), libvips limited to one thread, and every image handled after the previous one finished.
 *
 * (a) the 40 pixel-exact PNGs of ../shared/pdq: bytes -> PDQ hash (and a check they stay bit-exact);
 * (b) synthetic one-megapixel JPEGs made in the run: bytes -> PDQ + MD5 + SHA-256 (hashImage);
 * (c) the same JPEGs decoded to raw pixels by sharp alone, at full size, in the same run.
 * (b)/(c) says what hashing costs over merely reading the image; the target is at least 0.60
 * (Meta's C++ reference: ~72 one-megapixel JPEGs/s, 60% of decode-only). (b) and (c) alternate
 * pass by pass so both see the same machine. libvips' operation cache is off for the run, or
 * repeated decodes of the same bytes would be answered from it.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { decodeForHashing } from '../src/modules/media/pdq/decode.js';
import { hashImage } from '../src/modules/media/pdq/hash-image.js';
import { PdqHasher } from '../src/modules/media/pdq/pdq.js';
import { percentile } from './contact.summary.js';

export const JPEG_WIDTH = 1224;
export const JPEG_HEIGHT = 816;
export const JPEG_QUALITY = 85;
export const RATIO_TARGET = 0.6;

export interface RateFigures {
  images: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Process CPU time (all threads) per image: steadier than wall time on a shared machine. */
  cpuMsPerImage: number;
}

export interface HashingFigures {
  benchmark: 'media-hashing';
  machine: {
    node: string;
    sharp: string;
    libvips: string;
    sharpConcurrency: number;
    /** The one CPU the process was kept on (taskset), or null when it ran unpinned. */
    pinnedCpu: number | null;
    loadAverage1m: [number, number];
  };
  pixelExactPngs: RateFigures & { files: number; bitExact: number };
  jpeg: {
    count: number;
    width: number;
    height: number;
    quality: number;
    meanBytes: number;
    endToEnd: RateFigures;
    decodeOnly: RateFigures;
    /** endToEnd.perSecond / decodeOnly.perSecond (wall clock), and the same from CPU time. */
    ratio: number;
    cpuRatio: number;
    target: number;
    met: boolean;
  };
}

const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

/** Images/s from the total wall time, percentiles from each image's own time. */
export function rateFigures(perImageMs: readonly number[], totalMs: number, cpuMs: number): RateFigures {
  const sorted = Float64Array.from(perImageMs).sort();
  const n = perImageMs.length;
  return {
    images: n,
    perSecond: totalMs > 0 ? round(n / (totalMs / 1000), 1) : 0,
    p50Ms: round(percentile(sorted, 50)),
    p99Ms: round(percentile(sorted, 99)),
    cpuMsPerImage: n > 0 ? round(cpuMs / n) : 0,
  };
}

/**
 * A deterministic photo-like RGB picture: a tilted two-colour gradient, soft discs, a ripple and
 * grain. Not a photograph, but neither flat (which JPEG decodes too fast) nor pure noise (too slow).
 */
export function syntheticPhoto(seed: number, width: number, height: number): Buffer {
  let state = (seed * 0x9e3779b9 + 0x6d2b79f5) >>> 0;
  const random = (): number => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const from = [random() * 255, random() * 255, random() * 255];
  const to = [random() * 255, random() * 255, random() * 255];
  const angle = random() * Math.PI;
  const [dx, dy] = [Math.cos(angle) / width, Math.sin(angle) / height];
  const discs = Array.from({ length: 6 }, () => ({
    x: random() * width, y: random() * height, r: (0.05 + random() * 0.2) * width,
    rgb: [random() * 255, random() * 255, random() * 255],
  }));
  const ripple = 0.02 + random() * 0.08;
  const out = Buffer.alloc(width * height * 3);
  const rgb = [0, 0, 0];
  for (let y = 0, q = 0; y < height; y++) {
    for (let x = 0; x < width; x++, q += 3) {
      const t = Math.min(1, Math.max(0, (x * dx + y * dy + 1) / 2));
      const shade = 12 * Math.sin(x * ripple) * Math.cos(y * ripple * 0.7) + (random() - 0.5) * 16;
      for (let c = 0; c < 3; c++) rgb[c] = from[c]! + (to[c]! - from[c]!) * t;
      for (const d of discs) {
        const d2 = (x - d.x) ** 2 + (y - d.y) ** 2;
        if (d2 >= d.r * d.r) continue;
        const edge = Math.min(1, (d.r - Math.sqrt(d2)) / 8) * 0.8; // soft 8 px rim
        for (let c = 0; c < 3; c++) rgb[c] = rgb[c]! + (d.rgb[c]! - rgb[c]!) * edge;
      }
      for (let c = 0; c < 3; c++) out[q + c] = Math.min(255, Math.max(0, Math.round(rgb[c]! + shade)));
    }
  }
  return out;
}

interface Timed {
  perImageMs: number[];
  totalMs: number;
  cpuMs: number;
}

const newTimed = (): Timed => ({ perImageMs: [], totalMs: 0, cpuMs: 0 });

/** One pass over the inputs, one at a time, added to `into`. */
async function timePass(inputs: readonly Buffer[], work: (bytes: Buffer) => Promise<unknown>, into: Timed): Promise<void> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (const bytes of inputs) {
    const t = performance.now();
    await work(bytes);
    into.perImageMs.push(performance.now() - t);
  }
  into.totalMs += performance.now() - start;
  const used = process.cpuUsage(cpu);
  into.cpuMs += (used.user + used.system) / 1000;
}

const toFigures = (t: Timed): RateFigures => rateFigures(t.perImageMs, t.totalMs, t.cpuMs);

export async function runHashingBench(options: { seconds: number; jpegCount: number }): Promise<HashingFigures> {
  const shared = new URL('../shared/pdq/', pathToFileURL(process.cwd() + '/'));
  const previousConcurrency = sharp.concurrency();
  const previousCache = sharp.cache();
  sharp.cache(false);
  sharp.concurrency(1);
  const loadAtStart = loadavg()[0]!;
  try {
    // (a) pixel-exact PNGs: a third of the time.
    const rows = readFileSync(new URL('pixel-exact/expected.csv', shared), 'utf8').trim().split('\n').slice(1);
    const vectors = rows.map((row) => row.split(','));
    const pngs = vectors.map(([file]) => readFileSync(new URL(`pixel-exact/${file}`, shared)));
    const hasher = new PdqHasher();
    let bitExact = 0;
    for (const [i, bytes] of pngs.entries()) {
      const { hex, quality } = hasher.hash(await decodeForHashing(bytes));
      if (hex === vectors[i]![3] && quality === Number(vectors[i]![4])) bitExact++;
    }
    const pngTimed = newTimed();
    const pngDeadline = performance.now() + (options.seconds * 1000) / 3;
    do {
      await timePass(pngs, async (bytes) => hasher.hash(await decodeForHashing(bytes)), pngTimed);
    } while (performance.now() < pngDeadline);

    // (b) and (c): the rest of the time, alternating passes (and their order) to share conditions.
    const jpegs: Buffer[] = [];
    for (let i = 0; i < options.jpegCount; i++) {
      const raw = syntheticPhoto(i + 1, JPEG_WIDTH, JPEG_HEIGHT);
      jpegs.push(await sharp(raw, { raw: { width: JPEG_WIDTH, height: JPEG_HEIGHT, channels: 3 } }).jpeg({ quality: JPEG_QUALITY }).toBuffer());
    }
    const endToEnd = (bytes: Buffer) => hashImage(bytes, { contentType: 'image/jpeg' });
    const decodeOnly = (bytes: Buffer) => sharp(bytes).raw().toBuffer();
    await timePass(jpegs, endToEnd, newTimed()); // warm-up, not counted
    await timePass(jpegs, decodeOnly, newTimed());
    const hashed = newTimed();
    const decoded = newTimed();
    const deadline = performance.now() + (options.seconds * 1000 * 2) / 3;
    let pass = 0;
    do {
      const [first, second] = pass++ % 2 === 0 ? [endToEnd, decodeOnly] : [decodeOnly, endToEnd];
      await timePass(jpegs, first, first === endToEnd ? hashed : decoded);
      await timePass(jpegs, second, second === endToEnd ? hashed : decoded);
    } while (performance.now() < deadline);

    const e2e = toFigures(hashed);
    const dec = toFigures(decoded);
    const ratio = dec.perSecond > 0 ? round(e2e.perSecond / dec.perSecond) : 0;
    return {
      benchmark: 'media-hashing',
      machine: {
        node: process.version,
        sharp: sharp.versions.sharp ?? 'unknown',
        libvips: sharp.versions.vips,
        sharpConcurrency: sharp.concurrency(),
        pinnedCpu: process.env.BENCH_HASHING_CPU === undefined ? null : Number(process.env.BENCH_HASHING_CPU),
        loadAverage1m: [round(loadAtStart), round(loadavg()[0]!)],
      },
      pixelExactPngs: { ...toFigures(pngTimed), files: pngs.length, bitExact },
      jpeg: {
        count: jpegs.length,
        width: JPEG_WIDTH,
        height: JPEG_HEIGHT,
        quality: JPEG_QUALITY,
        meanBytes: Math.round(jpegs.reduce((sum, j) => sum + j.length, 0) / Math.max(1, jpegs.length)),
        endToEnd: e2e,
        decodeOnly: dec,
        ratio,
        cpuRatio: e2e.cpuMsPerImage > 0 ? round(dec.cpuMsPerImage / e2e.cpuMsPerImage) : 0,
        target: RATIO_TARGET,
        met: ratio >= RATIO_TARGET,
      },
    };
  } finally {
    sharp.concurrency(previousConcurrency);
    sharp.cache({ memory: previousCache.memory.max, files: previousCache.files.max, items: previousCache.items.max });
  }
}

/** The human-readable lines to print before the JSON. */
export function formatHashingReport(f: HashingFigures): string {
  const rate = (r: RateFigures) => `${r.perSecond}/s, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, ${r.cpuMsPerImage} ms CPU each (${r.images} images)`;
  const { jpeg } = f;
  return [
    `media hashing, one core (${f.machine.pinnedCpu === null ? 'NOT pinned' : `pinned to CPU ${f.machine.pinnedCpu}`}, libvips ${f.machine.libvips}, concurrency ${f.machine.sharpConcurrency}, node ${f.machine.node}, load ${f.machine.loadAverage1m.join(' -> ')})`,
    `(a) pixel-exact PNGs -> PDQ: ${rate(f.pixelExactPngs)}; bit-exact ${f.pixelExactPngs.bitExact}/${f.pixelExactPngs.files}`,
    `(b) ${jpeg.width}x${jpeg.height} q${jpeg.quality} JPEGs -> PDQ+MD5+SHA-256: ${rate(jpeg.endToEnd)}`,
    `(c) the same JPEGs, sharp decode only: ${rate(jpeg.decodeOnly)}`,
    `(b)/(c) = ${jpeg.ratio} (CPU time: ${jpeg.cpuRatio}); target >= ${jpeg.target}: ${jpeg.met ? 'met' : 'NOT met'}`,
  ].join('\n');
}

import { describe, expect, it } from 'vitest';
import { formatHashingReport, rateFigures, syntheticPhoto, type HashingFigures } from './media.hashing.js';

describe('media hashing benchmark helpers', () => {
  it('turns per-image times into images/s over the total time and nearest-rank percentiles', () => {
    const times = Array.from({ length: 100 }, (_, i) => i + 1); // 1..100 ms
    const figures = rateFigures(times, 5050, 2525);
    expect(figures).toEqual({ images: 100, perSecond: 19.8, p50Ms: 50, p99Ms: 99, cpuMsPerImage: 25.25 });
    expect(rateFigures([], 0, 0)).toEqual({ images: 0, perSecond: 0, p50Ms: 0, p99Ms: 0, cpuMsPerImage: 0 });
  });

  it('makes the same synthetic photo from the same seed, and a different one from another seed', () => {
    const a = syntheticPhoto(1, 120, 80);
    expect(a.length).toBe(120 * 80 * 3);
    expect(syntheticPhoto(1, 120, 80).equals(a)).toBe(true);
    expect(syntheticPhoto(2, 120, 80).equals(a)).toBe(false);
    expect(new Set(a).size).toBeGreaterThan(64); // varied, not flat
  });

  it('reports the ratio against its target in words', () => {
    const rate = { images: 10, perSecond: 50, p50Ms: 20, p99Ms: 30, cpuMsPerImage: 19 };
    const figures: HashingFigures = {
      benchmark: 'media-hashing',
      machine: { node: 'v20', sharp: '0.35.5', libvips: '8.18.7', sharpConcurrency: 1, pinnedCpu: 1, loadAverage1m: [0.5, 0.6] },
      pixelExactPngs: { ...rate, files: 40, bitExact: 40 },
      jpeg: {
        count: 20, width: 1224, height: 816, quality: 85, meanBytes: 150_000,
        endToEnd: rate, decodeOnly: { ...rate, perSecond: 100 }, ratio: 0.5, cpuRatio: 0.55, target: 0.6, met: false,
      },
    };
    const report = formatHashingReport(figures);
    expect(report).toContain('bit-exact 40/40');
    expect(report).toContain('(b)/(c) = 0.5');
    expect(report).toContain('NOT met');
    expect(formatHashingReport({ ...figures, jpeg: { ...figures.jpeg, ratio: 0.7, met: true } })).toContain(': met');
    expect(report).toContain('pinned to CPU 1');
    expect(formatHashingReport({ ...figures, machine: { ...figures.machine, pinnedCpu: null } })).toContain('NOT pinned');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boxColumns, boxRow, boxRowSampled, jaroszWindow, samplePositions } from './jarosz.js';

// The reference's box1DFloat as written upstream (strided, phase by phase): the oracle the
// streamed, cache-friendly passes must match bit for bit.
function referenceBox1D(input: Float64Array, inAt: number, output: Float64Array, outAt: number, length: number, stride: number, window: number): void {
  const half = Math.floor((window + 2) / 2);
  let li = 0;
  let ri = 0;
  let oi = 0;
  let sum = 0;
  let size = 0;
  for (let i = 0; i < half - 1; i++) { sum += input[inAt + ri]!; size++; ri += stride; }
  for (let i = 0; i < window - half + 1; i++) { sum += input[inAt + ri]!; size++; output[outAt + oi] = sum / size; ri += stride; oi += stride; }
  for (let i = 0; i < length - window; i++) {
    sum += input[inAt + ri]!;
    sum -= input[inAt + li]!;
    output[outAt + oi] = sum / size;
    li += stride; ri += stride; oi += stride;
  }
  for (let i = 0; i < half - 1; i++) { sum -= input[inAt + li]!; size--; output[outAt + oi] = sum / size; li += stride; oi += stride; }
}

const matrix = fc
  .record({ rows: fc.integer({ min: 5, max: 40 }), cols: fc.integer({ min: 5, max: 40 }), window: fc.integer({ min: 1, max: 5 }) })
  .filter(({ rows, cols, window }) => window <= rows && window <= cols)
  .chain(({ rows, cols, window }) =>
    fc.record({
      rows: fc.constant(rows),
      cols: fc.constant(cols),
      window: fc.constant(window),
      values: fc.float64Array({ minLength: rows * cols, maxLength: rows * cols, noNaN: true, noDefaultInfinity: true, min: 0, max: 255 }),
    }),
  );

describe('Jarosz box blur', () => {
  it('uses a window of floor((side + 127) / 128): 1 up to 128 px, 4 at 512 px', () => {
    expect([5, 64, 128, 129, 321, 384, 512].map(jaroszWindow)).toEqual([1, 1, 1, 2, 3, 3, 4]);
  });

  it('blurs a row exactly as the reference does, running-sum rounding included', () => {
    fc.assert(
      fc.property(matrix, ({ rows, cols, window, values }) => {
        const ours = new Float64Array(rows * cols);
        const theirs = new Float64Array(rows * cols);
        for (let r = 0; r < rows; r++) {
          boxRow(values, r * cols, ours, r * cols, cols, window);
          referenceBox1D(values, r * cols, theirs, r * cols, cols, 1, window);
        }
        expect(ours).toEqual(theirs);
      }),
    );
  });

  it('blurs columns swept row by row, from a small ring of rows, exactly as the strided reference does', () => {
    fc.assert(
      fc.property(matrix, ({ rows, cols, window, values }) => {
        const theirs = new Float64Array(rows * cols);
        for (let c = 0; c < cols; c++) referenceBox1D(values, c, theirs, c, rows, cols, window);
        const ringRows = window + 1;
        const ring = new Float64Array(ringRows * cols);
        const make = (row: number, at: number) => ring.set(values.subarray(row * cols, (row + 1) * cols), at);
        const ours = new Float64Array(rows * cols);
        const seen: number[] = [];
        boxColumns({ ring, ringRows, make }, rows, cols, window, new Float64Array(cols), new Float64Array(cols), (row, line) => {
          seen.push(row);
          ours.set(line.subarray(0, cols), row * cols);
        });
        expect(seen).toEqual([...Array(rows).keys()]);
        expect(ours).toEqual(theirs);
      }),
    );
  });

  it('keeps, when sampling, exactly the values the full row blur has at the sampled columns', () => {
    fc.assert(
      fc.property(matrix, ({ cols, window, values }) => {
        const full = new Float64Array(cols);
        boxRow(values, 0, full, 0, cols, window);
        const positions = samplePositions(cols, new Int32Array(64));
        const sampled = new Float64Array(64);
        boxRowSampled(values, 0, cols, window, positions, sampled, 0, 1);
        expect(Array.from(sampled)).toEqual(Array.from(positions, (p) => full[p]));
      }),
    );
  });

  it('reads from an offset and writes with a stride exactly what it writes contiguously', () => {
    fc.assert(
      fc.property(matrix, fc.nat(5), ({ cols, window, values }, offset) => {
        const positions = samplePositions(cols, new Int32Array(64));
        const contiguous = new Float64Array(64);
        boxRowSampled(values, 0, cols, window, positions, contiguous, 0, 1);
        const shifted = new Float64Array(offset + values.length);
        shifted.set(values, offset);
        const strided = new Float64Array(64 * 3 + 1);
        boxRowSampled(shifted, offset, cols, window, positions, strided, 1, 3);
        expect(Array.from(contiguous)).toEqual(Array.from({ length: 64 }, (_, k) => strided[1 + 3 * k]));
      }),
    );
  });

  it('samples cell centres, repeating pixels when the side is under 64', () => {
    const at512 = samplePositions(512, new Int32Array(64));
    expect([at512[0], at512[1], at512[63]]).toEqual([4, 12, 508]);
    const at10 = samplePositions(10, new Int32Array(64));
    expect(at10[0]).toBe(0);
    expect(at10[63]).toBe(9);
    expect(new Set(at10).size).toBe(10);
  });
});

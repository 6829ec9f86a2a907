// PDQ's Jarosz filter: box blurs along rows then columns, twice, approximating a tent filter before
// the image is sampled at 64x64. Each 1-D blur is exactly the reference's box1DFloat: a running sum
// (added to and subtracted from, never recomputed) whose rounding is part of the hash, so the
// operations and their order are kept even where a cleverer sum would be faster.

// Each pass blurs over 1/128 of the side, so two passes cover one 1/64 cell of the 64x64 sample.
const WINDOW_DIVISOR = 128;

/** The box width along a side of `length` pixels: floor((length + 127) / 128). */
export function jaroszWindow(length: number): number {
  return Math.floor((length + WINDOW_DIVISOR - 1) / WINDOW_DIVISOR);
}

/**
 * One blur along a row of `length` values from input[inAt], into output[outAt]. The window is
 * centred with half = floor((window + 2) / 2) and shrinks at both ends, as in the reference.
 */
export function boxRow(
  input: Float64Array,
  inAt: number,
  output: Float64Array,
  outAt: number,
  length: number,
  window: number,
): void {
  const half = Math.floor((window + 2) / 2);
  // Dividing by a power of two is exact as a multiplication by its inverse, and much cheaper.
  const inverse = isPowerOfTwo(window) ? 1 / window : 0;
  let ri = inAt; // the window's leading edge (added), trailing edge (subtracted), and output
  let li = inAt;
  let oi = outAt;
  let sum = 0;
  let size = 0;
  for (let i = 0; i < half - 1; i++) {
    sum += input[ri++]!;
    size++;
  }
  for (let i = window - half + 1; i > 0; i--) {
    sum += input[ri++]!;
    size++;
    output[oi++] = sum / size;
  }
  if (inverse) {
    for (let i = length - window; i > 0; i--) {
      sum += input[ri++]!;
      sum -= input[li++]!;
      output[oi++] = sum * inverse;
    }
  } else {
    for (let i = length - window; i > 0; i--) {
      sum += input[ri++]!;
      sum -= input[li++]!;
      output[oi++] = sum / size;
    }
  }
  for (let i = 0; i < half - 1; i++) {
    sum -= input[li++]!;
    size--;
    output[oi++] = sum / size;
  }
}

/**
 * The same blur over input[inAt .. inAt + length), keeping only the values at `positions`
 * (ascending, 64 of them): sample k goes to out[outAt + k * outStride]. The running sum still
 * visits every value, since its rounding depends on all of them. Used for the rows (outStride 1
 * or the column count, to store them transposed) and for the 64 sampled columns once transposed.
 */
export function boxRowSampled(
  input: Float64Array,
  inAt: number,
  length: number,
  window: number,
  positions: Int32Array,
  out: Float64Array,
  outAt: number,
  outStride: number,
): void {
  const half = Math.floor((window + 2) / 2);
  const head = window - half + 1; // outputs while the window grows
  const body = length - window; // outputs at full size
  let ri = inAt;
  let li = inAt;
  let oi = 0; // the next output position the running sum will reach
  let sum = 0;
  let size = 0;
  for (let i = 0; i < half - 1; i++) {
    sum += input[ri++]!;
    size++;
  }
  // The running sum advances in runs between sampled positions: no test per value.
  for (let k = 0; k < 64; k++) {
    const wanted = positions[k]!;
    while (oi < head && oi <= wanted) {
      sum += input[ri++]!;
      size++;
      oi++;
    }
    const bodyEnd = Math.min(wanted + 1, head + body);
    for (; oi < bodyEnd; oi++) {
      sum += input[ri++]!;
      sum -= input[li++]!;
    }
    for (; oi <= wanted; oi++) {
      sum -= input[li++]!;
      size--;
    }
    out[outAt + outStride * k] = sum / size;
  }
}

const isPowerOfTwo = (n: number): boolean => n > 0 && (n & (n - 1)) === 0;

/** Rows fed to boxColumns: read from `ring`, row r at ((r % ringRows) * cols), made on demand. */
export interface RowSource {
  ring: Float64Array;
  /** At least window + 1, so a row is only overwritten once the window has left it. */
  ringRows: number;
  /** Writes source row `row` at ring[at..at + cols) just before it is first read; omit for a full matrix. */
  make?: (row: number, at: number) => void;
}

/**
 * The same blur down every column of a rows x cols matrix, swept row by row with one running sum
 * per column: per column the very operations of the reference, in its order (so the same bits),
 * while memory is touched a row at a time. Input rows may come from a small ring filled on demand,
 * so the whole pipeline streams through cache. Each finished output row goes to `emit(row,
 * values)`; `line` (cols long) holds it until the next row.
 */
export function boxColumns(
  source: RowSource,
  rows: number,
  cols: number,
  window: number,
  sums: Float64Array,
  line: Float64Array,
  emit: (row: number, values: Float64Array) => void,
): void {
  const { ring: input, ringRows, make } = source;
  const half = Math.floor((window + 2) / 2);
  const lead = (r: number): number => {
    const at = (r % ringRows) * cols;
    make?.(r, at);
    return at;
  };
  sums.fill(0, 0, cols);
  let ri = 0; // the leading (added) and trailing (subtracted) rows
  let li = 0;
  let row = 0;
  let size = 0;
  for (let i = 0; i < half - 1; i++) {
    const at = lead(ri++);
    for (let c = 0; c < cols; c++) sums[c] = sums[c]! + input[at + c]!;
    size++;
  }
  for (let i = window - half + 1; i > 0; i--) {
    const at = lead(ri++);
    size++;
    for (let c = 0; c < cols; c++) line[c] = (sums[c] = sums[c]! + input[at + c]!) / size;
    emit(row++, line);
  }
  const inverse = isPowerOfTwo(window) ? 1 / window : 0;
  for (let i = rows - window; i > 0; i--) {
    const at = lead(ri++);
    const lt = (li++ % ringRows) * cols;
    if (inverse) {
      for (let c = 0; c < cols; c++) {
        let s = sums[c]! + input[at + c]!;
        s -= input[lt + c]!;
        sums[c] = s;
        line[c] = s * inverse;
      }
    } else {
      for (let c = 0; c < cols; c++) {
        let s = sums[c]! + input[at + c]!;
        s -= input[lt + c]!;
        sums[c] = s;
        line[c] = s / size;
      }
    }
    emit(row++, line);
  }
  for (let i = 0; i < half - 1; i++) {
    const lt = (li++ % ringRows) * cols;
    size--;
    for (let c = 0; c < cols; c++) line[c] = (sums[c] = sums[c]! - input[lt + c]!) / size;
    emit(row++, line);
  }
}

/** Where the 64 samples fall along a side: the centre of each 1/64 cell, floor((k + 0.5) * length / 64). */
export function samplePositions(length: number, out: Int32Array): Int32Array {
  for (let k = 0; k < 64; k++) out[k] = Math.floor(((k + 0.5) * length) / 64);
  return out;
}

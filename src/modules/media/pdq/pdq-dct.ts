// The frequency half of PDQ: quality of the 64x64 sample, its 16x16 low-frequency DCT, the median
// threshold and the hex form. Pure; double precision in the reference's order of operations.

/** DCT-II rows 1..16 (the DC row 0 is skipped): D[i][j] = sqrt(2/64) cos(pi/128 (i+1)(2j+1)). */
const DCT = (() => {
  const d = new Float64Array(16 * 64);
  const scale = Math.sqrt(2 / 64);
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < 64; j++) d[i * 64 + j] = scale * Math.cos((Math.PI / 2 / 64) * (i + 1) * (2 * j + 1));
  }
  return d;
})();

/** Counts significant neighbour gradients: the reference's heuristic, with its integer truncations. */
export function imageDomainQuality(a: Float64Array): number {
  let gradientSum = 0;
  for (let i = 0; i < 63; i++) {
    for (let j = 0; j < 64; j++) {
      gradientSum += Math.abs(Math.trunc(((a[i * 64 + j]! - a[(i + 1) * 64 + j]!) * 100) / 255));
    }
  }
  for (let i = 0; i < 64; i++) {
    for (let j = 0; j < 63; j++) {
      gradientSum += Math.abs(Math.trunc(((a[i * 64 + j]! - a[i * 64 + j + 1]!) * 100) / 255));
    }
  }
  return Math.min(100, Math.trunc(gradientSum / 90));
}

/**
 * B = D A D^T (16x16) from the 64x64 sample A, via T = D A (16x64). Only the low frequencies the
 * hash uses are computed; every sum runs over k ascending from 0, as in the reference.
 */
export function dct64To16(a: Float64Array, t: Float64Array, b: Float64Array): void {
  // Four columns of T at a time, each summed in its own variable (k ascending from 0, as the
  // reference): the same additions in the same order, without a load and store of T per term.
  for (let i = 0; i < 16; i++) {
    const di = i * 64;
    for (let j = 0; j < 64; j += 4) {
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let k = 0, ak = j; k < 64; k++, ak += 64) {
        const d = DCT[di + k]!;
        s0 += d * a[ak]!;
        s1 += d * a[ak + 1]!;
        s2 += d * a[ak + 2]!;
        s3 += d * a[ak + 3]!;
      }
      t[di + j] = s0;
      t[di + j + 1] = s1;
      t[di + j + 2] = s2;
      t[di + j + 3] = s3;
    }
  }
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < 16; j++) {
      let sum = 0;
      for (let k = 0; k < 64; k++) sum += t[i * 64 + k]! * DCT[j * 64 + k]!;
      b[i * 16 + j] = sum;
    }
  }
}

/**
 * Hash bits into 16 words: bit k = 16i + j (word i, bit j) is set when coefficient (i, j), read
 * transposed if asked, exceeds the median. `sorted` is 256 long scratch.
 */
export function dctToWords(dct: Float64Array, transposed: boolean, sorted: Float64Array, words: Uint16Array): void {
  sorted.set(dct);
  sorted.sort();
  // The reference's Torben median returns the lower middle value: the 128th smallest of 256.
  const median = sorted[127]!;
  for (let i = 0; i < 16; i++) {
    let word = 0;
    for (let j = 0; j < 16; j++) {
      if (dct[transposed ? j * 16 + i : i * 16 + j]! > median) word |= 1 << j;
    }
    words[i] = word;
  }
}

/** Sixteen 16-bit words printed from word 15 down to word 0, as the reference prints them. */
export function wordsToHex(words: Uint16Array): string {
  let hex = '';
  for (let w = 15; w >= 0; w--) hex += words[w]!.toString(16).padStart(4, '0');
  return hex;
}

/**
 * The reference's derivation of a rotated or flipped picture's DCT from the original's: mirroring
 * negates the odd frequencies along the mirrored axis, a quarter turn transposes (dct16OriginalTo*).
 */
export function dihedralFromDct(name: string, a: Float64Array, b: Float64Array): void {
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < 16; j++) {
      const v = a[i * 16 + j]!;
      const same = i * 16 + j;
      const transposed = j * 16 + i;
      switch (name) {
        case 'original': b[same] = v; break;
        case 'rotate90': b[transposed] = j & 1 ? v : -v; break;
        case 'rotate180': b[same] = (i + j) & 1 ? -v : v; break;
        case 'rotate270': b[transposed] = i & 1 ? v : -v; break;
        case 'flipx': b[same] = i & 1 ? v : -v; break;
        case 'flipy': b[same] = j & 1 ? v : -v; break;
        case 'flipplus1': b[transposed] = v; break;
        case 'flipminus1': b[transposed] = (i + j) & 1 ? -v : v; break;
        default: throw new RangeError(`PDQ: no dihedral variant named ${name}`);
      }
    }
  }
}

import { describe, expect, it } from 'vitest';
import { CROP_PADDINGS, padByEdge } from './crop-variants.js';

describe('growing a cropped picture back by its edges', () => {
  it('repeats the outermost pixels into the new border and keeps the picture in the middle', () => {
    // 2x2 RGB: red, green / blue, white
    const image = { data: Uint8Array.from([255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255]), width: 2, height: 2, channels: 3 as const };
    const padded = padByEdge(image, { name: 't', left: 0.5, right: 0.5, top: 0.5, bottom: 0 });
    expect(padded.width).toBe(4);
    expect(padded.height).toBe(3);
    const px = (x: number, y: number) => Array.from(padded.data.slice((y * 4 + x) * 3, (y * 4 + x) * 3 + 3));
    expect(px(0, 0)).toEqual([255, 0, 0]); // corner: top-left pixel repeated
    expect(px(3, 0)).toEqual([0, 255, 0]);
    expect(px(1, 1)).toEqual([255, 0, 0]); // the picture itself starts at (1, 1)
    expect(px(2, 2)).toEqual([255, 255, 255]);
    expect(px(0, 2)).toEqual([0, 0, 255]);
  });

  it('undoes a 5% area crop with a border of about 1.3% a side', () => {
    const five = CROP_PADDINGS.find((p) => p.name === 'uncrop-5pct')!;
    const keptArea = 1 / (1 + 2 * five.left) ** 2;
    expect(keptArea).toBeCloseTo(0.95, 6);
  });
});

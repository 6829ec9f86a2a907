import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hammingHex } from '../../src/modules/media/index/bits.js';
import { hashImage } from '../../src/modules/media/pdq/hash-image.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { testDriver } from '../support/database.js';
import { alterations, syntheticPhoto } from '../support/images.js';

// Issue 5, point 6: what a re-uploader does to a banked image must not get it past the check.
describe(`altered copies of a banked image are blocked (${testDriver})`, () => {
  let t: TestApp;
  const system = { type: 'system' } as const;
  const originals = [11, 22, 33];

  beforeAll(async () => {
    t = await createTestApp();
    const bank = await t.services.media.banks.create(system, { name: 'confirmed-test', kind: 'platform_confirmed' });
    const lines: string[] = [];
    for (const seed of originals) lines.push(`${(await hashImage(await syntheticPhoto(seed))).pdq},pdq,seed-${seed}`);
    expect((await t.services.media.banks.applyLines(system, bank.id, { format: 'csv', lines, firstLine: 1 })).added).toBe(3);
  });
  afterAll(() => t.close());

  it.each(originals)('synthetic photo %i: resized, recompressed at quality 50, cropped by 5 percent, watermarked, greyscale, as PNG', async (seed) => {
    const original = await syntheticPhoto(seed);
    const reference = (await hashImage(original)).pdq;
    for (const [name, bytes] of Object.entries(await alterations(original))) {
      const result = await t.services.media.check.check(system, { bytes, accountId: `reuploader-${seed}` });
      const [match] = result.matches;
      // The distance of the match that blocked it, and the plain PDQ distance for the record.
      expect({ name, verdict: result.verdict, label: match?.label, within: (match?.distance ?? 99) <= 31 })
        .toEqual({ name, verdict: 'block', label: `seed-${seed}`, within: true });
      if (match?.variant) expect(hammingHex(reference, result.hashes.pdq!)).toBeGreaterThan(match.distance);
    }
  });

  it('lets unrelated synthetic photos through', async () => {
    for (const seed of [101, 202, 303, 404, 505, 606]) {
      const result = await t.services.media.check.check(system, { bytes: await syntheticPhoto(seed), accountId: 'someone' });
      expect({ seed, verdict: result.verdict }).toEqual({ seed, verdict: 'allow' });
    }
  });
});

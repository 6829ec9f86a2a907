import { describe, expect, it } from 'vitest';
import { SignalsPacing } from './signals.pacing.js';

describe('signals pacing', () => {
  const paced = () => {
    let t = 1_000;
    const pacing = new SignalsPacing(30_000, () => t);
    return { pacing, advance: (ms: number) => (t += ms) };
  };

  it('evaluates a member at once the first time, and once more at the end of the window however often asked meanwhile', () => {
    const { pacing, advance } = paced();
    expect(pacing.take(['a', 'b'])).toEqual({ now: ['a', 'b'], later: [], laterInMs: 0 });
    advance(1_000);
    // a's window ends 29 s from now: his one more evaluation is queued for then.
    expect(pacing.take(['a', 'c'])).toEqual({ now: ['c'], later: ['a'], laterInMs: 29_000 });
    advance(1_000);
    expect(pacing.take(['a', 'a', 'b'])).toEqual({ now: [], later: ['b'], laterInMs: 28_000 });
    expect(pacing.take(['a', 'b'])).toMatchObject({ now: [], later: [] });
    // The queued evaluation runs whatever the window says, and starts a new one.
    advance(28_000);
    expect(pacing.take(['a', 'b'], true)).toMatchObject({ now: ['a', 'b'], later: [] });
    expect(pacing.take(['a'])).toEqual({ now: [], later: ['a'], laterInMs: 30_000 });
  });

  it('evaluates at once again after a quiet window, and forgets members it no longer needs', () => {
    const { pacing, advance } = paced();
    pacing.take(['a', 'b', 'c']);
    advance(30_001);
    expect(pacing.take(['a'])).toMatchObject({ now: ['a'], later: [] });
    expect(pacing.size).toBe(1);
  });

  it('queues a member once per window end, and evaluates him at once after it (its queued run may have been on another node)', () => {
    const { pacing, advance } = paced();
    pacing.take(['a']);
    advance(20_000);
    expect(pacing.take(['a'])).toMatchObject({ later: ['a'], laterInMs: 10_000 });
    advance(5_000);
    expect(pacing.take(['a']).later).toEqual([]);
    advance(30_000);
    expect(pacing.take(['a'])).toMatchObject({ now: ['a'], later: [] });
  });
});

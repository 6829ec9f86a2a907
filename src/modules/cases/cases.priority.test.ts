import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { categoryIds, isChildSafety, worseCategory } from './categories.js';
import { casePriority, queueKey, slaDue } from './cases.priority.js';

const base = { category: 'spam', minorInvolved: false, trustedFlagger: false, reporters: 1, signals: 0 };

describe('case priority and the queue order', () => {
  it('ranks child sexual abuse material above everything and spam lowest', () => {
    expect(casePriority({ ...base, category: 'csam' })).toBeGreaterThan(casePriority({ ...base, category: 'grooming' }));
    expect(casePriority({ ...base, category: 'grooming' })).toBeGreaterThan(casePriority({ ...base, category: 'fraud' }));
    expect(casePriority(base)).toBe(6);
  });

  it('raises priority for a minor, a trusted flagger, more reporters and signals, within 0-100', () => {
    fc.assert(
      fc.property(fc.constantFrom(...categoryIds), fc.boolean(), fc.boolean(), fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 20 }), (category, minor, trusted, reporters, signals) => {
        const p = casePriority({ category, minorInvolved: minor, trustedFlagger: trusted, reporters, signals });
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(100);
        expect(casePriority({ category, minorInvolved: true, trustedFlagger: trusted, reporters, signals })).toBeGreaterThanOrEqual(p);
        expect(casePriority({ category, minorInvolved: minor, trustedFlagger: true, reporters, signals })).toBeGreaterThanOrEqual(p);
        expect(casePriority({ category, minorInvolved: minor, trustedFlagger: trusted, reporters: reporters + 1, signals })).toBeGreaterThanOrEqual(p);
      }),
    );
  });

  it('lets an urgent new case overtake an ordinary old one, and waiting time count', () => {
    const t0 = new Date('2026-06-01T08:00:00Z');
    const oldSpam = queueKey(t0, casePriority(base));
    const newCsam = queueKey(new Date(t0.getTime() + 3_600_000), casePriority({ ...base, category: 'csam', minorInvolved: true }));
    expect(newCsam.getTime()).toBeLessThan(oldSpam.getTime());
    expect(queueKey(t0, 50).getTime()).toBeLessThan(queueKey(new Date(t0.getTime() + 1000), 50).getTime());
  });

  it('sets service-level timers: CSAM 1 hour, minors 4 hours, others 24 hours', () => {
    const t0 = new Date('2026-06-01T08:00:00Z');
    expect(slaDue(t0, 'csam').toISOString()).toBe('2026-06-01T09:00:00.000Z');
    expect(slaDue(t0, 'grooming').toISOString()).toBe('2026-06-01T12:00:00.000Z');
    expect(slaDue(t0, 'fraud').toISOString()).toBe('2026-06-02T08:00:00.000Z');
  });

  it('knows the child-safety categories and the worse of two', () => {
    expect([...categoryIds].filter(isChildSafety)).toEqual(['csam', 'grooming', 'minor_selling_sexual_content', 'underage_member']);
    expect(worseCategory('spam', 'csam')).toBe('csam');
    expect(worseCategory('grooming', 'fraud')).toBe('grooming');
  });
});

import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../policy/policy.document.js';
import { densestWindow, findSignals } from './signals.find.js';
import type { AdultActivity } from './signals.repo.js';

const now = new Date('2026-06-15T12:00:00Z');
const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();
const quiet: AdultActivity = { birthDate: '1980-01-01', firstContacts: [], contactedMinors: 0, rejectingMinors: [], ageGapDenials: [], buffsToMinors: [] };
const t = defaultPolicy.signals;

describe('behaviour signals', () => {
  it('finds nothing in quiet activity', () => {
    expect(findSignals(quiet, t, now)).toEqual([]);
  });

  it('counts distinct minors first contacted in 24 hours, at the threshold and not below', () => {
    const contacts = (n: number) => Array.from({ length: n }, (_, i) => ({ minor: `m${i}`, at: ago(60 * i + 1) }));
    expect(findSignals({ ...quiet, firstContacts: contacts(t.distinctMinorsFirstContacted24h - 1) }, t, now)).toEqual([]);
    const found = findSignals({ ...quiet, firstContacts: contacts(t.distinctMinorsFirstContacted24h) }, t, now);
    expect(found.map((f) => f.kind)).toEqual(['minor-first-contacts-24h']);
    expect(found[0]!.evidence.contacts).toHaveLength(t.distinctMinorsFirstContacted24h);
  });

  it('flags when most contacted minors ignored or blocked the adult', () => {
    const rejections = Array.from({ length: 3 }, (_, i) => ({ minor: `m${i}`, kind: 'block', at: ago(i) }));
    expect(findSignals({ ...quiet, contactedMinors: 6, rejectingMinors: rejections }, t, now)[0]).toMatchObject({ kind: 'minors-reject', value: 0.5 });
    expect(findSignals({ ...quiet, contactedMinors: 4, rejectingMinors: rejections }, t, now)).toEqual([]);
  });

  it('finds a burst of buffs only when they fall inside the window', () => {
    const spread = Array.from({ length: 20 }, (_, i) => ({ minor: `m${i}`, at: ago(1400 - i * 70) }));
    expect(findSignals({ ...quiet, buffsToMinors: spread }, t, now)).toEqual([]);
    const burst = Array.from({ length: 20 }, (_, i) => ({ minor: `m${i}`, at: ago(50 - i * 2) }));
    expect(findSignals({ ...quiet, buffsToMinors: burst }, t, now)[0]).toMatchObject({ kind: 'buff-burst-to-minors', value: 20 });
  });

  it('densest window returns the largest run within the span', () => {
    const items = [0, 1, 2, 50, 51, 52, 53].map((m) => ({ at: new Date(m * 60_000).toISOString() }));
    expect(densestWindow(items, 5 * 60_000)).toHaveLength(4);
    expect(densestWindow([], 1000)).toEqual([]);
  });
});

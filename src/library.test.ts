import { describe, expect, it } from 'vitest';
import { compilePolicy, decide } from './library.js';

describe('the embeddable contact rule', () => {
  const now = new Date('2026-06-15T10:00:00Z');

  it('decides from birth dates like the service does', () => {
    const result = decide({ from: { birthDate: '1990-01-01' }, to: { birthDate: '2010-01-01' }, kind: 'message', now });
    expect(result).toMatchObject({ allow: false, rule: 'age-gap', fromAge: 36, toAge: 16 });
    expect(decide({ from: { birthDate: '1990-01-01' }, to: { birthDate: '2010-01-01' }, kind: 'message', now, youngerWroteFirst: true }).allow).toBe(true);
  });

  it('takes a custom policy and rejects an invalid one naming the field', () => {
    const wide = compilePolicy({ ageGap: { maxYears: 30 } });
    expect(decide({ policy: wide, from: { birthDate: '1990-01-01' }, to: { birthDate: '2010-01-01' }, kind: 'message', now }).allow).toBe(true);
    expect(() => compilePolicy({ ageGap: { maxYears: -2 } })).toThrow(/maxYears/);
  });

  it('treats an unknown member by the policy default', () => {
    expect(decide({ from: { birthDate: '1980-05-05' }, to: null, kind: 'message', now })).toMatchObject({ allow: false, toAge: null });
  });
});

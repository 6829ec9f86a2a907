import { describe, expect, it } from 'vitest';
import { defaultPolicy, policyDocument } from './policy.document.js';
import { diffPolicies } from './policy.diff.js';

describe('policy diff', () => {
  it('names each changed leaf with its old and new value', () => {
    const next = policyDocument.parse({ ageGap: { maxYears: 4 }, media: { adultToMinor: 'allow' } });
    expect(diffPolicies(defaultPolicy, next)).toEqual([
      { path: 'ageGap.maxYears', before: 5, after: 4 },
      { path: 'media.adultToMinor', before: 'deny', after: 'allow' },
    ]);
  });

  it('finds nothing between equal documents', () => {
    expect(diffPolicies(defaultPolicy, policyDocument.parse({}))).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { categoryIds } from '../modules/cases/categories.js';
import { demoCaseScenarios, membersNeeded } from './cases.js';

describe('demo cases', () => {
  it('cover every report category', () => {
    expect(new Set(demoCaseScenarios.map((s) => s.category))).toEqual(new Set(categoryIds));
  });

  it('come from members, a trusted flagger and the public form, in English and Swedish', () => {
    const reporters = new Set(demoCaseScenarios.flatMap((s) => s.reporters));
    for (const r of ['member', 'minor_member', 'trusted_flagger', 'public', 'public_with_email']) expect(reporters).toContain(r);
    expect(new Set(demoCaseScenarios.map((s) => s.lang))).toEqual(new Set(['en', 'sv']));
  });

  it('include cases that will be overdue, claimed and escalated', () => {
    expect(demoCaseScenarios.some((s) => s.hoursAgo)).toBe(true);
    expect(demoCaseScenarios.filter((s) => s.then === 'claim').length).toBeGreaterThan(0);
    expect(demoCaseScenarios.filter((s) => s.then === 'escalate').length).toBeGreaterThan(0);
  });

  it('have unique keys and plain text without links or addresses (evidence is references only)', () => {
    expect(new Set(demoCaseScenarios.map((s) => s.key)).size).toBe(demoCaseScenarios.length);
    for (const s of demoCaseScenarios) {
      expect(s.explanation.length).toBeGreaterThan(20);
      expect(s.explanation).not.toMatch(/https?:|@|\.(jpe?g|png|gif|webp)\b/i);
    }
  });

  it('count the members they need', () => {
    expect(membersNeeded()).toEqual({ adults: 24, minors: 2 });
  });
});

import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../modules/policy/policy.document.js';
import { demoSignals, minorsNeeded, planBehaviour, type DemoCast } from './signals.js';

const now = new Date('2026-03-10T18:00:00Z');
const id = (n: number) => `m-${String(n).padStart(6, '0')}`;
const cast: DemoCast = {
  adults: [1, 2, 3, 4, 5].map(id),
  minors: Array.from({ length: 20 }, (_, i) => id(100 + i)),
  background: Array.from({ length: 40 }, (_, i) => id(200 + i)),
};
const thresholds = defaultPolicy.signals;
const plan = planBehaviour({ seed: 2025, now, cast, thresholds });
const hoursAgo = (e: Record<string, unknown>) => (now.getTime() - Date.parse(e.occurredAt as string)) / 3_600_000;
const scenario = (signal: string) => plan.scenarios.find((s) => s.signal === signal)!;

describe('demo behaviour plan', () => {
  it('is the same for the same cast, moment and seed, with unique event ids', () => {
    expect(planBehaviour({ seed: 2025, now, cast, thresholds })).toEqual(plan);
    const events = [...plan.background, ...plan.scenarios.flatMap((s) => s.events)];
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect(events.every((e) => hoursAgo(e) > 0 && hoursAgo(e) < 7 * 24)).toBe(true);
  });

  it('gives each signal its own adult', () => {
    expect(plan.scenarios.map((s) => s.signal)).toEqual([...demoSignals]);
    expect(plan.scenarios.map((s) => s.adult)).toEqual(cast.adults);
  });

  it('first-contacts more distinct minors than the 24-hour threshold within the last day', () => {
    const events = scenario('minor-first-contacts-24h').events;
    expect(new Set(events.map((e) => e.to)).size).toBe(thresholds.distinctMinorsFirstContacted24h + 1);
    expect(events.every((e) => hoursAgo(e) < 24)).toBe(true);
  });

  it('first-contacts more minors than the 7-day threshold, never enough within one day', () => {
    const events = scenario('minor-first-contacts-7d').events;
    expect(new Set(events.map((e) => e.to)).size).toBe(thresholds.distinctMinorsFirstContacted7d + 1);
    expect(events.every((e) => hoursAgo(e) > 24 && hoursAgo(e) < 6 * 24)).toBe(true);
  });

  it('has most of the contacted minors block or ignore the rejected adult', () => {
    const { adult, events } = scenario('minors-reject');
    const contacted = new Set(events.filter((e) => e.type === 'contact.attempted').map((e) => e.to));
    const rejections = events.filter((e) => e.type === 'member.blocked' || e.type === 'member.ignored');
    expect(contacted.size).toBeGreaterThanOrEqual(thresholds.minorRejectionMinContacts);
    expect(rejections.every((e) => e.whom === adult && contacted.has(e.by as string))).toBe(true);
    expect(rejections.length / contacted.size).toBeGreaterThanOrEqual(thresholds.minorRejectionShare);
  });

  it('asks for more age-gap decisions than the denial threshold, with no events', () => {
    const s = scenario('age-gap-denials-24h');
    expect(s.events).toEqual([]);
    expect(s.denials).toHaveLength(thresholds.ageGapDenials24h + 1);
    expect(s.denials.every((d) => d.from === s.adult && cast.minors.includes(d.to) && d.kind !== 'buff')).toBe(true);
  });

  it('bursts more buffs than the threshold within the window, to too few minors for the 24-hour signal', () => {
    const events = scenario('buff-burst-to-minors').events;
    expect(events.length).toBeGreaterThanOrEqual(thresholds.buffBurstToMinors);
    expect(events.every((e) => e.kind === 'buff')).toBe(true);
    const spanMinutes = (Math.max(...events.map(hoursAgo)) - Math.min(...events.map(hoursAgo))) * 60;
    expect(spanMinutes).toBeLessThanOrEqual(thresholds.buffBurstMinutes);
    expect(new Set(events.map((e) => e.to)).size).toBeLessThan(thresholds.distinctMinorsFirstContacted24h);
  });

  it('keeps ordinary activity among the background adults', () => {
    const members = new Set(cast.background);
    const involved = plan.background.flatMap((e) => [e.from ?? e.by, e.to ?? e.whom]);
    expect(plan.background.length).toBeGreaterThan(150);
    expect(involved.every((m) => members.has(m as string))).toBe(true);
    expect(new Set(plan.background.map((e) => e.type))).toEqual(new Set(['contact.attempted', 'message.sent', 'member.blocked', 'member.ignored']));
  });

  it('leaves out a scenario the cast has too few minors for', () => {
    const small = planBehaviour({ seed: 2025, now, cast: { ...cast, minors: cast.minors.slice(0, 8) }, thresholds });
    expect(minorsNeeded('minor-first-contacts-7d', thresholds)).toBeGreaterThan(8);
    expect(small.scenarios.map((s) => s.signal)).toEqual(demoSignals.filter((s) => s !== 'minor-first-contacts-7d'));
  });
});

import { describe, expect, it } from 'vitest';
import { publicTakedownBody } from '../modules/takedowns/takedowns.schemas.js';
import { browserHashes, demoTakedownScenarios } from './takedowns.js';

describe('demo takedown requests', () => {
  it('are valid public-form requests about a minor and sexual content, each with a police case number', () => {
    for (const s of demoTakedownScenarios) {
      const body = publicTakedownBody.parse({ ...s.form, content: s.content, hashes: [] });
      expect(body).toMatchObject({ under18: 'yes', sexual: true });
      expect(body.policeCaseNumber).toMatch(/^DEMO-/);
      expect(s.pictures.length).toBeGreaterThan(0);
    }
  });

  it('leave one waiting for review and have one confirmed, naming content no other demo request names', () => {
    expect(demoTakedownScenarios.filter((s) => s.confirmReason)).toHaveLength(1);
    expect(demoTakedownScenarios.filter((s) => !s.confirmReason)).toHaveLength(1);
    const content = demoTakedownScenarios.flatMap((s) => s.content);
    expect(new Set(content).size).toBe(content.length);
  });

  it('carry no links, and contact addresses only under example.org', () => {
    for (const s of demoTakedownScenarios) {
      expect(String(s.form.description)).not.toMatch(/https?:|@/);
      const email = (s.form.contact as { email?: string } | undefined)?.email;
      if (email) expect(email).toMatch(/@example\.org$/);
    }
  });

  it('send hashes of synthetic pictures only, the same for the same seed, of a quality the bank trusts', async () => {
    const a = await browserHashes(101, 'bild-1.jpg');
    expect(a).toEqual(await browserHashes(101, 'bild-1.jpg'));
    expect(a).toMatchObject({ pdq: expect.stringMatching(/^[0-9a-f]{64}$/), md5: expect.stringMatching(/^[0-9a-f]{32}$/), fileName: 'bild-1.jpg' });
    expect(a.quality).toBeGreaterThanOrEqual(50);
    expect((await browserHashes(102, 'x.jpg')).pdq).not.toBe(a.pdq);
  });
});

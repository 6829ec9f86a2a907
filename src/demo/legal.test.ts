import { describe, expect, it } from 'vitest';
import { referralSettings } from '../modules/referrals/referrals.facts.js';
import { readEnv } from '../config/env.js';
import { DEMO_NCMEC_ENV, useDemoReferralSettings } from './legal.js';

describe('the demo referral settings', () => {
  it('give a reporting person and profile links, so a CyberTipline report can validate, and leave sending off', () => {
    const env: NodeJS.ProcessEnv = {};
    expect(useDemoReferralSettings(env)).toEqual([]);
    const settings = referralSettings(readEnv(env));
    expect(settings.reporter).toMatchObject({ firstName: 'Johan', lastName: 'Berg', email: DEMO_NCMEC_ENV.TRYGG_NCMEC_REPORTER_EMAIL });
    expect(settings.reporter.profileUrlTemplate).toContain('{id}');
    expect(settings.api).toBeNull();
  });

  it("keep the installation's own reporter", () => {
    const env: NodeJS.ProcessEnv = { TRYGG_NCMEC_REPORTER_NAME: 'Anna Svensson', TRYGG_NCMEC_REPORTER_EMAIL: 'safety@community.example' };
    useDemoReferralSettings(env);
    expect(env).toMatchObject({ TRYGG_NCMEC_REPORTER_NAME: 'Anna Svensson', TRYGG_NCMEC_REPORTER_EMAIL: 'safety@community.example' });
  });

  it('drop the NCMEC address and account with a warning: a report about synthetic data must never be sent', () => {
    const env: NodeJS.ProcessEnv = { TRYGG_NCMEC_URL: 'https://exttest.cybertip.org/ispws', TRYGG_NCMEC_USERNAME: 'u', TRYGG_NCMEC_PASSWORD: 'p' };
    expect(useDemoReferralSettings(env)).toEqual([expect.stringContaining('never sent')]);
    expect(referralSettings(readEnv(env)).api).toBeNull();
    expect(env.TRYGG_NCMEC_PASSWORD).toBeUndefined();
  });
});

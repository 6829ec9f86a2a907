import { rolesRequiringTwoFactor, scopes, type Role, type Scope } from '../server/access.js';
import { totpCode } from '../modules/staff/totp.js';
import { TryggError } from '../server/errors.js';

/**
 * The demo's published sign-ins. Everything here is public (README, terminal output): a demo
 * database must never hold real data or face the internet.
 */
export interface DemoStaffMember {
  email: string;
  role: Role;
  displayName: string;
  password: string;
  /** Base32 TOTP secret, pre-enrolled for roles that require two-factor. */
  totpSecret?: string;
}

export const DEMO_STAFF: readonly DemoStaffMember[] = [
  { email: 'admin@demo.trygg.test', role: 'admin', displayName: 'Astrid Lindqvist', password: 'trygg-demo-admin', totpSecret: 'LBXRAIKNKECFMGR2PMJSIOREDUBAQPTI' },
  { email: 'moderator@demo.trygg.test', role: 'moderator', displayName: 'Mikkel Sørensen', password: 'trygg-demo-moderator' },
  { email: 'senior@demo.trygg.test', role: 'senior_moderator', displayName: 'Ingrid Haugen', password: 'trygg-demo-senior', totpSecret: 'CMLRI7KVDRSRK4CMIUEGO6BJMAEQAZJS' },
  { email: 'legal@demo.trygg.test', role: 'legal', displayName: 'Johan Berg', password: 'trygg-demo-legal', totpSecret: 'G43DQ2YLHYSVEEYKFNNGOWSMKNYQOMYH' },
  { email: 'auditor@demo.trygg.test', role: 'auditor', displayName: 'Freja Nielsen', password: 'trygg-demo-auditor' },
];

// A role that requires two-factor without a preset secret would lock the newcomer out.
for (const member of DEMO_STAFF) {
  if (rolesRequiringTwoFactor.has(member.role) !== Boolean(member.totpSecret)) {
    throw new Error(`demo staff ${member.email}: a TOTP secret exactly for roles that require two-factor`);
  }
}

export const DEMO_API_KEY_NAME = 'Demo platform (all scopes)';
/** A well-formed key (trygg_<prefix>_<secret>) with a fixed secret, so every demo prints the same. */
export const DEMO_API_KEY = 'trygg_demo00000000_HJwDstrj0VPdy3x7dY9vLGGg9HS-iRR5r5NPjVax7Pg';
export const DEMO_API_KEY_PREFIX = 'demo00000000';
export const DEMO_API_KEY_SCOPES: readonly Scope[] = scopes;

export const demoStaffByEmail = (email: string): DemoStaffMember | undefined =>
  DEMO_STAFF.find((m) => m.email === email.trim().toLowerCase());

/** The current two-factor code of a demo staff member, from the published secret. */
export function demoTwoFactorCode(email: string, at: Date): string {
  const member = demoStaffByEmail(email);
  if (!member) throw new TryggError(404, 'not-demo-staff', `${email} is not a demo staff member; known: ${DEMO_STAFF.map((m) => m.email).join(', ')}`);
  if (!member.totpSecret) throw new TryggError(409, 'no-two-factor', `${email} (${member.role}) signs in without two-factor`);
  return totpCode(member.totpSecret, at);
}

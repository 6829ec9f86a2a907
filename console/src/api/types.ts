// Shapes of the public HTTP API, mirrored from the OpenAPI document (/openapi.json).
// The console talks to Trygg only through this API, like any other client.

export const roles = ['admin', 'moderator', 'senior_moderator', 'legal', 'auditor'] as const;
export type Role = (typeof roles)[number];

export const scopes = ['events:write', 'decisions:read', 'reports:write', 'media:check', 'accounts:read'] as const;
export type Scope = (typeof scopes)[number];

export interface Staff {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  status: 'active' | 'disabled';
  twoFactorEnabled: boolean;
  lockedUntil: string | null;
  lastSignInAt: string | null;
  createdAt: string;
}

export type SessionState = 'active' | 'two_factor_pending' | 'enrolment_required';

export interface Session {
  staff: Staff;
  state: SessionState;
  csrfToken: string;
  twoFactorVerified: boolean;
  expiresAt: string;
}

export interface Enrolment {
  secret: string;
  otpauthUrl: string;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  scopes: Scope[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export const actorTypes = ['staff', 'api_key', 'system', 'anonymous'] as const;
export type ActorType = (typeof actorTypes)[number];

export interface ModerationEvent {
  seq: number;
  id: string;
  occurredAt: string;
  actorType: string;
  actorId: string | null;
  subjectType: string | null;
  subjectId: string | null;
  type: string;
  payload: unknown;
  hash: string;
}

export interface EventPage {
  items: ModerationEvent[];
  nextBefore: number | null;
}

export interface ChainCheck {
  ok: boolean;
  checked: number;
  lastSeq: number | null;
  firstBroken?: { seq: number; id: string; reason: string };
}

export interface Account {
  id: string;
  externalId: string;
  displayName: string;
  birthDate: string;
  age: number;
  country: string | null;
  locale: string | null;
  status: string;
  registeredAt: string;
  ageVerified: boolean;
  ageVerificationMethod: string | null;
  /** suspended | banned | restricted_from_minors; null when unrestricted. */
  restriction: string | null;
  restrictedUntil: string | null;
}

/** GET /v1/accounts/:externalId/overview (a two-factor session). */
export interface AccountOverview {
  account: Account | null;
  statistics: {
    minorsContacted: number;
    minorsFirstContacted24h: number;
    minorsFirstContacted7d: number;
    minorsWhoBlockedOrIgnored: number;
    ageGapDenials24h: number;
    buffsToMinors24h: number;
  };
  signals: SignalFinding[];
  cases: MemberCase[];
}

export interface SignalFinding {
  kind: string;
  value: number;
  threshold: number;
  /** Which minors, when, what was denied. */
  evidence: Record<string, unknown>;
}

export interface MemberCase {
  id: string;
  category: string;
  status: string;
  priority: number;
  openedAt: string;
  items: { kind: string; createdAt: string; evidence: unknown }[];
}

/** The contact policy (src/modules/policy/policy.document.ts). */
export interface PolicyDocument {
  timeZone: string;
  registration: { minimumAge: number };
  minors: { protectedAge: number };
  ageGap: { enabled: boolean; maxYears: number; buffsAllowed: boolean };
  media: { adultToMinor: 'deny' | 'allow' };
  restrictions: { restrictedMayContactMinors: boolean };
  unknownAge: { unknownAccount: 'minor' | 'adult' | 'deny'; unverified: 'claimed' | 'minor' };
  signals: {
    distinctMinorsFirstContacted24h: number;
    distinctMinorsFirstContacted7d: number;
    minorRejectionShare: number;
    minorRejectionMinContacts: number;
    ageGapDenials24h: number;
    buffBurstToMinors: number;
    buffBurstMinutes: number;
  };
}

export interface PolicyChange {
  path: string;
  before: unknown;
  after: unknown;
}

export interface PolicyVersion {
  /** 0 is the built-in default. */
  version: number;
  document: PolicyDocument;
  comment: string | null;
  /** The staff id of the admin who saved it. */
  createdBy: string | null;
  createdAt: string | null;
}

export type PolicyVersionWithChanges = PolicyVersion & { changes: PolicyChange[] };

export const contactKinds = ['message', 'buff', 'friend_request', 'image', 'video_call'] as const;
export type ContactKind = (typeof contactKinds)[number];

/** Every rule a decision can name (contactRules in src/modules/policy/contact-decision.ts). */
export const contactRules = [
  'minimum-age', 'unknown-account', 'restricted-sender', 'adult-media-to-minor', 'age-gap',
  'age-gap-buff-allowed', 'age-gap-younger-opened', 'age-gap-younger-may-open', 'no-restriction',
] as const;
export type ContactRule = (typeof contactRules)[number];

export interface ContactParty {
  known: boolean;
  age: number | null;
  minor: boolean;
  ageVerified: boolean;
  restricted: boolean;
}

export interface ContactDecision {
  allow: boolean;
  rule: ContactRule;
  reason: string;
  policyVersion: number;
  from: ContactParty;
  to: ContactParty;
  notes: string[];
}

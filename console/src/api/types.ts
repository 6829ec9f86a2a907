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
}

import type { Clock } from '../../lib/clock.js';
import { randomToken, seal, sha256Hex, unseal } from '../../lib/crypto.js';
import type { Database } from '../../storage/db.js';
import { rolesRequiringTwoFactor, type Role } from '../../server/access.js';
import { TryggError } from '../../server/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import { dummyHash, verifyPassword } from '../staff/passwords.js';
import type { StaffRepo } from '../staff/staff.repo.js';
import { normaliseEmail, toStaffView, type StaffView } from '../staff/staff.service.js';
import { newTotpSecret, totpStep, totpUri } from '../staff/totp.js';
import type { SessionRepo, SessionRow, StaffRow } from './auth.repo.js';

export type SessionState = 'active' | 'two_factor_pending' | 'enrolment_required';

export interface AuthPolicy {
  maxFailures: number;
  lockoutMinutes: number;
  idleMinutes: number;
  maxHours: number;
}

export const defaultAuthPolicy: AuthPolicy = { maxFailures: 5, lockoutMinutes: 15, idleMinutes: 60, maxHours: 12 };

export interface SignedInSession {
  staff: StaffView;
  state: SessionState;
  csrfToken: string;
  twoFactorVerified: boolean;
  expiresAt: string;
}

export interface ResolvedSession extends SignedInSession {
  tokenHash: string;
}

export interface RequestContext {
  ip?: string;
  userAgent?: string;
}

const invalidCredentials = () => new TryggError(401, 'invalid-credentials', 'E-mail or password is wrong');

export class AuthService {
  constructor(
    private readonly database: Database,
    private readonly staffRepo: StaffRepo,
    private readonly sessions: SessionRepo,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly totpKey: Buffer,
    private readonly policy: AuthPolicy = defaultAuthPolicy,
  ) {}

  async signIn(emailInput: string, password: string, ctx: RequestContext): Promise<SignedInSession & { token: string }> {
    const email = normaliseEmail(emailInput);
    const now = this.clock.now();
    const row = await this.staffRepo.byEmail(this.database.db, email);
    if (!row || row.status !== 'active') {
      await verifyPassword(await dummyHash(), password); // same work whether or not the account exists
      await this.audit.recordAlone({
        actor: { type: 'anonymous' },
        type: 'staff.sign_in_failed',
        subject: row ? { type: 'staff', id: row.id } : null,
        payload: { email, reason: row ? 'disabled' : 'unknown-email', ip: ctx.ip ?? null },
      });
      throw invalidCredentials();
    }
    if (row.lockedUntil && row.lockedUntil > now) throw this.lockedError(row.lockedUntil, now);
    if (!(await verifyPassword(row.passwordHash, password))) {
      await this.recordFailure(row.id, 'wrong-password', ctx);
      throw invalidCredentials();
    }
    const state: SessionState = row.totpEnabledAt
      ? 'two_factor_pending'
      : rolesRequiringTwoFactor.has(row.role as Role)
        ? 'enrolment_required'
        : 'active';
    const token = randomToken();
    const csrfToken = randomToken(24);
    const expiresAt = new Date(now.getTime() + this.policy.maxHours * 3_600_000);
    await this.database.db.transaction(async (tx) => {
      await this.staffRepo.update(tx, row.id, { failedSignIns: 0, lockedUntil: null, lastSignInAt: now });
      await this.sessions.insert(tx, {
        tokenHash: sha256Hex(token), staffId: row.id, state, csrfToken, createdAt: now, lastSeenAt: now, expiresAt,
        ip: ctx.ip ?? null, userAgent: ctx.userAgent?.slice(0, 512) ?? null,
      });
      await this.audit.record(tx, {
        actor: { type: 'staff', id: row.id },
        type: 'staff.signed_in',
        subject: { type: 'staff', id: row.id },
        payload: { state, ip: ctx.ip ?? null },
      });
    });
    return { token, staff: toStaffView(row), state, csrfToken, twoFactorVerified: false, expiresAt: expiresAt.toISOString() };
  }

  /** The session behind a cookie token, or null when unknown, revoked, idle too long or expired. */
  async resolve(token: string): Promise<ResolvedSession | null> {
    const tokenHash = sha256Hex(token);
    const found = await this.sessions.withStaff(this.database.db, tokenHash);
    if (!found) return null;
    const { session, staff } = found;
    const now = this.clock.now();
    const idleLimit = new Date(session.lastSeenAt.getTime() + this.policy.idleMinutes * 60_000);
    if (session.revokedAt || session.expiresAt <= now || idleLimit <= now || staff.status !== 'active') return null;
    // Touch at most once a minute: sliding expiry without a write per request.
    if (now.getTime() - session.lastSeenAt.getTime() > 60_000) {
      await this.sessions.update(this.database.db, tokenHash, { lastSeenAt: now });
    }
    return this.view(tokenHash, session, staff);
  }

  async signOut(session: ResolvedSession): Promise<void> {
    await this.database.db.transaction(async (tx) => {
      await this.sessions.update(tx, session.tokenHash, { revokedAt: this.clock.now() });
      await this.audit.record(tx, {
        actor: { type: 'staff', id: session.staff.id }, type: 'staff.signed_out', subject: { type: 'staff', id: session.staff.id },
      });
    });
  }

  /** Second step of sign-in for staff who have enrolled. */
  async verifyTwoFactor(session: ResolvedSession, code: string, ctx: RequestContext): Promise<ResolvedSession> {
    const now = this.clock.now();
    return this.withLockedStaff(session, async (tx, row) => {
      if (!row.totpSecret) throw new TryggError(409, 'two-factor-not-enrolled', 'Two-factor is not enrolled for this account');
      const step = totpStep(unseal(this.totpKey, row.totpSecret), code.trim(), now);
      if (step === null || (row.totpLastStep !== null && step <= row.totpLastStep)) return null;
      await this.staffRepo.update(tx, row.id, { totpLastStep: step, failedSignIns: 0 });
      await this.sessions.update(tx, session.tokenHash, { state: 'active', twoFactorAt: now });
      await this.audit.record(tx, {
        actor: { type: 'staff', id: row.id }, type: 'staff.two_factor_verified', subject: { type: 'staff', id: row.id },
        payload: { ip: ctx.ip ?? null },
      });
      return 'ok';
    }, ctx);
  }

  /** Starts enrolment: a new secret, kept sealed until a code from it is confirmed. */
  async startEnrolment(session: ResolvedSession): Promise<{ secret: string; otpauthUrl: string }> {
    const secret = newTotpSecret();
    await this.database.db.transaction(async (tx) => {
      const row = await this.staffRepo.byIdForUpdate(tx, session.staff.id);
      if (!row) throw new TryggError(401, 'session-invalid', 'Session no longer valid');
      if (row.totpEnabledAt) throw new TryggError(409, 'two-factor-enrolled', 'Two-factor is already enrolled; an admin can reset it');
      await this.staffRepo.update(tx, row.id, { totpPendingSecret: seal(this.totpKey, secret) });
    });
    return { secret, otpauthUrl: totpUri(session.staff.email, secret) };
  }

  async confirmEnrolment(session: ResolvedSession, code: string, ctx: RequestContext): Promise<ResolvedSession> {
    const now = this.clock.now();
    return this.withLockedStaff(session, async (tx, row) => {
      if (row.totpEnabledAt) throw new TryggError(409, 'two-factor-enrolled', 'Two-factor is already enrolled');
      if (!row.totpPendingSecret) throw new TryggError(409, 'no-enrolment', 'Start enrolment first');
      const step = totpStep(unseal(this.totpKey, row.totpPendingSecret), code.trim(), now);
      if (step === null) return null;
      await this.staffRepo.update(tx, row.id, {
        totpSecret: row.totpPendingSecret, totpPendingSecret: null, totpEnabledAt: now, totpLastStep: step,
        failedSignIns: 0, updatedAt: now,
      });
      await this.sessions.update(tx, session.tokenHash, { state: 'active', twoFactorAt: now });
      await this.audit.record(tx, {
        actor: { type: 'staff', id: row.id }, type: 'staff.two_factor_enrolled', subject: { type: 'staff', id: row.id },
      });
      return 'ok';
    }, ctx);
  }

  /**
   * Enrols a known secret without a sign-in (the demo's published staff): sealed and audited
   * like an enrolment confirmed in the console. False when two-factor was already enrolled.
   */
  async presetTwoFactor(actor: Actor, staffId: string, secret: string): Promise<boolean> {
    const now = this.clock.now();
    return this.database.db.transaction(async (tx) => {
      const row = await this.staffRepo.byIdForUpdate(tx, staffId);
      if (!row) throw new TryggError(404, 'not-found', 'Staff account not found');
      if (row.totpEnabledAt) return false;
      await this.staffRepo.update(tx, staffId, {
        totpSecret: seal(this.totpKey, secret), totpPendingSecret: null, totpEnabledAt: now, totpLastStep: null, updatedAt: now,
      });
      await this.audit.record(tx, {
        actor, type: 'staff.two_factor_enrolled', subject: { type: 'staff', id: staffId }, payload: { preset: true },
      });
      return true;
    });
  }

  async revokeAllFor(db: Parameters<SessionRepo['revokeAllFor']>[0], staffId: string): Promise<void> {
    await this.sessions.revokeAllFor(db, staffId, this.clock.now());
  }

  /** Runs a code check with the staff row locked; a wrong code counts toward lockout. */
  private async withLockedStaff(
    session: ResolvedSession,
    check: (tx: Parameters<Parameters<Database['db']['transaction']>[0]>[0], row: StaffRow) => Promise<'ok' | null>,
    ctx: RequestContext,
  ): Promise<ResolvedSession> {
    const now = this.clock.now();
    const outcome = await this.database.db.transaction(async (tx) => {
      const row = await this.staffRepo.byIdForUpdate(tx, session.staff.id);
      if (!row) throw new TryggError(401, 'session-invalid', 'Session no longer valid');
      if (row.lockedUntil && row.lockedUntil > now) throw this.lockedError(row.lockedUntil, now);
      return check(tx, row);
    });
    if (outcome === null) {
      await this.recordFailure(session.staff.id, 'wrong-two-factor-code', ctx);
      throw new TryggError(401, 'invalid-two-factor-code', 'The two-factor code is wrong or was already used');
    }
    const refreshed = await this.resolveByHash(session.tokenHash);
    if (!refreshed) throw new TryggError(401, 'session-invalid', 'Session no longer valid');
    return refreshed;
  }

  private async resolveByHash(tokenHash: string): Promise<ResolvedSession | null> {
    const found = await this.sessions.withStaff(this.database.db, tokenHash);
    return found ? this.view(tokenHash, found.session, found.staff) : null;
  }

  private view(tokenHash: string, session: SessionRow, staff: StaffRow): ResolvedSession {
    return {
      tokenHash,
      staff: toStaffView(staff),
      state: session.state as SessionState,
      csrfToken: session.csrfToken,
      twoFactorVerified: session.twoFactorAt !== null,
      expiresAt: session.expiresAt.toISOString(),
    };
  }

  private async recordFailure(staffId: string, reason: string, ctx: RequestContext): Promise<void> {
    const now = this.clock.now();
    await this.database.db.transaction(async (tx) => {
      const row = await this.staffRepo.byIdForUpdate(tx, staffId);
      if (!row) return;
      const failures = row.failedSignIns + 1;
      const locks = failures >= this.policy.maxFailures;
      await this.staffRepo.update(tx, staffId, {
        failedSignIns: locks ? 0 : failures,
        lockedUntil: locks ? new Date(now.getTime() + this.policy.lockoutMinutes * 60_000) : row.lockedUntil,
      });
      await this.audit.record(tx, {
        actor: { type: 'anonymous' }, type: 'staff.sign_in_failed', subject: { type: 'staff', id: staffId },
        payload: { email: row.email, reason, ip: ctx.ip ?? null },
      });
      if (locks) {
        await this.audit.record(tx, {
          actor: { type: 'system' }, type: 'staff.locked_out', subject: { type: 'staff', id: staffId },
          payload: { minutes: this.policy.lockoutMinutes },
        });
      }
    });
  }

  private lockedError(until: Date, now: Date): TryggError {
    const minutes = Math.ceil((until.getTime() - now.getTime()) / 60_000);
    return new TryggError(423, 'signin-locked', `Too many failed attempts: sign-in is locked for ${minutes} more minute(s)`);
  }
}

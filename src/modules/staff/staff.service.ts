import { randomBytes } from 'node:crypto';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { Database } from '../../storage/db.js';
import type { Role } from '../../server/access.js';
import { TryggError, badRequest, conflict, notFound } from '../../server/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import { hashPassword } from './passwords.js';
import type { StaffRepo, StaffRow } from './staff.repo.js';

export interface StaffView {
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

export const toStaffView = (row: StaffRow): StaffView => ({
  id: row.id,
  email: row.email,
  displayName: row.displayName,
  role: row.role as Role,
  status: row.status as StaffView['status'],
  twoFactorEnabled: row.totpEnabledAt !== null,
  lockedUntil: row.lockedUntil?.toISOString() ?? null,
  lastSignInAt: row.lastSignInAt?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
});

export const MIN_PASSWORD_LENGTH = 12;

export function checkPassword(password: string, field = 'password'): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw badRequest(field, `must be at least ${MIN_PASSWORD_LENGTH} characters`);
  if (password.length > 256) throw badRequest(field, 'must be at most 256 characters');
}

export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

export interface CreateStaffInput {
  email: string;
  role: Role;
  displayName?: string;
  password?: string;
}

export interface UpdateStaffInput {
  role?: Role;
  status?: 'active' | 'disabled';
  displayName?: string;
}

export class StaffService {
  constructor(
    private readonly database: Database,
    private readonly repo: StaffRepo,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly revokeSessions: (db: Parameters<StaffRepo['byId']>[0], staffId: string) => Promise<void>,
  ) {}

  /** Creates a staff account; without a password one is generated and returned once. */
  async create(actor: Actor, input: CreateStaffInput): Promise<{ staff: StaffView; password?: string }> {
    const email = normaliseEmail(input.email);
    const generated = input.password === undefined ? randomBytes(15).toString('base64url') : undefined;
    const password = input.password ?? generated!;
    checkPassword(password);
    const passwordHash = await hashPassword(password);
    const now = this.clock.now();
    const row = await this.database.db.transaction(async (tx) => {
      if (await this.repo.byEmail(tx, email)) throw conflict('staff-exists', `A staff account for ${email} exists`);
      const created = await this.repo.insert(tx, {
        id: newId(),
        email,
        displayName: input.displayName?.trim() || email.split('@')[0]!,
        role: input.role,
        passwordHash,
        createdAt: now,
        updatedAt: now,
      });
      await this.audit.record(tx, {
        actor,
        type: 'staff.created',
        subject: { type: 'staff', id: created.id },
        payload: { email, role: input.role },
      });
      return created;
    });
    return { staff: toStaffView(row), password: generated };
  }

  async list(limit: number, offset: number): Promise<StaffView[]> {
    return (await this.repo.list(this.database.db, limit, offset)).map(toStaffView);
  }

  async findByEmail(email: string): Promise<StaffView | undefined> {
    const row = await this.repo.byEmail(this.database.db, normaliseEmail(email));
    return row && toStaffView(row);
  }

  async get(id: string): Promise<StaffView> {
    const row = await this.repo.byId(this.database.db, id);
    if (!row) throw notFound('Staff account');
    return toStaffView(row);
  }

  async update(actor: Actor, id: string, input: UpdateStaffInput): Promise<StaffView> {
    return this.database.db.transaction(async (tx) => {
      const before = await this.repo.byIdForUpdate(tx, id);
      if (!before) throw notFound('Staff account');
      if (actor.type === 'staff' && actor.id === id && input.status === 'disabled') {
        throw new TryggError(409, 'cannot-disable-self', 'You cannot disable your own account');
      }
      const losesAdmin =
        before.role === 'admin' && before.status === 'active' &&
        ((input.role !== undefined && input.role !== 'admin') || input.status === 'disabled');
      if (losesAdmin && (await this.repo.countActiveByRole(tx, 'admin')) <= 1) {
        throw new TryggError(409, 'last-admin', 'The last active admin cannot be demoted or disabled');
      }
      const changes = {
        ...(input.role !== undefined && { role: input.role }),
        ...(input.status !== undefined && { status: input.status }),
        ...(input.displayName !== undefined && { displayName: input.displayName.trim() }),
        updatedAt: this.clock.now(),
      };
      const after = (await this.repo.update(tx, id, changes))!;
      // A role or status change must not leave old sessions carrying old rights.
      if (input.status === 'disabled' || (input.role !== undefined && input.role !== before.role)) {
        await this.revokeSessions(tx, id);
      }
      await this.audit.record(tx, {
        actor,
        type: 'staff.updated',
        subject: { type: 'staff', id },
        payload: {
          before: { role: before.role, status: before.status, displayName: before.displayName },
          after: { role: after.role, status: after.status, displayName: after.displayName },
        },
      });
      return toStaffView(after);
    });
  }

  /** For a member of staff who lost their authenticator: they enrol again at next sign-in. */
  async resetTwoFactor(actor: Actor, id: string): Promise<StaffView> {
    return this.database.db.transaction(async (tx) => {
      const row = await this.repo.byIdForUpdate(tx, id);
      if (!row) throw notFound('Staff account');
      const after = (await this.repo.update(tx, id, {
        totpSecret: null, totpPendingSecret: null, totpEnabledAt: null, totpLastStep: null, updatedAt: this.clock.now(),
      }))!;
      await this.revokeSessions(tx, id);
      await this.audit.record(tx, { actor, type: 'staff.two_factor_reset', subject: { type: 'staff', id } });
      return toStaffView(after);
    });
  }
}

import type { Clock } from '../../lib/clock.js';
import type { Database, Queryable } from '../../storage/db.js';
import { TryggError, notFound } from '../../server/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import type { ContactChanges, FactsChange } from './contact.changes.js';
import { diffPolicies, type PolicyChange } from './policy.diff.js';
import { defaultPolicy, policyDocument, type PolicyDocument } from './policy.document.js';
import type { PolicyRepo, PolicyVersionRow } from './policy.repo.js';

export interface PolicyVersion {
  /** 0 is the built-in default, in force until an admin saves the first version. */
  version: number;
  document: PolicyDocument;
  comment: string | null;
  createdBy: string | null;
  createdAt: string | null;
}

const builtIn: PolicyVersion = { version: 0, document: defaultPolicy, comment: 'Built-in defaults', createdBy: null, createdAt: null };

const view = (row: PolicyVersionRow): PolicyVersion => ({
  version: row.version,
  // Stored documents are re-parsed so defaults added later fill in for old versions.
  document: policyDocument.parse(row.document),
  comment: row.comment,
  createdBy: row.createdBy,
  createdAt: row.createdAt.toISOString(),
});

export class PolicyService {
  private cached: PolicyVersion = builtIn;
  private loaded = false;
  /** Bumped by every save heard of: a reload that overlapped one is not trusted. */
  private generation = 0;

  constructor(
    private readonly database: Database,
    private readonly repo: PolicyRepo,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    /** Saves on any node reach this one through it; without it, decisions' reads notice them. */
    private readonly changes?: ContactChanges,
  ) {
    const stale = (change?: FactsChange) => {
      if (change && !change.policy) return;
      this.generation++;
      this.loaded = false;
    };
    changes?.subscribe({ forget: stale, reset: () => stale() });
  }

  /** The policy in force. `knownVersion` (read with the decision's own query) triggers a reload when newer. */
  async current(knownVersion?: number): Promise<PolicyVersion> {
    while (!this.loaded || (knownVersion !== undefined && knownVersion !== this.cached.version)) {
      const generation = this.generation;
      const row = await this.repo.latest(this.database.db);
      if (generation !== this.generation) continue;
      this.cached = row ? view(row) : builtIn;
      this.loaded = true;
      if (knownVersion !== undefined && this.cached.version !== knownVersion) break;
    }
    return this.cached;
  }

  /**
   * For writers outside the events module (moderation actions set restrictions): tells contact
   * decisions' caches on every node, in the writer's transaction, which members changed.
   */
  async contactFactsChanged(tx: Queryable, change: FactsChange): Promise<void> {
    await this.changes?.announce(tx, change);
  }

  async get(version: number): Promise<PolicyVersion> {
    if (version === 0) return builtIn;
    const row = await this.repo.byVersion(this.database.db, version);
    if (!row) throw notFound(`Policy version ${version}`);
    return view(row);
  }

  async history(limit: number, beforeVersion?: number): Promise<(PolicyVersion & { changes: PolicyChange[] })[]> {
    const rows = (await this.repo.history(this.database.db, limit + 1, beforeVersion)).map(view);
    const withBuiltIn = rows.length <= limit ? [...rows, builtIn] : rows;
    return withBuiltIn.slice(0, limit).map((v, i) => ({
      ...v,
      changes: v.version === 0 ? [] : diffPolicies((withBuiltIn[i + 1] ?? builtIn).document, v.document),
    }));
  }

  /** Validates and saves a new version; the audit entry carries the diff against the previous one. */
  async save(actor: Actor, input: unknown, comment: string | undefined): Promise<PolicyVersion & { changes: PolicyChange[] }> {
    const parsed = policyDocument.safeParse(input);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((i) => ({
        field: ['document', ...(i.code === 'unrecognized_keys' ? [...i.path, i.keys.join(',')] : i.path)].join('.'),
        message: i.message,
      }));
      throw new TryggError(400, 'invalid-policy', fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields);
    }
    const saved = await this.database.db.transaction(async (tx) => {
      await this.repo.lockForSave(tx);
      const previousRow = await this.repo.latest(tx);
      const previous = previousRow ? view(previousRow) : builtIn;
      const changes = diffPolicies(previous.document, parsed.data);
      if (changes.length === 0) throw new TryggError(409, 'policy-unchanged', 'The document equals the policy in force');
      const row = await this.repo.insert(tx, {
        version: previous.version + 1, document: parsed.data, comment: comment?.trim() || null,
        createdBy: actor.id ?? null, createdAt: this.clock.now(),
      });
      await this.audit.record(tx, {
        actor, type: 'policy.updated', subject: { type: 'policy', id: String(row.version) },
        payload: { version: row.version, previousVersion: previous.version, comment: row.comment, changes },
      });
      await this.changes?.announce(tx, { policy: true });
      return { ...view(row), changes };
    });
    this.cached = saved;
    this.loaded = true;
    return saved;
  }
}

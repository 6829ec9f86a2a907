import { randomBytes } from 'node:crypto';
import type { Clock } from '../../lib/clock.js';
import { seal, sha256Hex } from '../../lib/crypto.js';
import { newId } from '../../lib/ids.js';
import type { PublicLinks } from '../../lib/public-links.js';
import { notFound } from '../../server/errors.js';
import type { Database } from '../../storage/db.js';
import type { ActionsService } from '../actions/actions.service.js';
import type { AuditService } from '../audit/audit.service.js';
import type { CasesService } from '../cases/cases.service.js';
import type { MediaServices } from '../media/media.services.js';
import type { MediaRepo } from '../media/media.repo.js';
import type { Reviewer } from '../actions/actions.types.js';
import type { Outbox } from '../webhooks/outbox.js';
import { supportFor, takedownRules, type SupportContact, type TakedownConfig } from './takedowns.config.js';
import { TakedownDecisions } from './takedowns.decisions.js';
import { takedownMail } from './takedowns.mail.js';
import type { PublicTakedown } from './takedowns.schemas.js';
import type { TakedownRow, TakedownsRepo } from './takedowns.repo.js';
import { kindOf, takedownView, type TakedownView } from './takedowns.views.js';

export interface TakedownDeps {
  database: Database;
  repo: TakedownsRepo;
  mediaRepo: MediaRepo;
  cases: CasesService;
  actions: ActionsService;
  media: Pick<MediaServices, 'banks' | 'index'>;
  audit: AuditService;
  outbox: Outbox;
  clock: Clock;
  /** Seals the requester's contact details (purpose 'email-addresses', as the outbox's). */
  contactKey: Buffer;
  links: PublicLinks;
  config: TakedownConfig;
}

export interface TakedownReceipt {
  trackingCode: string;
  statusUrl: string;
  receivedAt: string;
  contentHidden: boolean;
  support: SupportContact[];
}

/** PDQ within this many bits, or an equal MD5, of a bank entry counts as a bank match at intake. */
const INTAKE_PDQ_DISTANCE = 31;
const contentTypes = ['CONTENT_TYPE_IMAGE', 'CONTENT_TYPE_VIDEO'] as ('CONTENT_TYPE_IMAGE' | 'CONTENT_TYPE_VIDEO')[];

export const statusUrlOf = (links: PublicLinks, code: string) => `${links.base}/takedown/status/${encodeURIComponent(code)}`;

/** The public side of takedown requests: intake, status, support contacts; and the staff list. */
export class TakedownsService {
  private readonly decisions: TakedownDecisions;

  constructor(private readonly deps: TakedownDeps) {
    this.decisions = new TakedownDecisions(deps);
  }

  confirm(reviewer: Reviewer, id: string, reason: string): Promise<TakedownView> { return this.decisions.confirm(reviewer, id, reason); }
  reject(reviewer: Reviewer, id: string, reason: string): Promise<TakedownView> { return this.decisions.reject(reviewer, id, reason); }

  support(country?: string): SupportContact[] {
    return supportFor(this.deps.config, country);
  }

  /**
   * One transaction: the request, a top-priority case (a signal on the uploader when a media check
   * knows them, else on the first content item), and for a minor or sexual content a precautionary
   * hide of every named item, each an action with its `action.taken` webhook.
   */
  async submit(body: PublicTakedown): Promise<TakedownReceipt> {
    const { deps } = this;
    const code = randomBytes(16).toString('base64url');
    const kind = kindOf(body.under18, body.sexual);
    const sensitive = kind !== 'other';
    const category = kind === 'minor' ? 'csam' : kind === 'sexual' ? 'sexual_harassment' : 'other';
    const { uploader, bankMatch } = await this.whatIsKnown(body);
    const raise = body.policeCaseNumber || bankMatch ? deps.config.priority.raise : 0;
    const priority = Math.min(100, deps.config.priority[kind] + raise);
    const id = newId();
    const items = body.content.map((ref) => ({ type: 'image', id: ref }));
    const subject = uploader ? { type: 'account', id: uploader } : items[0]!;
    const actor = { type: 'anonymous' as const };
    await deps.actions.content.ready();
    const receipt = await deps.database.db.transaction(async (tx) => {
      const now = deps.clock.now();
      const { caseId } = await deps.cases.addSignal(tx, actor, {
        subject, category, minorInvolved: kind === 'minor', trustedFlagger: false, priorityFloor: priority, kind: 'takedown.request',
        dedupeKey: `takedown:${id}`,
        evidence: { takedownId: id, content: body.content, hashes: body.hashes.length, relation: body.relation, under18: body.under18, sexual: body.sexual, policeCaseNumber: body.policeCaseNumber ?? null, bankMatch },
      });
      const hideActionIds = sensitive
        ? await deps.actions.content.hide(tx, actor, caseId, items, {
          member: uploader, rule: takedownRules[kind], contentTypes, reason: 'Hidden at once on a takedown request, pending review by a senior moderator.',
        })
        : [];
      const row = await deps.repo.insert(tx, {
        id, codeDigest: sha256Hex(code), status: 'open', content: body.content, hashes: body.hashes, description: body.description ?? null,
        relation: body.relation, under18: body.under18, sexual: body.sexual, sensitive, policeCaseNumber: body.policeCaseNumber ?? null,
        contactSealed: body.contact && Object.keys(body.contact).length ? seal(deps.contactKey, JSON.stringify(body.contact)) : null,
        country: body.country ?? null, language: body.language, caseId, category, priority, bankMatch, hideActionIds,
        receivedAt: now, updatedAt: now,
      });
      await deps.audit.record(tx, {
        actor, type: 'takedown.received', subject: { type: 'takedown', id },
        payload: { caseId, category, sensitive, priority, bankMatch, policeCaseNumber: !!body.policeCaseNumber, items: body.content.length, hashes: body.hashes.length, hidden: hideActionIds },
      });
      const support = this.support(row.country ?? undefined);
      if (body.contact?.email) {
        await deps.outbox.email(tx, {
          to: body.contact.email, related: { type: 'takedown', id },
          ...takedownMail(body.language, 'received', { code, statusUrl: statusUrlOf(deps.links, code), support }),
        });
      }
      return { trackingCode: code, statusUrl: statusUrlOf(deps.links, code), receivedAt: now.toISOString(), contentHidden: hideActionIds.length > 0, support };
    });
    return receipt;
  }

  /** Progress for the requester: no personal data, no reasons, no staff. Unknown codes are 404. */
  async status(code: string) {
    const row = await this.deps.repo.byDigest(this.deps.database.db, sha256Hex(code));
    if (!row) throw notFound('Takedown request');
    const status = row.status === 'confirmed' ? 'removed' as const : row.status === 'rejected' ? 'not_removed' as const : 'under_review' as const;
    return {
      status, receivedAt: row.receivedAt.toISOString(), updatedAt: row.updatedAt.toISOString(), items: (row.content as string[]).length,
      contentHidden: status === 'removed' || (status === 'under_review' && (row.hideActionIds as string[]).length > 0),
      support: this.support(row.country ?? undefined),
    };
  }

  async list(status: string | undefined, limit: number, offset: number): Promise<TakedownView[]> {
    const statuses = status === 'undecided' ? ['open', 'rejection_pending'] : status ? [status] : undefined;
    const rows = await this.deps.repo.list(this.deps.database.db, statuses, limit, offset);
    return rows.map((r) => takedownView(r, this.deps.contactKey));
  }

  async get(id: string): Promise<TakedownView> {
    return takedownView(await this.row(id), this.deps.contactKey);
  }

  private async row(id: string): Promise<TakedownRow> {
    const row = await this.deps.repo.byId(this.deps.database.db, id);
    if (!row) throw notFound('Takedown request');
    return row;
  }

  /** The uploader and any bank match, from the platform's media checks of the content and the requester's hashes. */
  private async whatIsKnown(body: PublicTakedown): Promise<{ uploader: string | null; bankMatch: boolean }> {
    let uploader: string | null = null;
    let bankMatch = false;
    for (const ref of body.content) {
      const check = await this.deps.mediaRepo.latestForContent(this.deps.database.db, ref);
      uploader ??= check?.accountId ?? null;
      if (check && check.verdict !== 'allow') bankMatch = true;
    }
    if (body.hashes.length) {
      await this.deps.media.index.ready();
      for (const h of body.hashes) {
        const hits = await this.deps.media.index.search({ pdq: h.pdq?.toLowerCase(), md5: h.md5?.toLowerCase() }, INTAKE_PDQ_DISTANCE);
        if (hits.length) bankMatch = true;
      }
    }
    return { uploader, bankMatch };
  }
}

import { randomBytes } from 'node:crypto';
import type { Clock } from '../../lib/clock.js';
import { seal } from '../../lib/crypto.js';
import { canonicalEmail, keyedHash } from '../../lib/identifiers.js';
import { newId } from '../../lib/ids.js';
import type { PublicLinks } from '../../lib/public-links.js';
import type { Database } from '../../storage/db.js';
import { TryggError } from '../../server/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import type { CasesService } from '../cases/cases.service.js';
import type { CommunityService } from '../community/community.service.js';
import type { PolicyService } from '../policy/policy.service.js';
import type { MemberReport, PublicReport } from './reports.schemas.js';
import type { ReportsRepo } from './reports.repo.js';

export interface ReportKeys {
  identifiers: Buffer;
  emails: Buffer;
}

export interface Receipt {
  reportId: string;
  receiptCode: string;
  /** The public status page of this report, as an absolute link. */
  statusUrl: string;
  receivedAt: string;
  duplicate: boolean;
  trustedFlagger: boolean;
}

interface Reporter {
  source: 'member' | 'public' | 'trusted_flagger';
  key: string;
  externalId: string | null;
  orgId: string | null;
  name: string | null;
  emailSealed: string | null;
}

/** A flood from one reporter is refused; trusted flaggers work in volume. */
const REPORTS_PER_HOUR = { ordinary: 20, trustedFlagger: 200 };

/** 96 bits, URL-safe: a receipt code cannot be guessed. */
const receiptCode = () => randomBytes(12).toString('base64url');

export class ReportsService {
  constructor(
    private readonly database: Database,
    private readonly repo: ReportsRepo,
    private readonly cases: CasesService,
    private readonly community: CommunityService,
    private readonly policies: PolicyService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly keys: ReportKeys,
    private readonly links: PublicLinks,
  ) {}

  /** A member's report through the platform's API. Reporters in a verified organisation count as trusted flaggers. */
  async submitForMember(actor: Actor, body: MemberReport): Promise<Receipt> {
    const org = await this.repo.flaggerOrgOf(this.database.db, body.reporterId);
    return this.submit(actor, body, {
      source: org ? 'trusted_flagger' : 'member', key: `member:${body.reporterId}`, externalId: body.reporterId,
      orgId: org?.id ?? null, name: null, emailSealed: null,
    });
  }

  /** The public form: no account. With an e-mail, repeated reports by the same person merge. */
  async submitPublic(body: PublicReport): Promise<Receipt> {
    const code = receiptCode();
    const email = body.email ? canonicalEmail(body.email) : undefined;
    return this.submit({ type: 'anonymous' }, body, {
      source: 'public', key: email ? `email:${keyedHash(this.keys.identifiers, email)}` : `anon:${code}`, externalId: null, orgId: null,
      name: body.name ?? null, emailSealed: body.email ? seal(this.keys.emails, body.email) : null,
    }, code);
  }

  private async submit(actor: Actor, body: MemberReport | PublicReport, reporter: Reporter, code = receiptCode()): Promise<Receipt> {
    const now = this.clock.now();
    const limit = reporter.orgId ? REPORTS_PER_HOUR.trustedFlagger : REPORTS_PER_HOUR.ordinary;
    if ((await this.repo.recentBy(this.database.db, reporter.key, new Date(now.getTime() - 3_600_000))) >= limit) {
      throw new TryggError(429, 'report-rate-limited', `At most ${limit} reports an hour from one reporter; the earlier ones are being handled`);
    }
    const minorInvolved = await this.minorInvolved(body.subject, reporter.externalId);
    const contribution = { subject: body.subject, category: body.category, minorInvolved, trustedFlagger: reporter.orgId !== null };
    return this.database.db.transaction(async (tx) => {
      const { kase } = await this.cases.openOrJoin(tx, actor, contribution);
      const { report, duplicate } = await this.repo.insertOrCount(tx, {
        id: newId(), caseId: kase.id, subjectType: body.subject.type, subjectId: body.subject.id, category: body.category,
        source: reporter.source, reporterKey: reporter.key, reporterExternalId: reporter.externalId, trustedFlaggerOrgId: reporter.orgId,
        reporterName: reporter.name, reporterEmailSealed: reporter.emailSealed, relation: body.relation ?? null,
        explanation: body.explanation, location: body.location ?? null, evidence: body.evidence, goodFaith: body.goodFaith,
        minorInvolved, receiptCode: code, receivedAt: now,
      });
      await this.cases.refresh(tx, kase, contribution);
      await this.audit.record(tx, {
        actor, type: duplicate ? 'report.duplicate' : 'report.received', subject: { type: 'case', id: kase.id },
        payload: { reportId: report.id, category: body.category, source: reporter.source, subject: body.subject, minorInvolved },
      });
      return {
        reportId: report.id, receiptCode: report.receiptCode, statusUrl: this.links.reportStatus(report.receiptCode), receivedAt: report.receivedAt.toISOString(), duplicate,
        trustedFlagger: reporter.orgId !== null,
      };
    });
  }

  /** A minor on either side: the reported account or the reporting member, by claimed age. */
  private async minorInvolved(subject: { type: string; id: string }, reporterExternalId: string | null): Promise<boolean> {
    const { document } = await this.policies.current();
    const ids = [subject.type === 'account' || subject.type === 'profile' ? subject.id : null, reporterExternalId].filter((x): x is string => !!x);
    for (const id of ids) {
      const account = await this.community.findByExternalId(id);
      if (account && account.age < document.minors.protectedAge) return true;
    }
    return false;
  }
}

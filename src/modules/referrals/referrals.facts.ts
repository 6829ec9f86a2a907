import type { Env } from '../../config/env.js';
import type { Clock } from '../../lib/clock.js';
import type { Database } from '../../storage/db.js';
import type { FieldProblem } from '../../server/errors.js';
import type { Actor } from '../audit/audit.types.js';
import type { QueueService } from '../cases/queue.service.js';
import { ageOn } from '../community/community.service.js';
import type { EvidenceItemView, EvidenceService } from '../evidence/evidence.service.js';
import type { NcmecConfig } from './ncmec.client.js';
import type { AccountFacts, CaseFacts, ReporterSettings } from './ncmec.build.js';
import type { NcmecDetails } from './referrals.schemas.js';
import type { ReferralsRepo } from './referrals.repo.js';

export interface ReferralSettings {
  reporter: ReporterSettings;
  /** Null until TRYGG_NCMEC_URL, _USERNAME and _PASSWORD are all set: reports are built but not sent. */
  api: NcmecConfig | null;
  retryScheduleSeconds: readonly number[];
}

export type NcmecEnv = Pick<Env,
  'TRYGG_NCMEC_URL' | 'TRYGG_NCMEC_USERNAME' | 'TRYGG_NCMEC_PASSWORD' | 'TRYGG_NCMEC_TIMEOUT_SECONDS' | 'TRYGG_NCMEC_RETRY_SCHEDULE'
  | 'TRYGG_NCMEC_ESP_NAME' | 'TRYGG_NCMEC_REPORTER_NAME' | 'TRYGG_NCMEC_REPORTER_EMAIL' | 'TRYGG_NCMEC_PROFILE_URL_TEMPLATE'>;

export function referralSettings(env: NcmecEnv): ReferralSettings {
  const name = (env.TRYGG_NCMEC_REPORTER_NAME ?? '').trim();
  const split = name.lastIndexOf(' ');
  return {
    reporter: {
      espName: env.TRYGG_NCMEC_ESP_NAME,
      firstName: split > 0 ? name.slice(0, split) : name,
      lastName: split > 0 ? name.slice(split + 1) : '',
      email: env.TRYGG_NCMEC_REPORTER_EMAIL ?? '',
      profileUrlTemplate: env.TRYGG_NCMEC_PROFILE_URL_TEMPLATE,
    },
    api: env.TRYGG_NCMEC_URL && env.TRYGG_NCMEC_USERNAME && env.TRYGG_NCMEC_PASSWORD
      ? { url: env.TRYGG_NCMEC_URL, username: env.TRYGG_NCMEC_USERNAME, password: env.TRYGG_NCMEC_PASSWORD, timeoutMs: env.TRYGG_NCMEC_TIMEOUT_SECONDS * 1000 }
      : null,
    retryScheduleSeconds: env.TRYGG_NCMEC_RETRY_SCHEDULE,
  };
}

/** A file the report will carry: which preserved item, and what legal says about it. */
export interface PlannedFile {
  itemId: string;
  name: string;
  contentType: string;
  fileViewedByEsp: boolean;
  publiclyAvailable: boolean;
  industryClassification?: 'A1' | 'A2' | 'B1' | 'B2';
  /** Set as sending goes: the API's fileId, the hashes sent, whether /fileinfo took it. */
  fileId?: string;
  md5?: string;
  sha256?: string;
  described?: boolean;
}

export type AccountWithExtras = AccountFacts & { age: number; country: string | null; restriction: string | null };

/** Gathers what reports and packages are built from: the case, accounts, logins, evidence. */
export class ReferralFacts {
  constructor(
    private readonly database: Database,
    private readonly repo: ReferralsRepo,
    private readonly queue: QueueService,
    private readonly evidence: EvidenceService,
    private readonly clock: Clock,
  ) {}

  caseView(caseId: string) {
    return this.queue.view(caseId);
  }

  async account(externalId: string): Promise<AccountWithExtras | null> {
    const row = await this.repo.account(this.database.db, externalId);
    if (!row) return null;
    const logins = await this.repo.logins(this.database.db, row.id);
    return {
      externalId: row.externalId, displayName: row.displayName, birthDate: row.birthDate, status: row.status, registeredAt: row.registeredAt,
      logins: logins.map((l) => ({ kind: l.kind, ip: l.ip, deviceId: l.deviceId, occurredAt: l.occurredAt })),
      age: ageOn(row.birthDate, this.clock.now()), country: row.country, restriction: row.restriction,
    };
  }

  evidenceFor(caseId: string): Promise<EvidenceItemView[]> {
    return this.evidence.forCase(caseId);
  }

  /** A file's bytes for upload; the opening is audited like any other. */
  openFile(actor: Actor, itemId: string, reason: string) {
    return this.evidence.open(actor, itemId, reason);
  }

  /** The case as the builder sees it. */
  static caseFacts(view: Awaited<ReturnType<QueueService['view']>>): CaseFacts {
    return {
      id: view.case.id, category: view.case.category, subjectType: view.case.subject.type, subjectId: view.case.subject.id,
      openedAt: new Date(view.case.openedAt),
      reports: view.reports.map((r) => ({ receivedAt: new Date(r.receivedAt), location: r.location, explanation: r.explanation })),
    };
  }

  /** Who the report is about: legal's choice, else the case's account subject, else the uploader of matched content. */
  static reportedId(view: Awaited<ReturnType<QueueService['view']>>, details: NcmecDetails): string | null {
    if (details.reportedAccountId) return details.reportedAccountId;
    if (view.case.subject.type === 'account' || view.case.subject.type === 'profile') return view.case.subject.id;
    for (const s of view.signals) {
      const uploader = (s.evidence as { uploader?: unknown } | null)?.uploader;
      if (typeof uploader === 'string' && uploader) return uploader;
    }
    return null;
  }

  /** The files to send: legal's choice, checked against the case, or every preserved content item. */
  static planFiles(items: EvidenceItemView[], details: NcmecDetails): { files: PlannedFile[]; errors: FieldProblem[] } {
    const errors: FieldProblem[] = [];
    const name = (i: EvidenceItemView) => `${i.id}.${(i.contentType.split('/')[1] ?? 'bin').replace(/[^a-z0-9]/gi, '').slice(0, 8) || 'bin'}`;
    if (!details.files) {
      const files = items.filter((i) => i.kind === 'content' && !i.purged)
        .map((i) => ({ itemId: i.id, name: name(i), contentType: i.contentType, fileViewedByEsp: false, publiclyAvailable: false }));
      return { files, errors };
    }
    const files: PlannedFile[] = [];
    details.files.forEach((f, index) => {
      const item = items.find((i) => i.id === f.evidenceItemId);
      const field = `details.files.${index}.evidenceItemId`;
      if (!item) errors.push({ field, message: 'not an evidence item of this case' });
      else if (item.kind !== 'content') errors.push({ field, message: `a ${item.kind} item is not a file to report` });
      else if (item.purged) errors.push({ field, message: 'the content was purged' });
      else {
        files.push({
          itemId: item.id, name: name(item), contentType: item.contentType, fileViewedByEsp: f.fileViewedByEsp, publiclyAvailable: f.publiclyAvailable,
          ...(f.industryClassification ? { industryClassification: f.industryClassification } : {}),
        });
      }
    });
    return { files, errors };
  }
}

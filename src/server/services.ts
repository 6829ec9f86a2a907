import { Registry } from 'prom-client';
import { registerJobMetrics } from '../jobs/metrics.js';
import type { JobQueue } from '../jobs/queue.js';
import type { Clock } from '../lib/clock.js';
import { badRequest } from './errors.js';
import { deriveKey } from '../lib/crypto.js';
import { publicLinks } from '../lib/public-links.js';
import type { Database } from '../storage/db.js';
import { ActionsRepo } from '../modules/actions/actions.repo.js';
import { ActionsService } from '../modules/actions/actions.service.js';
import { ApiKeyRepo } from '../modules/apikeys/apikeys.repo.js';
import { ApiKeyService } from '../modules/apikeys/apikeys.service.js';
import { AuditRepo } from '../modules/audit/audit.repo.js';
import { AuditService } from '../modules/audit/audit.service.js';
import { SessionRepo } from '../modules/auth/auth.repo.js';
import { AuthService, defaultAuthPolicy, type AuthPolicy } from '../modules/auth/auth.service.js';
import { CasesRepo } from '../modules/cases/cases.repo.js';
import { CasesService } from '../modules/cases/cases.service.js';
import { QueueRepo } from '../modules/cases/queue.repo.js';
import { QueueService } from '../modules/cases/queue.service.js';
import { CommunityRepo } from '../modules/community/community.repo.js';
import { ConversationsRepo } from '../modules/conversations/conversations.repo.js';
import { ConversationsService } from '../modules/conversations/conversations.service.js';
import { CommunityService } from '../modules/community/community.service.js';
import { EventsRepo } from '../modules/events/events.repo.js';
import { evidenceKeyring } from '../modules/evidence/evidence.keys.js';
import { EvidenceRepo } from '../modules/evidence/evidence.repo.js';
import { EvidenceService } from '../modules/evidence/evidence.service.js';
import { createLegalServices, type LegalServices } from '../modules/evidence/legal.services.js';
import type { ReferralsService } from '../modules/referrals/referrals.service.js';
import { createReferralsService } from '../modules/referrals/referrals.wiring.js';
import { PreservationRepo } from '../modules/evidence/preservation.repo.js';
import { PreservationService } from '../modules/evidence/preservation.service.js';
import type { RetentionConfig } from '../modules/evidence/retention.service.js';
import { createMediaServices, type MediaServices } from '../modules/media/media.services.js';
import { EventsService, eventKeys } from '../modules/events/events.service.js';
import { ContactChanges } from '../modules/policy/contact.changes.js';
import { ContactRepo } from '../modules/policy/contact.repo.js';
import { ContactDecisionService } from '../modules/policy/contact.service.js';
import { PolicyRepo } from '../modules/policy/policy.repo.js';
import { PolicyService } from '../modules/policy/policy.service.js';
import { SignalsRepo } from '../modules/signals/signals.repo.js';
import { SignalsService } from '../modules/signals/signals.service.js';
import { FlaggersService } from '../modules/reports/flaggers.service.js';
import { ReportsRepo } from '../modules/reports/reports.repo.js';
import { ReportsService } from '../modules/reports/reports.service.js';
import { StaffRepo } from '../modules/staff/staff.repo.js';
import { Outbox } from '../modules/webhooks/outbox.js';
import { OutboxRepo } from '../modules/webhooks/outbox.repo.js';
import { WebhooksRepo } from '../modules/webhooks/webhooks.repo.js';
import { WebhooksService } from '../modules/webhooks/webhooks.service.js';
import { StaffService } from '../modules/staff/staff.service.js';
import { MediaRepo } from '../modules/media/media.repo.js';
import { defaultTakedownConfig, type TakedownConfig } from '../modules/takedowns/takedowns.config.js';
import { TakedownsRepo } from '../modules/takedowns/takedowns.repo.js';
import { TakedownsService } from '../modules/takedowns/takedowns.service.js';

export interface CoreDeps {
  database: Database;
  secretKey: Buffer;
  clock: Clock;
  /** Trygg's public URL (TRYGG_PUBLIC_URL): links in statements, receipts, e-mails and webhooks are absolute. */
  publicUrl: string;
  authPolicy?: Partial<AuthPolicy>;
  /** Background jobs; without them nothing is enqueued (tests that call services directly). */
  jobs?: JobQueue;
  /** Evidence keys (TRYGG_EVIDENCE_KEYS; unset: derived from the secret) and the retention schedule. */
  evidence?: { keys?: string; retention?: RetentionConfig };
  /** Support contacts, priorities and uploader policy for takedown requests (TRYGG_TAKEDOWN_CONFIG). */
  takedowns?: TakedownConfig;
}

/** The composition root: every service, wired explicitly. CLI commands and the HTTP app share it. */
export interface Services {
  audit: AuditService;
  auth: AuthService;
  staff: StaffService;
  apiKeys: ApiKeyService;
  community: CommunityService;
  events: EventsService;
  policies: PolicyService;
  contact: ContactDecisionService;
  cases: CasesService;
  signals: SignalsService;
  reports: ReportsService;
  flaggers: FlaggersService;
  queue: QueueService;
  /** Webhook events and e-mails, recorded in the causing transaction and sent after commit. */
  outbox: Outbox;
  /** Webhook endpoints, the delivery log and redelivery (admin); builds the delivery and e-mail workers. */
  webhooks: WebhooksService;
  /** Community rules, actions with statements of reasons, four eyes, strikes and appeals. */
  actions: ActionsService;
  /** Domain metrics (decisions by rule, …); /metrics serves them beside the HTTP metrics. */
  metrics: Registry;
  /** Preserved content, encrypted and content-addressed; every opening audited. */
  evidence: EvidenceService;
  /** Hash banks, imports, this node's match index and the upload check. */
  media: MediaServices;
  /** Legal holds, the retention schedule, police data requests and the export-signing key. */
  legal: LegalServices;
  /** NCMEC CyberTipline reports and police intelligence packages (docs/referrals.md). */
  referrals: ReferralsService;
  /** Victim takedown requests: the public form, precautionary hides, two-senior rejection (docs/takedowns.md). */
  takedowns: TakedownsService;
  /** Message text, only through a case that references it, with a reason, audited (docs/privacy.md). */
  conversations: ConversationsService;
}

export function createServices({ database, secretKey, clock, publicUrl, authPolicy, jobs, evidence: evidenceConfig, takedowns }: CoreDeps): Services {
  const links = publicLinks(publicUrl);
  const audit = new AuditService(database, new AuditRepo(), clock);
  const staffRepo = new StaffRepo();
  const auth = new AuthService(database, staffRepo, new SessionRepo(), audit, clock, deriveKey(secretKey, 'totp'), {
    ...defaultAuthPolicy,
    ...authPolicy,
  });
  const staff = new StaffService(database, staffRepo, audit, clock, (db, id) => auth.revokeAllFor(db, id));
  const metrics = new Registry();
  if (jobs) registerJobMetrics(metrics, jobs);
  const contactRepo = new ContactRepo();
  // Changes to what contact decisions read, announced to every node's caches (see docs/architecture.md).
  const contactChanges = new ContactChanges(database, contactRepo);
  const policies = new PolicyService(database, new PolicyRepo(), audit, clock, contactChanges);
  const casesRepo = new CasesRepo();
  // Keys from configuration, the first current; rotation keeps old keys to open old items (docs/evidence.md).
  const evidence = new EvidenceService(database, new EvidenceRepo(), audit, clock, evidenceKeyring(evidenceConfig?.keys, deriveKey(secretKey, 'evidence')));
  const preservation = new PreservationService(new PreservationRepo(), evidence);
  const cases = new CasesService(database, casesRepo, audit, clock, preservation);
  const community = new CommunityService(database, new CommunityRepo(), clock, contactChanges);
  const reportsRepo = new ReportsRepo();
  const outbox = new Outbox(new OutboxRepo(), clock, deriveKey(secretKey, 'email-addresses'), jobs);
  const media = createMediaServices({ database, audit, clock, cases, evidence, outbox });
  const services: Omit<Services, 'referrals' | 'conversations' | 'takedowns'> = {
    audit,
    auth,
    staff,
    apiKeys: new ApiKeyService(database, new ApiKeyRepo(), audit, clock),
    community,
    events: new EventsService(database, new EventsRepo(), clock, eventKeys(secretKey), jobs, contactChanges),
    policies,
    contact: new ContactDecisionService(database, contactRepo, policies, clock, metrics, jobs, contactChanges),
    cases,
    signals: new SignalsService(database, new SignalsRepo(), policies, cases, clock),
    reports: new ReportsService(database, reportsRepo, cases, community, policies, audit, clock, {
      identifiers: deriveKey(secretKey, 'identifiers'), emails: deriveKey(secretKey, 'email-addresses'),
    }, links),
    flaggers: new FlaggersService(database, reportsRepo, audit, clock),
    queue: new QueueService(database, new QueueRepo(), casesRepo, reportsRepo, community, audit, clock, async (id) => {
      const member = await staff.get(id);
      if (member.status !== 'active' || !['moderator', 'senior_moderator', 'admin'].includes(member.role)) {
        throw badRequest('body.staffId', 'must be an active moderator, senior moderator or admin');
      }
    }),
    outbox,
    actions: new ActionsService(database, new ActionsRepo(), audit, policies, outbox, clock, deriveKey(secretKey, 'email-addresses'), links,
      (tx, member, caseId, actionId, by) => preservation.onBan(tx, member, caseId, actionId, by),
      { inTransaction: (tx, removal) => media.feedback.inTransaction(tx, removal), after: () => media.feedback.after() }),
    webhooks: new WebhooksService(database, new WebhooksRepo(), audit, clock, secretKey, jobs),
    metrics,
    evidence,
    media,
    legal: createLegalServices({ database, audit, clock, evidence, preservation, secretKey, retention: evidenceConfig?.retention }),
  };
  return {
    ...services,
    conversations: new ConversationsService(database, new ConversationsRepo(), casesRepo, audit, eventKeys(secretKey).messages),
    takedowns: new TakedownsService({
      database, repo: new TakedownsRepo(), mediaRepo: new MediaRepo(), cases, actions: services.actions, media: services.media, audit, outbox, clock,
      contactKey: deriveKey(secretKey, 'email-addresses'), links, config: takedowns ?? defaultTakedownConfig,
    }),
    referrals: createReferralsService({ database, audit, clock, queue: services.queue, evidence, retention: services.legal.retention, jobs }),
  };
}

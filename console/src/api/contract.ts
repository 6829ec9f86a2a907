// Compile-time checks that what the console expects from each call is what the server answers.
// openapi.gen.ts is generated from the server's OpenAPI document (a test fails when it is stale:
// `npm run api:types`); each line below names a call the console makes and the type it reads the
// answer as. When the server's answer stops fitting that type, `npm run typecheck` fails here.

import type { AccessEntry } from '../pages/audit/ConversationAccessPage';
import type { MemberStrikes } from '../pages/accounts/Strikes';
import type { ConversationView } from '../pages/cases/ConversationPanel';
import type { Decisions } from '../pages/cases/CasePage';
import type { LegalHold, PoliceRequest } from './legal';
import type { EvidenceItem, HashBank, HashHolder, LinesResult, MatchLogPage } from './media';
import type {
  ActionResult, AppealDecision, AppealDetail, AppealList, Case, CaseDetail, CasePage, PublicStatement, Receipt, ReportStatus, Rule,
  TrustedFlagger,
} from './moderation';
import type { paths } from './openapi.gen';
import type { JsonOf } from './send';
import type { Referral, ReferralPage } from './referrals';
import type { SupportContact, TakedownReceipt, TakedownRequest, TakedownStatus } from './takedowns';
import type {
  Account, AccountOverview, ApiKey, ChainCheck, ContactDecision, Enrolment, EventPage, PolicyVersion, PolicyVersionWithChanges, Session, Staff,
} from './types';
import type { DeliveryPage, EndpointWithSecret, WebhookDelivery, WebhookEndpoint, WebhookEventType } from './webhooks';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
/** The JSON a successful call answers with (200, 201 or 202). */
type Answer<P extends keyof paths, M extends Method> = paths[P][M] extends { responses: infer R }
  ? (R extends { 200: infer Ok } ? JsonOf<Ok> : never) | (R extends { 201: infer Created } ? JsonOf<Created> : never) | (R extends { 202: infer Accepted } ? JsonOf<Accepted> : never)
  : never;
/** true when the server answers JSON and every answer is a value of the console's type. */
type Fits<Server, Console> = [Server] extends [never] ? false : [Server] extends [Console] ? true : false;
type Holds<T extends true> = T;
type Items<T> = { items: T[] };

export type ApiContract = [
  Holds<Fits<Answer<'/v1/auth/sign-in', 'post'>, Session>>,
  Holds<Fits<Answer<'/v1/auth/session', 'get'>, Session>>,
  Holds<Fits<Answer<'/v1/auth/two-factor/enrolment', 'post'>, Enrolment>>,
  Holds<Fits<Answer<'/v1/auth/two-factor/verify', 'post'>, Session>>,
  Holds<Fits<Answer<'/v1/auth/two-factor/enrolment/confirm', 'post'>, Session>>,
  Holds<Fits<Answer<'/v1/public/statements/{token}', 'get'>, PublicStatement>>,
  Holds<Fits<Answer<'/v1/public/reports/{receiptCode}', 'get'>, ReportStatus>>,
  Holds<Fits<Answer<'/v1/public/reports', 'post'>, Receipt>>,
  Holds<Fits<Answer<'/v1/public/takedowns', 'post'>, TakedownReceipt>>,
  Holds<Fits<Answer<'/v1/public/takedowns/support', 'get'>, Items<SupportContact>>>,
  Holds<Fits<Answer<'/v1/public/takedowns/{code}', 'get'>, TakedownStatus>>,
  Holds<Fits<Answer<'/v1/referrals', 'get'>, ReferralPage>>,
  Holds<Fits<Answer<'/v1/referrals/{id}', 'get'>, Referral>>,
  Holds<Fits<Answer<'/v1/referrals/{id}/send', 'post'>, Referral>>,
  Holds<Fits<Answer<'/v1/referrals/{id}/details', 'put'>, Referral>>,
  Holds<Fits<Answer<'/v1/referrals/{id}/delivered', 'post'>, Referral>>,
  Holds<Fits<Answer<'/v1/referrals/{id}/retract', 'post'>, Referral>>,
  Holds<Fits<Answer<'/v1/cases/{id}/referrals', 'post'>, Referral>>,
  Holds<Fits<Answer<'/v1/cases/{id}', 'get'>, CaseDetail>>,
  Holds<Fits<Answer<'/v1/cases/{id}/actions', 'get'>, Decisions>>,
  Holds<Fits<Answer<'/v1/cases/{id}/actions', 'post'>, ActionResult>>,
  Holds<Fits<Answer<'/v1/cases/{id}/conversation-access', 'post'>, ConversationView>>,
  Holds<Fits<Answer<'/v1/cases/{id}/evidence', 'get'>, Items<EvidenceItem>>>,
  Holds<Fits<Answer<'/v1/cases', 'get'>, CasePage>>,
  Holds<Fits<Answer<'/v1/cases/next', 'post'>, Case | undefined>>,
  Holds<Fits<Answer<'/v1/cases/{id}/claim', 'post'>, Case>>,
  Holds<Fits<Answer<'/v1/rules', 'get'>, Items<Rule>>>,
  Holds<Fits<Answer<'/v1/staff', 'get'>, Items<Staff>>>,
  Holds<Fits<Answer<'/v1/staff', 'post'>, { staff: Staff; password?: string }>>,
  Holds<Fits<Answer<'/v1/policy', 'get'>, PolicyVersion>>,
  Holds<Fits<Answer<'/v1/policy', 'put'>, PolicyVersionWithChanges>>,
  Holds<Fits<Answer<'/v1/policy/versions', 'get'>, Items<PolicyVersionWithChanges>>>,
  Holds<Fits<Answer<'/v1/legal-holds', 'get'>, Items<LegalHold>>>,
  Holds<Fits<Answer<'/v1/legal-holds', 'post'>, LegalHold>>,
  Holds<Fits<Answer<'/v1/legal-holds/{id}/release', 'post'>, LegalHold>>,
  Holds<Fits<Answer<'/v1/police-requests', 'get'>, Items<PoliceRequest>>>,
  Holds<Fits<Answer<'/v1/police-requests/{id}', 'get'>, PoliceRequest>>,
  Holds<Fits<Answer<'/v1/police-requests/{id}/review', 'post'>, PoliceRequest>>,
  Holds<Fits<Answer<'/v1/audit/conversation-access', 'get'>, { items: AccessEntry[]; nextBefore: number | null }>>,
  Holds<Fits<Answer<'/v1/audit/events', 'get'>, EventPage>>,
  Holds<Fits<Answer<'/v1/audit/verify', 'get'>, ChainCheck>>,
  Holds<Fits<Answer<'/v1/trusted-flaggers', 'get'>, Items<TrustedFlagger>>>,
  Holds<Fits<Answer<'/v1/banks', 'get'>, Items<HashBank>>>,
  Holds<Fits<Answer<'/v1/banks/{id}/lines', 'post'>, LinesResult>>,
  Holds<Fits<Answer<'/v1/banks/{id}/withdraw', 'post'>, { withdrawn: boolean }>>,
  Holds<Fits<Answer<'/v1/media/matches', 'get'>, MatchLogPage>>,
  Holds<Fits<Answer<'/v1/hashes/{hash}', 'get'>, Items<HashHolder>>>,
  Holds<Fits<Answer<'/v1/takedowns', 'get'>, Items<TakedownRequest>>>,
  Holds<Fits<Answer<'/v1/api-keys', 'get'>, Items<ApiKey>>>,
  Holds<Fits<Answer<'/v1/api-keys', 'post'>, { apiKey: ApiKey; key: string }>>,
  Holds<Fits<Answer<'/v1/contact/decide', 'post'>, ContactDecision>>,
  Holds<Fits<Answer<'/v1/contact/simulate', 'post'>, ContactDecision>>,
  Holds<Fits<Answer<'/v1/appeals', 'get'>, AppealList>>,
  Holds<Fits<Answer<'/v1/appeals/{id}', 'get'>, AppealDetail>>,
  Holds<Fits<Answer<'/v1/appeals/{id}/decision', 'post'>, AppealDecision>>,
  Holds<Fits<Answer<'/v1/webhooks/deliveries/{id}/redeliver', 'post'>, WebhookDelivery>>,
  Holds<Fits<Answer<'/v1/webhooks/endpoints', 'get'>, Items<WebhookEndpoint>>>,
  Holds<Fits<Answer<'/v1/webhooks/endpoints', 'post'>, EndpointWithSecret>>,
  Holds<Fits<Answer<'/v1/webhooks/event-types', 'get'>, Items<WebhookEventType>>>,
  Holds<Fits<Answer<'/v1/webhooks/deliveries', 'get'>, DeliveryPage>>,
  Holds<Fits<Answer<'/v1/accounts/{externalId}/strikes', 'get'>, MemberStrikes>>,
  Holds<Fits<Answer<'/v1/accounts/{externalId}/overview', 'get'>, AccountOverview>>,
  Holds<Fits<Answer<'/v1/accounts/{externalId}', 'get'>, Account>>,
];

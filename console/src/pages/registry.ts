import type { ComponentType } from 'react';
import type { Role } from '../api/types';
import type { MessageKey } from '../i18n';
import { AccountPage } from './accounts/AccountPage';
import { ApiKeysPage } from './apikeys/ApiKeysPage';
import { AppealsPage } from './appeals/AppealsPage';
import { AuditPage } from './audit/AuditPage';
import { ConversationAccessPage } from './audit/ConversationAccessPage';
import { CasePage } from './cases/CasePage';
import { FlaggersPage } from './flaggers/FlaggersPage';
import { TryDecisionPage } from './decision/TryDecisionPage';
import { HomePage } from './HomePage';
import { LegalHoldsPage } from './legal/LegalHoldsPage';
import { PoliceRequestsPage } from './legal/PoliceRequestsPage';
import { BanksPage } from './media/BanksPage';
import { MatchesPage } from './media/MatchesPage';
import { PolicyPage } from './policy/PolicyPage';
import { QueuePage } from './queue/QueuePage';
import { ReferralsPage } from './referrals/ReferralsPage';
import { RulesPage } from './rules/RulesPage';
import { StaffPage } from './staff/StaffPage';
import { TakedownsPage } from './takedowns/TakedownsPage';
import { WebhooksPage } from './webhooks/WebhooksPage';

/**
 * Every console page, in navigation order. A module adds its page here, once: the path,
 * the label and description (dictionary keys), and the roles that may use it. The roles
 * should match the API routes the page calls; the server enforces them either way.
 */
export interface ConsolePage {
  path: string;
  label: MessageKey;
  description: MessageKey;
  roles: readonly Role[];
  component: ComponentType;
  /** Reached by links, not the navigation (a case); the navigation marks this page as current instead. */
  under?: string;
}

const everyone: readonly Role[] = ['admin', 'moderator', 'senior_moderator', 'legal', 'auditor'];

export const pages: readonly ConsolePage[] = [
  { path: '/console', label: 'nav.home', description: 'home.description', roles: everyone, component: HomePage },
  // The queue and cases (GET /v1/cases*) are for every role with a two-factor session; only moderators, senior moderators and admins act.
  { path: '/console/queue', label: 'nav.queue', description: 'queue.description', roles: everyone, component: QueuePage },
  { path: '/console/cases', label: 'nav.cases', description: 'case.description', roles: everyone, component: CasePage, under: '/console/queue' },
  // GET /v1/appeals* and the decision are for the roles that decide (moderator, senior moderator, admin); the server
  // also refuses whoever took the decision, and anyone but a senior moderator in a child-safety category.
  {
    path: '/console/appeals', label: 'nav.appeals', description: 'appeals.description',
    roles: ['moderator', 'senior_moderator', 'admin'], component: AppealsPage,
  },
  // GET /v1/takedowns* needs a two-factor session; the server lets only senior moderators decide a minor's or sexual content.
  {
    path: '/console/takedowns', label: 'nav.takedowns', description: 'takedowns.description',
    roles: ['moderator', 'senior_moderator', 'admin'], component: TakedownsPage,
  },
  // GET /v1/referrals* and referring a case: legal and senior moderators (two-factor); the police package is legal's to download.
  { path: '/console/referrals', label: 'nav.referrals', description: 'referrals.description', roles: ['legal', 'senior_moderator'], component: ReferralsPage },
  // Every /v1/police-requests route is the legal role's alone (two-factor).
  { path: '/console/police-requests', label: 'nav.policeRequests', description: 'police.description', roles: ['legal'], component: PoliceRequestsPage },
  // GET /v1/legal-holds is for legal and auditors; placing and releasing a hold is legal's alone.
  { path: '/console/legal-holds', label: 'nav.legalHolds', description: 'holds.description', roles: ['legal', 'auditor'], component: LegalHoldsPage },
  {
    path: '/console/accounts', label: 'nav.accounts', description: 'accounts.description',
    roles: ['admin', 'moderator', 'senior_moderator', 'legal'], component: AccountPage,
  },
  // Known-image matching (GET /v1/media/matches, /v1/banks, /v1/hashes/*): every role with a two-factor session reads;
  // admins create banks and import, withdraw and export; opening a preserved upload is for the roles that may open evidence.
  { path: '/console/matches', label: 'nav.matches', description: 'media.matches.description', roles: everyone, component: MatchesPage },
  { path: '/console/banks', label: 'nav.banks', description: 'media.banks.description', roles: everyone, component: BanksPage },
  // GET /v1/trusted-flaggers; creating, verifying and adding members is admin-only.
  {
    path: '/console/trusted-flaggers', label: 'nav.flaggers', description: 'flaggers.description',
    roles: ['admin', 'moderator', 'senior_moderator', 'auditor'], component: FlaggersPage,
  },
  // Everyone reads the policy and its history (GET /v1/policy*); the page offers editing to admins only (PUT is admin-only).
  { path: '/console/policy', label: 'nav.policy', description: 'policy.description', roles: everyone, component: PolicyPage },
  // Every decision cites a community rule (GET /v1/rules for all staff; admins keep them).
  { path: '/console/rules', label: 'nav.rules', description: 'rules.description', roles: everyone, component: RulesPage },
  { path: '/console/try-decision', label: 'nav.tryDecision', description: 'decision.description', roles: everyone, component: TryDecisionPage },
  { path: '/console/audit', label: 'nav.audit', description: 'audit.description', roles: ['admin', 'auditor'], component: AuditPage },
  // GET /v1/audit/conversation-access: who read which private messages, through which case, and why.
  {
    path: '/console/conversation-access', label: 'nav.conversationAccess', description: 'conversationAccess.description',
    roles: ['admin', 'auditor'], component: ConversationAccessPage,
  },
  { path: '/console/staff', label: 'nav.staff', description: 'staff.description', roles: ['admin'], component: StaffPage },
  { path: '/console/api-keys', label: 'nav.apiKeys', description: 'apiKeys.description', roles: ['admin'], component: ApiKeysPage },
  { path: '/console/webhooks', label: 'nav.webhooks', description: 'webhooks.description', roles: ['admin'], component: WebhooksPage },
];

/** The pages in the navigation (a case is reached from the queue, not the menu). */
export const inNavigation = (available: readonly ConsolePage[]): readonly ConsolePage[] => available.filter((p) => !p.under);

export const pagesFor = (role: Role): readonly ConsolePage[] => pages.filter((p) => p.roles.includes(role));

/** The page for a path; a page also owns the paths below it (e.g. /console/cases/123). */
export function matchPage(available: readonly ConsolePage[], path: string): ConsolePage | undefined {
  return available.find((p) => p.path === path || (p.path !== '/console' && path.startsWith(`${p.path}/`)));
}

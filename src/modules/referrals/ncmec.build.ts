import type { FieldProblem } from '../../server/errors.js';
import { ageOn } from '../community/community.service.js';
import {
  check, fileDetailsSchema, reportSchema, type CyberTipReport, type EventName, type FileDetails, type IncidentType, type ReportAnnotation,
} from './ncmec.model.js';
import type { NcmecDetails } from './referrals.schemas.js';

/** The installation's reporter details (TRYGG_NCMEC_*), see docs/referrals.md. */
export interface ReporterSettings {
  espName: string;
  firstName: string;
  lastName: string;
  email: string;
  /** e.g. https://community.example/u/{id}; `{id}` is the member's platform id. */
  profileUrlTemplate?: string;
}

export interface AccountFacts {
  externalId: string;
  displayName: string;
  birthDate: string;
  status: string;
  registeredAt: Date;
  /** Newest first, as the login history keeps them. */
  logins: { kind: string; ip: string | null; deviceId: string | null; occurredAt: Date }[];
}

export interface CaseFacts {
  id: string;
  category: string;
  subjectType: string;
  subjectId: string;
  openedAt: Date;
  reports: { receivedAt: Date; location: string | null; explanation: string }[];
}

export interface ReportInput {
  kase: CaseFacts;
  reported: AccountFacts | null;
  victim: AccountFacts | null;
  recipients: AccountFacts[];
  fileCount: number;
  details: NcmecDetails;
  reporter: ReporterSettings;
  now: Date;
}

/** Case categories NCMEC takes, and the incident type each becomes. */
export const incidentTypeByCategory: Readonly<Record<string, IncidentType>> = {
  csam: 'Child Pornography (possession, manufacture, and distribution)',
  grooming: 'Online Enticement of Children for Sexual Acts',
  // A child offering sexual content for money is commercial sexual exploitation, which NCMEC files as trafficking.
  minor_selling_sexual_content: 'Child Sex Trafficking',
};

/** The API's dateTime: whole seconds, UTC. */
export const apiDateTime = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

const MAX_IP_EVENTS = 50;
const MAX_DEVICES = 10;

export const loginEventName = (kind: string): EventName => (kind === 'registration' ? 'Registration' : kind === 'login' ? 'Login' : kind === 'upload' ? 'Upload' : 'Other');

function profileUrls(template: string | undefined, externalId: string): string[] {
  return template ? [template.replace('{id}', encodeURIComponent(externalId))] : [];
}

function accountPart(a: AccountFacts, reporter: ReporterSettings, withNetwork: boolean) {
  const ips = withNetwork ? a.logins.filter((l) => l.ip).slice(0, MAX_IP_EVENTS) : [];
  const devices = withNetwork ? [...new Set(a.logins.map((l) => l.deviceId).filter((d): d is string => Boolean(d)))].slice(0, MAX_DEVICES) : [];
  return {
    espIdentifier: a.externalId, espService: reporter.espName, displayName: [a.displayName], profileUrl: profileUrls(reporter.profileUrlTemplate, a.externalId),
    ipCaptureEvent: ips.map((l) => ({ ipAddress: l.ip!, eventName: loginEventName(l.kind), dateTime: apiDateTime(l.occurredAt) })),
    deviceId: devices.map((d) => ({ idType: 'Platform device id', idValue: d })),
  };
}

const isUrl = (s: string | null): s is string => Boolean(s && /^https?:\/\/\S+$/.test(s));

/**
 * Builds the CyberTipline report for a case and checks it against the model. Pure: the same
 * facts give the same report. The result names every problem by field, for legal to fix.
 */
export function buildReport(input: ReportInput): { report: CyberTipReport; errors: null } | { report: null; errors: FieldProblem[] } {
  const { kase, reported, victim, details, reporter, now } = input;
  const problems: FieldProblem[] = [];
  const incidentType = incidentTypeByCategory[kase.category];
  if (!incidentType) {
    problems.push({ field: 'case.category', message: `a ${kase.category} case is not one NCMEC takes (csam, grooming, minor_selling_sexual_content)` });
  }
  if (!reported) {
    problems.push({ field: 'details.reportedAccountId', message: 'no reported account is known for this case: name the member by their platform id' });
  }
  const reportedAge = reported ? ageOn(reported.birthDate, now) : undefined;
  const victimAge = victim ? ageOn(victim.birthDate, now) : undefined;
  const annotations = new Set<ReportAnnotation>(details.annotations);
  if (reportedAge !== undefined && reportedAge < 18 && victimAge !== undefined && victimAge < 18) annotations.add('minorToMinorInteraction');

  const firstReport = kase.reports.reduce<Date | null>((min, r) => (!min || r.receivedAt < min ? r.receivedAt : min), null);
  const incidentAt = details.incidentDateTime ? new Date(details.incidentDateTime) : firstReport ?? kase.openedAt;
  const location = kase.reports.map((r) => r.location).find(isUrl) ?? (reported ? profileUrls(reporter.profileUrlTemplate, reported.externalId)[0] : undefined);
  const internetDetails = kase.subjectType === 'message' || kase.subjectType === 'conversation'
    ? [{ chatImIncident: { chatClient: reporter.espName, additionalInfo: `Private ${kase.subjectType} on ${reporter.espName} (platform reference ${kase.subjectId})` } }]
    : location ? [{ webPageIncident: { url: location } }] : [];
  if (internetDetails.length === 0) {
    problems.push({ field: 'report.internetDetails', message: 'no link to where it happened: a report needs one with a URL, or set TRYGG_NCMEC_PROFILE_URL_TEMPLATE' });
  }

  const explanations = kase.reports.slice(0, 5).map((r, i) => `Report ${i + 1} (${apiDateTime(r.receivedAt)}): ${r.explanation.slice(0, 1000)}`);
  const additionalInfo = [
    `Trygg case ${kase.id} (${kase.category}); ${kase.reports.length} report(s); ${input.fileCount} file(s) attached${input.fileCount === 0 ? ' (text-only referral)' : ''}.`,
    ...explanations,
    details.additionalInfo,
  ].filter(Boolean).join('\n');

  const candidate = {
    incidentSummary: {
      incidentType,
      ...(details.escalateToHighPriority ? { escalateToHighPriority: details.escalateToHighPriority } : {}),
      reportAnnotations: [...annotations],
      incidentDateTime: apiDateTime(incidentAt),
    },
    internetDetails,
    ...(details.lawEnforcement ? {
      lawEnforcement: {
        agencyName: details.lawEnforcement.agencyName, caseNumber: details.lawEnforcement.caseNumber, reportedToLe: true,
        ...(details.lawEnforcement.officer ? { officerContact: {
          ...details.lawEnforcement.officer, email: details.lawEnforcement.officer.email ? [details.lawEnforcement.officer.email] : undefined,
        } } : {}),
      },
    } : {}),
    reporter: { reportingPerson: { firstName: reporter.firstName, lastName: reporter.lastName, email: reporter.email ? [reporter.email] : [] } },
    personOrUserReported: reported ? {
      ...accountPart(reported, reporter, true),
      additionalInfo: `Registered ${apiDateTime(reported.registeredAt)}; claimed age ${reportedAge}; account status ${reported.status}.`,
    } : { espIdentifier: '', espService: reporter.espName, displayName: [], profileUrl: [], ipCaptureEvent: [], deviceId: [] },
    // The child and recipients get no network history: only what identifies them on the platform.
    intendedRecipient: input.recipients.map((a) => accountPart(a, reporter, false)),
    victim: victim ? [{ victimPerson: { age: victimAge }, ...accountPart(victim, reporter, false) }] : [],
    additionalInfo,
  };
  const checked = check(reportSchema, candidate, 'report');
  // A problem already named above is not repeated as the empty fields it leaves behind.
  const covered = (field: string) => (!reported && field.startsWith('report.personOrUserReported'))
    || (internetDetails.length === 0 && field.startsWith('report.internetDetails'))
    || (!incidentType && field.startsWith('report.incidentSummary.incidentType'));
  const all = [...problems, ...(checked.ok ? [] : checked.errors.filter((e) => !covered(e.field)))];
  if (all.length > 0 || !checked.ok) return { report: null, errors: all };
  return { report: checked.value, errors: null };
}

export interface FileFacts {
  reportId: string;
  fileId: string;
  originalFileName: string;
  md5: string;
  sha256: string;
  fileViewedByEsp: boolean;
  publiclyAvailable: boolean;
  industryClassification?: 'A1' | 'A2' | 'B1' | 'B2';
  /** Where and when the file came in, when the upload's IP is known. */
  upload?: { ip: string; at: Date };
}

export function buildFileDetails(f: FileFacts): { details: FileDetails; errors: null } | { details: null; errors: FieldProblem[] } {
  const checked = check(fileDetailsSchema, {
    reportId: f.reportId, fileId: f.fileId, originalFileName: f.originalFileName, fileViewedByEsp: f.fileViewedByEsp, publiclyAvailable: f.publiclyAvailable,
    ...(f.industryClassification ? { industryClassification: f.industryClassification } : {}),
    originalFileHash: [{ hashType: 'MD5', value: f.md5 }, { hashType: 'SHA256', value: f.sha256 }],
    ipCaptureEvent: f.upload ? [{ ipAddress: f.upload.ip, eventName: 'Upload', dateTime: apiDateTime(f.upload.at) }] : [],
  }, 'fileDetails');
  return checked.ok ? { details: checked.value, errors: null } : { details: null, errors: checked.errors };
}

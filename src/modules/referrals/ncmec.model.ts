import { z } from 'zod';
import type { FieldProblem } from '../../server/errors.js';
import { el, withAttributes, xmlDocument, type XmlElement } from './xml.js';

/**
 * The CyberTipline report as Trygg sends it: a Zod model checked before anything leaves, and a
 * serializer that writes the elements in the order the API's schema fixes (PRODUCT.md).
 */

/** The API's incidentType values, spelled exactly as its schema enumerates them. */
export const incidentTypes = [
  'Child Pornography (possession, manufacture, and distribution)',
  'Child Sex Trafficking',
  'Child Sex Tourism',
  'Child Sexual Molestation',
  'Misleading Domain Name',
  'Misleading Words or Digital Images on the Internet',
  'Online Enticement of Children for Sexual Acts',
  'Unsolicited Obscene Material Sent to a Child',
] as const;
export const reportAnnotations = ['sextortion', 'csamSolicitation', 'minorToMinorInteraction', 'spam', 'sadisticOnlineExploitation'] as const;
export const eventNames = ['Login', 'Registration', 'Purchase', 'Upload', 'Other', 'Unknown'] as const;
export const industryClassifications = ['A1', 'A2', 'B1', 'B2'] as const;
export type IncidentType = (typeof incidentTypes)[number];
export type ReportAnnotation = (typeof reportAnnotations)[number];
export type EventName = (typeof eventNames)[number];

/** The element order of <report>'s children; the serializer and the fake API both hold to it. */
export const REPORT_ORDER = [
  'incidentSummary', 'internetDetails', 'lawEnforcement', 'reporter', 'personOrUserReported', 'intendedRecipient', 'victim', 'additionalInfo',
] as const;

const dateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/, 'must be a date and time with a zone, e.g. 2025-01-31T12:00:00Z');
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);
const ipCaptureEvent = z.strictObject({ ipAddress: z.union([z.ipv4(), z.ipv6()], 'must be an IPv4 or IPv6 address'), eventName: z.enum(eventNames), dateTime });
const deviceId = z.strictObject({ idType: text(100), idValue: text(500) });
const person = z.strictObject({
  firstName: text(100).optional(), lastName: text(100).optional(), email: z.array(z.email()).max(5).optional(), age: z.number().int().min(0).max(120).optional(),
});
/** What the report says about a platform account: its id on the platform and how it was seen. */
const account = {
  espIdentifier: text(200), espService: text(200), screenName: text(200).optional(), displayName: z.array(text(200)).max(5),
  profileUrl: z.array(z.url()).max(5), ipCaptureEvent: z.array(ipCaptureEvent).max(100), deviceId: z.array(deviceId).max(50),
};

export const reportSchema = z.strictObject({
  incidentSummary: z.strictObject({
    incidentType: z.enum(incidentTypes),
    escalateToHighPriority: text(3000).optional(),
    reportAnnotations: z.array(z.enum(reportAnnotations)).max(reportAnnotations.length),
    incidentDateTime: dateTime,
  }),
  internetDetails: z.array(z.union([
    z.strictObject({ webPageIncident: z.strictObject({ url: z.url(), additionalInfo: text(3000).optional() }) }),
    z.strictObject({ chatImIncident: z.strictObject({ chatClient: text(200), chatRoomName: text(200).optional(), additionalInfo: text(3000).optional() }) }),
  ])).min(1, 'name where the incident happened').max(10),
  lawEnforcement: z.strictObject({ agencyName: text(200), caseNumber: text(100), officerContact: person.optional(), reportedToLe: z.boolean() }).optional(),
  reporter: z.strictObject({
    reportingPerson: z.strictObject({ firstName: text(100), lastName: text(100), email: z.array(z.email()).min(1, 'the reporter needs an e-mail address') }),
  }),
  personOrUserReported: z.strictObject({ ...account, additionalInfo: text(3000).optional() }),
  intendedRecipient: z.array(z.strictObject({ ...account })).max(10),
  victim: z.array(z.strictObject({ victimPerson: person, ...account })).max(10),
  additionalInfo: text(10_000).optional(),
});
export type CyberTipReport = z.infer<typeof reportSchema>;

export const fileDetailsSchema = z.strictObject({
  reportId: text(50),
  fileId: text(200),
  originalFileName: text(255),
  fileViewedByEsp: z.boolean(),
  publiclyAvailable: z.boolean(),
  industryClassification: z.enum(industryClassifications).optional(),
  originalFileHash: z.array(z.strictObject({ hashType: z.enum(['MD5', 'SHA256']), value: z.string().regex(/^[0-9a-f]{32}([0-9a-f]{32})?$/, 'must be a hex digest') })).min(1),
  ipCaptureEvent: z.array(ipCaptureEvent).max(10),
});
export type FileDetails = z.infer<typeof fileDetailsSchema>;

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: FieldProblem[] };

/** Checks a built model; the errors name each field by its path (e.g. report.reporter.reportingPerson.email). */
export function check<T>(schema: z.ZodType<T>, value: unknown, root: string): Checked<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, errors: parsed.error.issues.map((i) => ({ field: [root, ...i.path.map(String)].join('.'), message: i.message })) };
}

const accountElements = (a: z.infer<z.ZodObject<typeof account>>): (XmlElement | undefined)[] => [
  el('espIdentifier', a.espIdentifier), el('espService', a.espService), a.screenName ? el('screenName', a.screenName) : undefined,
  ...a.displayName.map((d) => el('displayName', d)), ...a.profileUrl.map((u) => el('profileUrl', u)),
  ...a.ipCaptureEvent.map((e) => el('ipCaptureEvent', el('ipAddress', e.ipAddress), el('eventName', e.eventName), el('dateTime', e.dateTime))),
  ...a.deviceId.map((d) => el('deviceId', el('idType', d.idType), el('idValue', d.idValue))),
];

const personElement = (name: string, p: z.infer<typeof person>): XmlElement =>
  el(name, p.firstName && el('firstName', p.firstName), p.lastName && el('lastName', p.lastName), ...(p.email ?? []).map((e) => el('email', e)), p.age !== undefined && el('age', p.age));

/** The <report> document, children in the schema's order whatever order the model's keys have. */
export function reportXml(r: CyberTipReport): string {
  const s = r.incidentSummary;
  const internet = r.internetDetails.map((d) => ('webPageIncident' in d
    ? el('webPageIncident', el('url', d.webPageIncident.url), d.webPageIncident.additionalInfo && el('additionalInfo', d.webPageIncident.additionalInfo))
    : el('chatImIncident', el('chatClient', d.chatImIncident.chatClient), d.chatImIncident.chatRoomName && el('chatRoomName', d.chatImIncident.chatRoomName),
      d.chatImIncident.additionalInfo && el('additionalInfo', d.chatImIncident.additionalInfo))));
  const parts: Record<(typeof REPORT_ORDER)[number], XmlElement[]> = {
    incidentSummary: [el('incidentSummary',
      el('incidentType', s.incidentType),
      s.escalateToHighPriority && el('escalateToHighPriority', s.escalateToHighPriority),
      s.reportAnnotations.length > 0 && el('reportAnnotations', s.reportAnnotations.map((a) => el(a))),
      el('incidentDateTime', s.incidentDateTime))],
    internetDetails: [el('internetDetails', internet)],
    lawEnforcement: r.lawEnforcement ? [el('lawEnforcement',
      el('agencyName', r.lawEnforcement.agencyName), el('caseNumber', r.lawEnforcement.caseNumber),
      r.lawEnforcement.officerContact && personElement('officerContact', r.lawEnforcement.officerContact),
      el('reportedToLe', String(r.lawEnforcement.reportedToLe)))] : [],
    reporter: [el('reporter', el('reportingPerson',
      el('firstName', r.reporter.reportingPerson.firstName), el('lastName', r.reporter.reportingPerson.lastName),
      r.reporter.reportingPerson.email.map((e) => el('email', e))))],
    personOrUserReported: [el('personOrUserReported', accountElements(r.personOrUserReported),
      r.personOrUserReported.additionalInfo && el('additionalInfo', r.personOrUserReported.additionalInfo))],
    intendedRecipient: r.intendedRecipient.map((a) => el('intendedRecipient', accountElements(a))),
    victim: r.victim.map((v) => el('victim', personElement('victimPerson', v.victimPerson), accountElements(v))),
    additionalInfo: r.additionalInfo ? [el('additionalInfo', r.additionalInfo)] : [],
  };
  const root = withAttributes(el('report', REPORT_ORDER.flatMap((k) => parts[k])), {
    'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance', 'xsi:noNamespaceSchemaLocation': 'https://report.cybertip.org/ispws/xsd',
  });
  return xmlDocument(root);
}

/** <fileDetails> for POST /fileinfo. */
export function fileDetailsXml(f: FileDetails): string {
  return xmlDocument(el('fileDetails',
    el('reportId', f.reportId), el('fileId', f.fileId), el('originalFileName', f.originalFileName),
    el('fileViewedByEsp', String(f.fileViewedByEsp)), el('publiclyAvailable', String(f.publiclyAvailable)),
    f.industryClassification && el('industryClassification', f.industryClassification),
    f.originalFileHash.map((h) => withAttributes(el('originalFileHash', h.value), { hashType: h.hashType })),
    f.ipCaptureEvent.map((e) => el('ipCaptureEvent', el('ipAddress', e.ipAddress), el('eventName', e.eventName), el('dateTime', e.dateTime)))));
}

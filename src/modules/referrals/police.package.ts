import type { EvidenceItemView } from '../evidence/evidence.service.js';
import type { AccountFacts } from './ncmec.build.js';
import { textPdf, type PdfLine } from './pdf.js';
import type { PoliceDetails } from './referrals.schemas.js';

/** What the package is built from: the case as moderators see it, the subject, the evidence. */
export interface PackageInput {
  espName: string;
  kase: { id: string; category: string; status: string; priority: number; subject: { type: string; id: string }; openedAt: string };
  subject: (AccountFacts & { age: number; country: string | null; restriction: string | null }) | null;
  reports: { category: string; source: string; relation: string | null; explanation: string; location: string | null; receivedAt: string }[];
  signals: { kind: string; evidence: unknown; createdAt: string }[];
  notes: { authorId: string; text: string; createdAt: string }[];
  actions: { action: string; status: string; reason: string; decidedAt: string }[];
  history: { type: string; actorType: string; occurredAt: string }[];
  evidence: EvidenceItemView[];
  details: PoliceDetails;
  generatedAt: Date;
}

export type PolicePackage = ReturnType<typeof buildPolicePackage>;

/**
 * The intelligence package for a national police unit: the case, its subject with the login and
 * IP history, a timeline, the moderators' notes and the evidence by hash. No content: the unit
 * asks for the items themselves through a police data request, which exports them signed.
 */
export function buildPolicePackage(input: PackageInput) {
  const { kase, subject } = input;
  const timeline = [
    ...input.reports.map((r) => ({ at: r.receivedAt, what: `report (${r.source}${r.relation ? `, ${r.relation}` : ''}): ${r.category}` })),
    ...input.signals.map((s) => ({ at: s.createdAt, what: `behaviour signal: ${s.kind}` })),
    ...input.actions.map((a) => ({ at: a.decidedAt, what: `decision: ${a.action} (${a.status})` })),
    ...input.history.map((h) => ({ at: h.occurredAt, what: `event: ${h.type} by ${h.actorType}` })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  return {
    format: 'trygg.police-intelligence-package/1',
    generatedAt: input.generatedAt.toISOString(),
    service: input.espName,
    unit: input.details.unit,
    policeCaseNumber: input.details.policeCaseNumber ?? null,
    summary: input.details.summary ?? null,
    case: { id: kase.id, category: kase.category, status: kase.status, priority: kase.priority, subject: kase.subject, openedAt: kase.openedAt },
    subject: subject ? {
      platformId: subject.externalId, displayName: subject.displayName, claimedBirthDate: subject.birthDate, claimedAge: subject.age,
      country: subject.country, status: subject.status, restriction: subject.restriction, registeredAt: subject.registeredAt.toISOString(),
      loginHistory: subject.logins.map((l) => ({ at: l.occurredAt.toISOString(), kind: l.kind, ip: l.ip, deviceId: l.deviceId })),
    } : null,
    reports: input.reports,
    signals: input.signals,
    timeline,
    notes: input.notes,
    evidence: input.evidence.map((e) => ({
      itemId: e.id, kind: e.kind, sha256: e.sha256, size: e.size, contentType: e.contentType, preservedAt: e.preservedAt, reason: e.reason, purged: e.purged,
    })),
  };
}

/** The one-document summary for the unit, in English. */
export function policePackagePdf(p: PolicePackage): Buffer {
  const h = (text: string): PdfLine => ({ text, bold: true, gap: 8 });
  const lines: PdfLine[] = [
    { text: `Intelligence package: ${p.service} case ${p.case.id}`, bold: true },
    { text: `For: ${p.unit}${p.policeCaseNumber ? `, police case ${p.policeCaseNumber}` : ''}. Generated ${p.generatedAt} by Trygg.` },
    ...(p.summary ? [h('Summary'), { text: p.summary }] : []),
    h('Case'),
    { text: `Category ${p.case.category}; status ${p.case.status}; priority ${p.case.priority}; opened ${p.case.openedAt}; subject ${p.case.subject.type} ${p.case.subject.id}.` },
    h('Subject'),
    ...(p.subject ? [
      { text: `${p.subject.displayName} (platform id ${p.subject.platformId}); claimed birth date ${p.subject.claimedBirthDate} (age ${p.subject.claimedAge}); country ${p.subject.country ?? 'unknown'}.` },
      { text: `Registered ${p.subject.registeredAt}; account status ${p.subject.status}${p.subject.restriction ? `, ${p.subject.restriction}` : ''}.` },
      h(`Login and IP history (${p.subject.loginHistory.length})`),
      ...p.subject.loginHistory.slice(0, 200).map((l) => ({ text: `${l.at}  ${l.kind}  ${l.ip ?? '-'}  ${l.deviceId ?? '-'}` })),
    ] : [{ text: 'No platform account is known for the subject.' }]),
    h(`Reports (${p.reports.length})`),
    ...p.reports.map((r) => ({ text: `${r.receivedAt} ${r.source}${r.relation ? ` (${r.relation})` : ''}, ${r.category}: ${r.explanation}${r.location ? ` [${r.location}]` : ''}` })),
    h(`Timeline (${p.timeline.length})`),
    ...p.timeline.map((t) => ({ text: `${t.at}  ${t.what}` })),
    h(`Moderators' notes (${p.notes.length})`),
    ...p.notes.map((n) => ({ text: `${n.createdAt}: ${n.text}` })),
    h(`Evidence (${p.evidence.length}), by SHA-256`),
    ...p.evidence.map((e) => ({ text: `${e.itemId} ${e.kind} ${e.contentType} ${e.size} bytes, preserved ${e.preservedAt} (${e.reason})${e.purged ? ', purged' : ''}\nsha256 ${e.sha256}` })),
    { text: 'The items themselves are available to the police through a data request; exports are signed and carry a manifest of hashes.', gap: 8 },
  ];
  return textPdf(`Trygg intelligence package ${p.case.id}`, lines);
}

import { describe, expect, it } from 'vitest';
import { reportProblems } from '../../../test/support/fake-ncmec.js';
import { buildFileDetails, buildReport, type AccountFacts, type ReportInput } from './ncmec.build.js';
import { fileDetailsXml, REPORT_ORDER, reportXml } from './ncmec.model.js';
import { ncmecDetails } from './referrals.schemas.js';
import { childElements, childText, parseXml } from './xml.js';

const now = new Date('2025-06-01T12:00:00.000Z');
const adult: AccountFacts = {
  externalId: 'adult-1', displayName: 'Kalle <K&K>', birthDate: '1980-02-02', status: 'active', registeredAt: new Date('2024-01-01T10:00:00Z'),
  logins: [
    { kind: 'login', ip: '2001:db8::1', deviceId: 'dev-1', occurredAt: new Date('2025-05-30T20:00:00Z') },
    { kind: 'login', ip: null, deviceId: 'dev-1', occurredAt: new Date('2025-05-20T20:00:00Z') },
    { kind: 'registration', ip: '203.0.113.7', deviceId: 'dev-2', occurredAt: new Date('2024-01-01T10:00:00Z') },
  ],
};
const minor: AccountFacts = { ...adult, externalId: 'minor-1', displayName: 'Mia', birthDate: '2011-03-03', logins: [] };

const input = (over: Partial<ReportInput> = {}): ReportInput => ({
  kase: {
    id: '0190a5c4-0000-7000-8000-000000000001', category: 'csam', subjectType: 'account', subjectId: 'adult-1', openedAt: new Date('2025-05-31T08:00:00Z'),
    reports: [{ receivedAt: new Date('2025-05-31T07:59:00Z'), location: 'https://community.example/p/9', explanation: 'A picture of a child' }],
  },
  reported: adult, victim: null, recipients: [], fileCount: 1, details: ncmecDetails.parse({}),
  reporter: { espName: 'Example Community', firstName: 'Anna', lastName: 'Svensson', email: 'safety@community.example', profileUrlTemplate: 'https://community.example/u/{id}' },
  now, ...over,
});

describe('the CyberTipline report builder', () => {
  it('writes the report children in the order the schema fixes, and the fake API accepts it', () => {
    const built = buildReport(input({
      victim: minor,
      details: ncmecDetails.parse({ lawEnforcement: { agencyName: 'Polisen', caseNumber: '5000-K123-25' }, additionalInfo: 'More', escalateToHighPriority: 'Meeting planned' }),
    }));
    expect(built.errors).toBeNull();
    const root = parseXml(reportXml(built.report!));
    const order = childElements(root).map((c) => c.name);
    expect(order).toEqual(['incidentSummary', 'internetDetails', 'lawEnforcement', 'reporter', 'personOrUserReported', 'victim', 'additionalInfo']);
    expect(order.map((n) => REPORT_ORDER.indexOf(n as never))).toEqual([...order.map((n) => REPORT_ORDER.indexOf(n as never))].sort((a, b) => a - b));
    expect(reportProblems(root)).toEqual([]);
  });

  it('takes the incident type from the case category', () => {
    const type = (category: string) => buildReport(input({ kase: { ...input().kase, category } })).report?.incidentSummary.incidentType;
    expect(type('csam')).toBe('Child Pornography (possession, manufacture, and distribution)');
    expect(type('grooming')).toBe('Online Enticement of Children for Sexual Acts');
    expect(type('minor_selling_sexual_content')).toBe('Child Sex Trafficking');
    const fraud = buildReport(input({ kase: { ...input().kase, category: 'fraud' } }));
    expect(fraud.errors).toEqual([{ field: 'case.category', message: expect.stringContaining('not one NCMEC takes') }]);
  });

  it('turns the login history into IP capture events and device ids, newest first', () => {
    const reported = buildReport(input()).report!.personOrUserReported;
    expect(reported.ipCaptureEvent).toEqual([
      { ipAddress: '2001:db8::1', eventName: 'Login', dateTime: '2025-05-30T20:00:00Z' },
      { ipAddress: '203.0.113.7', eventName: 'Registration', dateTime: '2024-01-01T10:00:00Z' },
    ]);
    expect(reported.deviceId).toEqual([{ idType: 'Platform device id', idValue: 'dev-1' }, { idType: 'Platform device id', idValue: 'dev-2' }]);
    expect(reported.profileUrl).toEqual(['https://community.example/u/adult-1']);
  });

  it("gives the victim's age from the minor account and marks minor-to-minor contact by itself", () => {
    const teen = { ...adult, birthDate: '2008-09-09' };
    const report = buildReport(input({ reported: teen, victim: minor, kase: { ...input().kase, category: 'grooming' } })).report!;
    expect(report.victim[0]!.victimPerson).toEqual({ age: 14 });
    expect(report.victim[0]!.ipCaptureEvent).toEqual([]);
    expect(report.incidentSummary.reportAnnotations).toContain('minorToMinorInteraction');
    expect(buildReport(input({ victim: minor })).report!.incidentSummary.reportAnnotations).not.toContain('minorToMinorInteraction');
  });

  it('builds a text-only grooming report about a conversation as a chat incident', () => {
    const report = buildReport(input({ fileCount: 0, kase: { ...input().kase, category: 'grooming', subjectType: 'conversation', subjectId: 'conv-7', reports: [] } })).report!;
    expect(report.internetDetails).toEqual([{ chatImIncident: expect.objectContaining({ chatClient: 'Example Community' }) }]);
    expect(report.incidentSummary.incidentDateTime).toBe('2025-05-31T08:00:00Z');
    expect(report.additionalInfo).toContain('text-only referral');
  });

  it('refuses with field errors when the reported account or the reporter e-mail is missing', () => {
    const built = buildReport(input({ reported: null, reporter: { ...input().reporter, email: '' } }));
    expect(built.report).toBeNull();
    expect(built.errors!.map((e) => e.field)).toEqual(['details.reportedAccountId', 'report.reporter.reportingPerson.email']);
  });

  it('refuses a malformed IP address from the login history, naming the field', () => {
    const bad = { ...adult, logins: [{ kind: 'login', ip: '999.1.1.1', deviceId: null, occurredAt: now }] };
    expect(buildReport(input({ reported: bad })).errors).toEqual([
      { field: 'report.personOrUserReported.ipCaptureEvent.0.ipAddress', message: 'must be an IPv4 or IPv6 address' },
    ]);
  });

  it('escapes markup in member-supplied text so the XML stays well formed', () => {
    const xml = reportXml(buildReport(input({ details: ncmecDetails.parse({ additionalInfo: '</additionalInfo><evil/> & "quotes"' }) })).report!);
    const root = parseXml(xml);
    expect(childText(root, 'additionalInfo')).toContain('</additionalInfo><evil/> & "quotes"');
    expect(xml).toContain('Kalle &lt;K&amp;K&gt;');
  });
});

describe('file details', () => {
  it('carries both hashes, the classification and the viewed and public flags', () => {
    const built = buildFileDetails({
      reportId: '123', fileId: 'f1', originalFileName: 'a.jpeg', md5: 'a'.repeat(32), sha256: 'b'.repeat(64), fileViewedByEsp: true, publiclyAvailable: false,
      industryClassification: 'A1',
    });
    const root = parseXml(fileDetailsXml(built.details!));
    expect(childElements(root).map((c) => c.name)).toEqual([
      'reportId', 'fileId', 'originalFileName', 'fileViewedByEsp', 'publiclyAvailable', 'industryClassification', 'originalFileHash', 'originalFileHash',
    ]);
    expect(childElements(root).filter((c) => c.name === 'originalFileHash').map((c) => c.attributes?.hashType)).toEqual(['MD5', 'SHA256']);
  });

  it('refuses a hash that is not a hex digest', () => {
    const built = buildFileDetails({
      reportId: '1', fileId: 'f', originalFileName: 'a', md5: 'nothex', sha256: 'b'.repeat(64), fileViewedByEsp: false, publiclyAvailable: false,
    });
    expect(built.errors).toEqual([{ field: 'fileDetails.originalFileHash.0.value', message: 'must be a hex digest' }]);
  });
});

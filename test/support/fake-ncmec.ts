import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { REPORT_ORDER, eventNames, incidentTypes, industryClassifications } from '../../src/modules/referrals/ncmec.model.js';
import { childElements, childText, escapeXml, parseXml, type XmlElement } from '../../src/modules/referrals/xml.js';

/**
 * A local stand-in for the CyberTipline Reporting API: a real HTTP server on a random port that
 * checks Basic auth, reads the XML and keeps each report's state (open, finished, retracted).
 * Response codes: 0 OK; 1000 server error; 1021 the report is finished (no retract, upload or
 * fileinfo any more); 1022 the report is retracted; 4100 the XML is invalid or incomplete
 * (wrong root, missing or misordered elements, bad values); 4200 unknown report or file.
 */
export type FakeStep = 'submit' | 'upload' | 'fileinfo' | 'finish' | 'retract';

interface FakeReport {
  id: string;
  xml: string;
  state: 'open' | 'finished' | 'retracted';
  files: Map<string, { name: string; md5: string; size: number; details?: string }>;
}

interface Failure { steps?: FakeStep[]; status: number; responseCode?: number; description?: string }

export interface FakeNcmec {
  url: string;
  reports: Map<string, FakeReport>;
  /** Every call, in order: the step, whether the credentials were right, and the response code sent. */
  calls: { step: string; authorised: boolean; httpStatus: number; responseCode: number | null; authorization: string | undefined }[];
  /** The next `times` calls (of these steps, or any) answer with this status and code. */
  failNext(times: number, failure: Failure): void;
  close(): Promise<void>;
}

const answer = (res: ServerResponse, status: number, root: string, fields: Record<string, string | number | string[]>) => {
  const inner = Object.entries(fields).map(([k, v]) => (Array.isArray(v) ? v.map((x) => `<${k}>${escapeXml(x)}</${k}>`).join('') : `<${k}>${escapeXml(String(v))}</${k}>`)).join('');
  res.writeHead(status, { 'content-type': 'application/xml' }).end(`<?xml version="1.0" encoding="UTF-8"?><${root}>${inner}</${root}>`);
};

/** Problems with a <report>: the checks the real API's schema makes that Trygg's builder relies on. */
export function reportProblems(root: XmlElement): string[] {
  if (root.name !== 'report') return [`root element is <${root.name}>, expected <report>`];
  const problems: string[] = [];
  let last = -1;
  for (const child of childElements(root)) {
    const at = (REPORT_ORDER as readonly string[]).indexOf(child.name);
    if (at < 0) problems.push(`unexpected element <${child.name}>`);
    else if (at < last) problems.push(`<${child.name}> is out of order`);
    else last = at;
  }
  const names = childElements(root).map((c) => c.name);
  for (const required of ['incidentSummary', 'reporter']) if (!names.includes(required)) problems.push(`missing <${required}>`);
  const summary = childElements(root).find((c) => c.name === 'incidentSummary');
  if (summary) {
    const type = childText(summary, 'incidentType');
    if (!type || !(incidentTypes as readonly string[]).includes(type)) problems.push(`incidentType "${type ?? ''}" is not one of the enumeration`);
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/.test(childText(summary, 'incidentDateTime') ?? '')) problems.push('incidentDateTime is missing or not a dateTime');
  }
  const reporter = childElements(root).find((c) => c.name === 'reporter');
  const person = reporter && childElements(reporter).find((c) => c.name === 'reportingPerson');
  if (reporter && !(person && childText(person, 'email'))) problems.push('reporter/reportingPerson/email is required');
  for (const event of findAll(root, 'ipCaptureEvent')) {
    if (!childText(event, 'ipAddress')) problems.push('ipCaptureEvent without ipAddress');
    const name = childText(event, 'eventName');
    if (name && !(eventNames as readonly string[]).includes(name)) problems.push(`eventName "${name}" is not allowed`);
  }
  return problems;
}

const findAll = (root: XmlElement, name: string): XmlElement[] =>
  childElements(root).flatMap((c) => (c.name === name ? [c, ...findAll(c, name)] : findAll(c, name)));

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function formOf(req: IncomingMessage, body: Buffer): Promise<FormData> {
  return new Response(new Uint8Array(body), { headers: { 'content-type': req.headers['content-type'] ?? '' } }).formData();
}

export async function startFakeNcmec(credentials = { username: 'trygg-test', password: 'fake-ncmec-password' }): Promise<FakeNcmec> {
  const reports = new Map<string, FakeReport>();
  const calls: FakeNcmec['calls'] = [];
  const failures: (Failure & { left: number })[] = [];
  let nextReportId = 1_000_000 + Math.floor(Math.random() * 1000);
  const expected = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const step = (req.url ?? '').replace(/^\/ispws\//, '').replace(/\?.*$/, '') as FakeStep;
    const authorised = req.headers.authorization === expected;
    const body = await readBody(req);
    const log = (httpStatus: number, responseCode: number | null) => calls.push({ step, authorised, httpStatus, responseCode, authorization: req.headers.authorization });
    if (!authorised) {
      log(401, null);
      res.writeHead(401, { 'www-authenticate': 'Basic realm="ispws"', 'content-type': 'text/plain' }).end('Unauthorized');
      return;
    }
    const failure = failures.find((f) => f.left > 0 && (!f.steps || f.steps.includes(step)));
    if (failure) {
      failure.left--;
      log(failure.status, failure.responseCode ?? null);
      if (failure.responseCode === undefined) res.writeHead(failure.status, { 'content-type': 'text/plain' }).end('Service unavailable');
      else answer(res, failure.status, 'reportResponse', { responseCode: failure.responseCode, responseDescription: failure.description ?? 'Injected failure' });
      return;
    }
    const reply = (status: number, code: number, description: string, extra: Record<string, string | string[]> = {}, root = 'reportResponse') => {
      log(status, code);
      answer(res, status, root, { responseCode: code, responseDescription: description, ...extra });
    };
    const openReport = (id: string | null): FakeReport | string => {
      const report = id ? reports.get(id) : undefined;
      if (!report) return 'unknown report';
      if (report.state === 'finished') return 'finished';
      if (report.state === 'retracted') return 'retracted';
      return report;
    };
    const refuse = (why: string) => (why === 'finished' ? reply(400, 1021, 'The report is finished')
      : why === 'retracted' ? reply(400, 1022, 'The report is retracted') : reply(400, 4200, why));

    if (step === 'submit') {
      let root: XmlElement;
      try { root = parseXml(body.toString('utf8')); } catch (error) { reply(400, 4100, `Invalid XML: ${(error as Error).message}`); return; }
      const problems = reportProblems(root);
      if (problems.length) { reply(400, 4100, problems.join('; ')); return; }
      const id = String(nextReportId++);
      reports.set(id, { id, xml: body.toString('utf8'), state: 'open', files: new Map() });
      reply(200, 0, 'Success', { reportId: id });
    } else if (step === 'upload') {
      const form = await formOf(req, body);
      const report = openReport(form.get('id') as string | null);
      if (typeof report === 'string') { refuse(report); return; }
      const file = form.get('file');
      if (!(file instanceof Blob) || file.size === 0) { reply(400, 4100, 'No file'); return; }
      const bytes = Buffer.from(await file.arrayBuffer());
      const fileId = randomUUID().replace(/-/g, '');
      const md5 = createHash('md5').update(bytes).digest('hex');
      report.files.set(fileId, { name: (file as File).name, md5, size: bytes.length });
      reply(200, 0, 'Success', { reportId: report.id, fileId, hash: md5 });
    } else if (step === 'fileinfo') {
      let root: XmlElement;
      try { root = parseXml(body.toString('utf8')); } catch (error) { reply(400, 4100, `Invalid XML: ${(error as Error).message}`); return; }
      if (root.name !== 'fileDetails') { reply(400, 4100, 'expected <fileDetails>'); return; }
      const report = openReport(childText(root, 'reportId') ?? null);
      if (typeof report === 'string') { refuse(report); return; }
      const file = report.files.get(childText(root, 'fileId') ?? '');
      if (!file) { reply(400, 4200, 'unknown file'); return; }
      const bool = (name: string) => ['true', 'false'].includes(childText(root, name) ?? 'false');
      const classification = childText(root, 'industryClassification');
      if (!bool('fileViewedByEsp') || !bool('publiclyAvailable') || (classification && !(industryClassifications as readonly string[]).includes(classification))) {
        reply(400, 4100, 'invalid fileDetails values'); return;
      }
      const md5 = childElements(root).find((c) => c.name === 'originalFileHash' && c.attributes?.hashType === 'MD5');
      if (md5 && childText({ name: 'x', children: [md5] }, 'originalFileHash') !== file.md5) { reply(400, 4100, 'originalFileHash (MD5) does not match the upload'); return; }
      file.details = body.toString('utf8');
      reply(200, 0, 'Success', { reportId: report.id });
    } else if (step === 'finish') {
      const report = openReport((await formOf(req, body)).get('id') as string | null);
      if (typeof report === 'string') { refuse(report); return; }
      report.state = 'finished';
      reply(200, 0, 'Success', { reportId: report.id, files: [...report.files.keys()] }, 'reportDoneResponse');
    } else if (step === 'retract') {
      const report = openReport((await formOf(req, body)).get('id') as string | null);
      if (typeof report === 'string') { refuse(report); return; }
      report.state = 'retracted';
      reply(200, 0, 'Success', { reportId: report.id });
    } else {
      log(404, null);
      res.writeHead(404).end();
    }
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      calls.push({ step: 'error', authorised: false, httpStatus: 500, responseCode: 1000, authorization: undefined });
      answer(res, 500, 'reportResponse', { responseCode: 1000, responseDescription: `Server error: ${(error as Error).message}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/ispws`,
    reports,
    calls,
    failNext: (times, failure) => { failures.push({ ...failure, left: times }); },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

import { describeFetchError } from '../webhooks/deliver.js';
import { childText, parseXml, XmlError } from './xml.js';

/** Where the CyberTipline Reporting API is and who Trygg is there (TRYGG_NCMEC_*). */
export interface NcmecConfig {
  /** e.g. https://report.cybertip.org/ispws (production) or https://exttest.cybertip.org/ispws (test). */
  url: string;
  username: string;
  password: string;
  timeoutMs: number;
}

export type ApiStep = 'submit' | 'upload' | 'fileinfo' | 'finish' | 'retract';

/** One answer of the API, as stored in the referral's response log. */
export interface ApiAnswer {
  step: ApiStep;
  ok: boolean;
  httpStatus: number | null;
  /** The API's responseCode (0 = OK); null when no XML answer came. */
  responseCode: number | null;
  description: string | null;
  /** The answer's body, truncated; or what went wrong on the network. Never a request header. */
  body: string | null;
  reportId?: string;
  fileId?: string;
  /**
   * Worth sending again unchanged later (network error, timeout, HTTP 5xx or 429). Anything else
   * is a rejection: the referral fails and waits for legal to fix and retry it.
   */
  transient: boolean;
}

const MAX_BODY = 4000;

/**
 * The CyberTipline Reporting API over HTTP Basic auth: submit the report XML, upload each file,
 * describe it, finish; or retract an unfinished report. Each call answers, never throws, so the
 * caller can store every answer. The credentials go only into the Authorization header.
 */
export class NcmecClient {
  constructor(
    private readonly config: NcmecConfig,
    private readonly fetchFn: typeof fetch = fetch,
  ) {}

  submit(reportXml: string): Promise<ApiAnswer> {
    return this.call('submit', '/submit', reportXml);
  }

  upload(reportId: string, file: { bytes: Buffer; name: string; contentType: string }): Promise<ApiAnswer> {
    const form = new FormData();
    form.append('id', reportId);
    form.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.contentType }), file.name);
    return this.call('upload', '/upload', form);
  }

  fileInfo(fileDetailsXml: string): Promise<ApiAnswer> {
    return this.call('fileinfo', '/fileinfo', fileDetailsXml);
  }

  finish(reportId: string): Promise<ApiAnswer> {
    return this.call('finish', '/finish', idForm(reportId));
  }

  retract(reportId: string): Promise<ApiAnswer> {
    return this.call('retract', '/retract', idForm(reportId));
  }

  private async call(step: ApiStep, path: string, body: string | FormData): Promise<ApiAnswer> {
    const headers: Record<string, string> = {
      authorization: `Basic ${Buffer.from(`${this.config.username}:${this.config.password}`).toString('base64')}`,
      'user-agent': 'Trygg-Referrals/1',
    };
    if (typeof body === 'string') headers['content-type'] = 'text/xml; charset=utf-8';
    let response: Response;
    try {
      response = await this.fetchFn(`${this.config.url.replace(/\/+$/, '')}${path}`, {
        method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(this.config.timeoutMs),
      });
    } catch (error) {
      return { step, ok: false, httpStatus: null, responseCode: null, description: null, body: describeFetchError(error, this.config.timeoutMs), transient: true };
    }
    const text = await response.text().catch(() => '');
    return interpret(step, response.status, text);
  }
}

const idForm = (reportId: string): FormData => {
  const form = new FormData();
  form.append('id', reportId);
  return form;
};

/** Reads an answer: OK only with a 2xx status and responseCode 0. */
export function interpret(step: ApiStep, status: number, text: string): ApiAnswer {
  const transient = status >= 500 || status === 429;
  const base = { step, httpStatus: status, body: text.slice(0, MAX_BODY) || null, transient };
  let root;
  try {
    root = parseXml(text);
  } catch (error) {
    const why = error instanceof XmlError ? error.message : 'unreadable';
    const description = status === 401 ? 'authentication failed: check TRYGG_NCMEC_USERNAME and TRYGG_NCMEC_PASSWORD' : `HTTP ${status}, no XML answer (${why})`;
    return { ...base, ok: false, responseCode: null, description };
  }
  const code = Number(childText(root, 'responseCode'));
  const responseCode = Number.isInteger(code) ? code : null;
  const description = childText(root, 'responseDescription') ?? null;
  const reportId = childText(root, 'reportId');
  const fileId = childText(root, 'fileId');
  const ok = status >= 200 && status < 300 && responseCode === 0;
  return {
    ...base, ok, responseCode, description: description ?? (ok ? 'OK' : `responseCode ${responseCode ?? 'missing'}`),
    ...(reportId ? { reportId } : {}), ...(fileId ? { fileId } : {}),
  };
}

/** A one-line account of an answer for the referral's last error. */
export const describeAnswer = (a: ApiAnswer): string =>
  `${a.step}: ${a.httpStatus === null ? a.body ?? 'no answer' : `HTTP ${a.httpStatus}`}${a.responseCode !== null ? `, responseCode ${a.responseCode}` : ''}${a.description ? ` (${a.description})` : ''}`;

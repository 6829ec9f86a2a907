// The one way the console reaches Trygg: fetch against /v1 with the session cookie,
// and the session's CSRF token on every write (the server refuses cookie writes without it).

export interface FieldProblem {
  field: string;
  message: string;
}

/** RFC 9457 problem details, as every Trygg error arrives. */
export interface Problem {
  status: number;
  code: string;
  detail: string;
  errors?: FieldProblem[];
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
    this.name = 'ApiError';
  }
}

export function asProblem(error: unknown): Problem {
  if (error instanceof ApiError) return error.problem;
  return { status: 0, code: 'unexpected', detail: error instanceof Error ? error.message : String(error) };
}

/** The error for one form field, whether the server named it `email` or `body.email`. */
export function fieldError(problem: Problem | null, field: string): string | undefined {
  const hit = problem?.errors?.find((e) => e.field === field || e.field.endsWith(`.${field}`));
  return hit?.message;
}

let csrfToken: string | null = null;
let sessionLost: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when the server says the session is gone, so the console returns to sign-in. */
export function onSessionLost(handler: () => void): void {
  sessionLost = handler;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export async function api<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  // An empty JSON body is an error to the server, so only declare JSON when sending some.
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(`/v1${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError({ status: 0, code: 'network', detail: 'Trygg could not be reached' });
  }
  if (response.status === 204) return undefined as T;
  const data: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const problem = isProblem(data) ? data : { status: response.status, code: `http-${response.status}`, detail: response.statusText };
    const duringSignIn = path === '/auth/sign-in' || path.startsWith('/auth/two-factor');
    if (response.status === 401 && !duringSignIn) sessionLost?.();
    throw new ApiError(problem);
  }
  return data as T;
}

/** A file the server sent: its bytes, the name it suggested and its headers (e.g. a package's SHA-256). */
export interface ApiFile {
  blob: Blob;
  filename: string | null;
  headers: Headers;
}

/**
 * Bytes from Trygg (preserved evidence, an export package): a GET, or a POST that builds the file
 * and so carries the CSRF token like every write. A failure arrives as problem+json, as an ApiError.
 */
export async function apiFile(method: 'GET' | 'POST', path: string): Promise<ApiFile> {
  const headers: Record<string, string> = { accept: '*/*' };
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(`/v1${path}`, { method, headers, credentials: 'same-origin', cache: 'no-store' });
  } catch {
    throw new ApiError({ status: 0, code: 'network', detail: 'Trygg could not be reached' });
  }
  if (response.ok) {
    const disposition = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '');
    return { blob: await response.blob(), filename: disposition?.[1] ?? null, headers: response.headers };
  }
  const data: unknown = await response.json().catch(() => null);
  if (response.status === 401) sessionLost?.();
  throw new ApiError(isProblem(data) ? data : { status: response.status, code: `http-${response.status}`, detail: response.statusText });
}

/** A GET for bytes (preserved evidence): the body as a Blob, or the problem as an ApiError. */
export async function apiBlob(path: string): Promise<Blob> {
  return (await apiFile('GET', path)).blob;
}

/** Hands a file to the browser's downloads under its name; the object URL is let go once the click has taken it. */
export function saveFile(file: { blob: Blob; filename: string | null }, fallbackName: string): void {
  const url = URL.createObjectURL(file.blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = file.filename ?? fallbackName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Problems about one part of a body, e.g. every `body.scope.accounts.3`, joined for the field that edits it. */
export function fieldErrorsUnder(problem: Problem | null, prefix: string): string | undefined {
  const hits = problem?.errors?.filter((e) => {
    const field = e.field.replace(/^body\./, '');
    return field === prefix || field.startsWith(`${prefix}.`);
  });
  return hits?.length ? hits.map((e) => e.message).join('; ') : undefined;
}

function isProblem(data: unknown): data is Problem {
  return typeof data === 'object' && data !== null && typeof (data as Problem).detail === 'string';
}

/** A query string from the filled-in values only. */
export function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

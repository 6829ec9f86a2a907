/**
 * The absolute links Trygg sends to people outside the console: the appeal page a statement of
 * reasons points to and the status page of a report. They leave Trygg in e-mails and webhooks,
 * where a relative path is useless, so they are built from the installation's public URL.
 */
export interface PublicLinks {
  /** The public origin and path prefix, without a trailing slash (https://trygg.example.org). */
  readonly base: string;
  appeal(token: string): string;
  reportStatus(receiptCode: string): string;
}

export function publicLinks(publicUrl: string): PublicLinks {
  const url = new URL(publicUrl);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`public URL must be http(s): ${publicUrl}`);
  const base = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  return {
    base,
    appeal: (token) => `${base}/appeal/${encodeURIComponent(token)}`,
    reportStatus: (code) => `${base}/report/status/${encodeURIComponent(code)}`,
  };
}

/**
 * TRYGG_PUBLIC_URL, or where this node listens when it is unset (a local demo): the links then
 * work on this machine only, which is why production sets the variable.
 */
export function publicUrlOf(env: { TRYGG_PUBLIC_URL?: string; HOST: string; PORT: number }): string {
  if (env.TRYGG_PUBLIC_URL) return env.TRYGG_PUBLIC_URL;
  const host = env.HOST === '0.0.0.0' || env.HOST === '::' ? 'localhost' : env.HOST.includes(':') ? `[${env.HOST}]` : env.HOST;
  return `http://${host}:${env.PORT}`;
}

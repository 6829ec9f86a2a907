// Helpers for the queue browser test: a webhook receiver, a tiny image, staff sign-in, and the
// public paths (/report, /appeal) when the server does not serve the public shell there yet.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deflateSync } from 'node:zlib';
import type { BrowserContext, Page } from 'playwright-core';
import { totpCode } from '../../src/modules/staff/totp.js';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A platform's webhook receiver on 127.0.0.1: by default the first request of each message gets 500
 * and later ones 204 (retries are part of what the queue test shows); `failFirst: false` takes each at once.
 */
export async function startReceiver({ failFirst = true }: { failFirst?: boolean } = {}) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const seen = received.some((r) => r.headers['webhook-id'] === req.headers['webhook-id']);
      received.push({ path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = seen || !failFirst ? 204 : 500;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/trygg-hooks`;
  const close = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return { url, received, close };
}

/** The Standard Webhooks signature check, from the specification, with node:crypto only. */
export function signatureValid(secret: string, headers: IncomingHttpHeaders, body: string): boolean {
  const { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signatures } = headers;
  if (typeof id !== 'string' || typeof timestamp !== 'string' || typeof signatures !== 'string') return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return signatures.split(' ').includes(`v1,${expected}`);
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A harmless 8×8 picture in four bright colours as a data URL (the console's CSP allows data:
 * images), standing in for a thumbnail the platform attaches: vivid enough that the screenshots
 * show the difference between blurred-and-grey and revealed.
 */
export function tinyPng(): string {
  const size = 8;
  const colours = [[230, 57, 70], [42, 157, 143], [244, 162, 97], [69, 123, 157]];
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = [0];
    for (let x = 0; x < size; x++) row.push(...colours[(y < size / 2 ? 0 : 2) + (x < size / 2 ? 0 : 1)]!);
    rows.push(Buffer.from(row));
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0)),
  ]);
  return `data:image/png;base64,${png.toString('base64')}`;
}

/** Signs a member of staff in through the console's own form, with a code from their authenticator. */
export async function signIn(page: Page, base: string, who: { email: string; password: string; secret: string }, now: Date): Promise<void> {
  await page.goto(`${base}/console`);
  await page.getByLabel('E-mail address').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Six-digit code').fill(totpCode(who.secret, now));
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('heading', { level: 1, name: /^Welcome, / }).waitFor();
}

/** The server answers the public app's client-routed paths with the public page (src/server/static.ts). */
export async function expectPublicPathsServed(base: string): Promise<void> {
  for (const path of ['/report', '/report/status/AAAAAAAAAAAAAAAA', '/appeal/xxxxxxxxxxxxxxxx']) {
    const res = await fetch(`${base}${path}`);
    if (res.status !== 200 || !(res.headers.get('content-type') ?? '').includes('text/html')) {
      throw new Error(`the server does not serve the public page at ${path} (status ${res.status})`);
    }
  }
}

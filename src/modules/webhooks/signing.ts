import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { seal, unseal } from '../../lib/crypto.js';

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com), through the specification's own
 * reference library: `webhook-signature` is `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`
 * keyed with the base64-decoded part of the `whsec_…` secret.
 */

export const SECRET_PREFIX = 'whsec_';
const SECRET_PATTERN = /^whsec_[A-Za-z0-9+/]{32,88}={0,2}$/;

/** A new signing secret: `whsec_` and 32 random bytes in base64 (the spec asks for 24 to 64). */
export function generateSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

export function isSecret(value: string): boolean {
  return SECRET_PATTERN.test(value);
}

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/**
 * The three Standard Webhooks headers for one attempt. With more than one secret (the grace
 * period after a rotation) the signature header carries one `v1,…` per secret, space-separated,
 * and a receiver that knows either secret accepts the message.
 */
export function signMessage(secrets: readonly string[], id: string, timestamp: Date, body: string): SignedHeaders {
  if (secrets.length === 0) throw new Error('No signing secret');
  const signature = secrets.map((secret) => new Webhook(secret).sign(id, timestamp, body)).join(' ');
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
    'webhook-signature': signature,
  };
}

/** After a rotation the old secret keeps signing beside the new one for this long. */
export const ROTATION_GRACE_MS = 24 * 3_600_000;

/** An endpoint's secrets: the current one and, for a day after a rotation, the one before. */
export interface EndpointSecrets {
  current: string;
  previous?: string;
  /** ISO time until which `previous` still signs. */
  previousUntil?: string;
}

/** Sealed for the `secret_sealed` column: a bare `whsec_…`, or JSON while a rotation's grace lasts. */
export function sealSecrets(key: Buffer, secrets: EndpointSecrets): string {
  return seal(key, secrets.previous ? JSON.stringify(secrets) : secrets.current);
}

export function openSecrets(key: Buffer, sealed: string): EndpointSecrets {
  const plain = unseal(key, sealed);
  if (plain.startsWith(SECRET_PREFIX)) return { current: plain };
  const parsed = JSON.parse(plain) as EndpointSecrets;
  if (!isSecret(parsed.current)) throw new Error('Sealed webhook secret has an unknown format');
  return parsed;
}

/** The secrets to sign with now: the current one first, then the previous one during its grace. */
export function signingSecrets(secrets: EndpointSecrets, now: Date): string[] {
  const previousValid = secrets.previous && secrets.previousUntil && Date.parse(secrets.previousUntil) > now.getTime();
  return previousValid ? [secrets.current, secrets.previous!] : [secrets.current];
}

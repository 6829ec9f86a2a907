import { createHmac } from 'node:crypto';

/**
 * E-mail as one person controls it: lower case, without a +tag, and for Gmail without dots, so
 * that "A.N.Other+x@GMail.com" and "another@gmail.com" are the same person (Mastodon's canonical
 * e-mail idea). Ban evasion matching depends on this.
 */
export function canonicalEmail(email: string): string {
  const [local = '', domain = ''] = email.trim().toLowerCase().split('@');
  let user = local.split('+')[0]!;
  const host = domain === 'googlemail.com' ? 'gmail.com' : domain;
  if (host === 'gmail.com') user = user.replaceAll('.', '');
  return `${user}@${host}`;
}

/** Digits with a leading + kept: "+46 (70) 123-45 67" → "+46701234567". */
export const canonicalPhone = (phone: string): string => phone.trim().replace(/(?!^\+)[^0-9]/g, '');

/** Keyed hash: without the installation key a leaked table cannot be matched against a list. */
export const keyedHash = (key: Buffer, value: string): string => createHmac('sha256', key).update(value).digest('hex');

/**
 * Keyset cursors for lists ordered by (a time, an id), newest first: the last row's pair, opaque to
 * callers, so a page stays fast at any depth and rows added meanwhile do not shift later pages.
 */
export function encodeTimeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');
}

/** The pair a cursor names, or null for a string this API did not give (the caller answers 400). */
export function decodeTimeCursor(cursor: string): { at: Date; id: string } | null {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\|([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/
    .exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  const at = match ? new Date(match[1]!) : null;
  return match && at && !Number.isNaN(at.getTime()) ? { at, id: match[2]! } : null;
}

import { describe, expect, it } from 'vitest';
import { decodeTimeCursor, encodeTimeCursor } from './cursor.js';

describe('keyset cursors of (a time, an id)', () => {
  it('give back the pair they were made from', () => {
    const at = new Date('2026-03-01T10:00:00.123Z');
    const id = '0195f1e2-0000-7000-8000-000000000001';
    const cursor = encodeTimeCursor(at, id);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeTimeCursor(cursor)).toEqual({ at, id });
  });

  it.each([
    ['an empty string', ''],
    ['not base64url text', '%%%'],
    ['a pair without an id', Buffer.from('2026-03-01T10:00:00.123Z|').toString('base64url')],
    ['an id that is not a UUID', Buffer.from('2026-03-01T10:00:00.123Z|abc').toString('base64url')],
    ['a date without time', Buffer.from('2026-03-01|0195f1e2-0000-7000-8000-000000000001').toString('base64url')],
    ['an impossible date', Buffer.from('2026-13-45T10:00:00.123Z|0195f1e2-0000-7000-8000-000000000001').toString('base64url')],
    ['SQL in the id', Buffer.from("2026-03-01T10:00:00.123Z|0195f1e2-0000-7000-8000-000000000001' OR 1=1").toString('base64url')],
  ])('refuse %s', (_name, cursor) => {
    expect(decodeTimeCursor(cursor)).toBeNull();
  });
});

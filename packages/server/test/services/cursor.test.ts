/**
 * List cursors (docs/http-api.md, "Pagination"): opaque, valid for the list they came from for 24
 * hours, and anything else is `invalid_cursor`, never a page from a made-up position. Rules found
 * by mutation testing; the 24 hours over HTTP are in test/http/lifetimes.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../src/services/cursor.js';

const owner = { projectId: 'proj_a', scope: 'alice' };
const now = Date.parse('2026-12-01T12:00:00Z');
const DAY = 24 * 3600_000;
/** A cursor with the fields as given, in the encoding the server uses. */
const raw = (fields: Record<string, unknown>) => Buffer.from(JSON.stringify(fields)).toString('base64url');
const digest = JSON.parse(
  Buffer.from(encodeCursor({ snapshot: 1, below: 1, takenAt: now }, owner), 'base64url').toString(),
).o;
const fields = (over: Record<string, unknown>) => raw({ v: 2, s: 10, b: 5, t: now, o: digest, ...over });

describe('decodeCursor', () => {
  it('reads back what encodeCursor wrote, for the same list', () => {
    const cursor = encodeCursor({ snapshot: 10, below: 11, takenAt: now - DAY }, owner);
    expect(decodeCursor(cursor, owner, now)).toEqual({ snapshot: 10, below: 11, takenAt: now - DAY });
    expect(decodeCursor(fields({ s: 0, b: 0, t: 0 }), owner, 0)).toEqual({ snapshot: 0, below: 0, takenAt: 0 });
  });

  it.each([
    ['another list', () => encodeCursor({ snapshot: 1, below: 1, takenAt: now }, { ...owner, scope: 'bob' })],
    ['another project', () => encodeCursor({ snapshot: 1, below: 1, takenAt: now }, { ...owner, projectId: 'proj_b' })],
    ['not base64 JSON', () => '!!!'],
    ['JSON that is not an object', () => raw(null as unknown as Record<string, unknown>)],
    ['another version', () => fields({ v: 1 })],
    ['a negative position', () => fields({ b: -1 })],
    ['a negative snapshot', () => fields({ s: -1 })],
    ['a position that is not whole', () => fields({ b: 1.5 })],
    ['a time that is not a number', () => fields({ t: 'now' })],
    ['a position past the snapshot', () => fields({ s: 10, b: 12 })],
    ['a snapshot older than 24 hours', () => fields({ t: now - DAY - 1 })],
    ['a time more than a minute ahead', () => fields({ t: now + 60_001 })],
  ])('refuses %s', (_what, cursor) => {
    expect(() => decodeCursor(cursor(), owner, now)).toThrow(expect.objectContaining({ code: 'invalid_cursor' }));
  });

  it('takes the edges: a position just past the snapshot, 24 hours old, a minute ahead', () => {
    expect(decodeCursor(fields({ s: 10, b: 11 }), owner, now).below).toBe(11);
    expect(decodeCursor(fields({ t: now - DAY }), owner, now).takenAt).toBe(now - DAY);
    expect(decodeCursor(fields({ t: now + 60_000 }), owner, now).takenAt).toBe(now + 60_000);
  });
});

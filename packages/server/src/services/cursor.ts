/**
 * Opaque list cursors: base64url JSON of the paging snapshot, the position reached, when the
 * snapshot was taken (cursors expire with the activity log entries they rely on), and a digest of
 * whose list it pages, so a cursor handed to another user's list is refused instead of paging it
 * from a foreign position.
 */
import { createHash } from 'node:crypto';
import { errors } from '../errors/app-error.js';
import { LIMITS } from './limits.js';

export interface RoomCursor {
  /** The project's activity counter when paging began. */
  snapshot: number;
  /** The snapshot activity number of the last room returned. */
  below: number;
  /** When paging began (ms since epoch). */
  takenAt: number;
}

/** Whose list a cursor pages: a project and a user. */
export interface CursorOwner {
  projectId: string;
  userId: string;
}

const digestOf = (owner: CursorOwner) =>
  createHash('sha256').update(`${owner.projectId}\u0000${owner.userId}`).digest('base64url').slice(0, 16);

export function encodeCursor(c: RoomCursor, owner: CursorOwner): string {
  return Buffer.from(JSON.stringify({ v: 2, s: c.snapshot, b: c.below, t: c.takenAt, o: digestOf(owner) })).toString(
    'base64url',
  );
}

export function decodeCursor(text: string, owner: CursorOwner, now: number = Date.now()): RoomCursor {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw errors.invalidCursor();
  }
  const { v, s, b, t, o } = (raw ?? {}) as Record<string, unknown>;
  const whole = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;
  if (v !== 2 || o !== digestOf(owner) || !whole(s) || !whole(b) || !whole(t) || b > s + 1)
    throw errors.invalidCursor();
  if (now - t > LIMITS.cursorLifetimeMs || t > now + 60_000) throw errors.invalidCursor();
  return { snapshot: s, below: b, takenAt: t };
}

/**
 * Opaque list cursors: base64url JSON of where a page ended, and a digest of whose list it pages
 * (a project and the list's scope: a user, or the filters of a project-wide list), so a cursor
 * handed to another list is refused instead of paging it from a foreign position.
 *
 * Room cursors carry the paging snapshot and when it was taken (they expire with the activity
 * log entries they rely on); user cursors carry the last user shown.
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

/**
 * Whose list a cursor pages: a project and a scope. A user's rooms have the user id as scope
 * (the form cursors have always had); other lists start their scope with a NUL, which no user
 * id contains, and name their filters in it.
 */
export interface CursorOwner {
  projectId: string;
  scope: string;
}

const digestOf = (owner: CursorOwner) =>
  createHash('sha256').update(`${owner.projectId}\u0000${owner.scope}`).digest('base64url').slice(0, 16);

function decodeJson(text: string): Record<string, unknown> {
  try {
    const raw: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (raw !== null && typeof raw === 'object') return raw as Record<string, unknown>;
  } catch {
    // the one error for every bad cursor, below
  }
  throw errors.invalidCursor();
}

const encodeJson = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function encodeCursor(c: RoomCursor, owner: CursorOwner): string {
  return encodeJson({ v: 2, s: c.snapshot, b: c.below, t: c.takenAt, o: digestOf(owner) });
}

export function decodeCursor(text: string, owner: CursorOwner, now: number = Date.now()): RoomCursor {
  const { v, s, b, t, o } = decodeJson(text);
  const whole = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;
  if (v !== 2 || o !== digestOf(owner) || !whole(s) || !whole(b) || !whole(t) || b > s + 1)
    throw errors.invalidCursor();
  if (now - t > LIMITS.cursorLifetimeMs || t > now + 60_000) throw errors.invalidCursor();
  return { snapshot: s, below: b, takenAt: t };
}

/** Where a page of users ended: the last user shown (users are ordered by first token, then id). */
export interface UserCursor {
  issuedAt: string;
  userId: string;
}

export function encodeUserCursor(c: UserCursor, owner: CursorOwner): string {
  return encodeJson({ v: 1, a: c.issuedAt, u: c.userId, o: digestOf(owner) });
}

export function decodeUserCursor(text: string, owner: CursorOwner): UserCursor {
  const { v, a, u, o } = decodeJson(text);
  if (v !== 1 || o !== digestOf(owner) || typeof a !== 'string' || typeof u !== 'string') throw errors.invalidCursor();
  return { issuedAt: a, userId: u };
}

/** Where a page of search results ended: the last hit shown (hits are newest first, then by id). */
export interface SearchCursor {
  createdAt: string;
  messageId: string;
}

export function encodeSearchCursor(c: SearchCursor, owner: CursorOwner): string {
  return encodeJson({ v: 1, k: 's', c: c.createdAt, m: c.messageId, o: digestOf(owner) });
}

export function decodeSearchCursor(text: string, owner: CursorOwner): SearchCursor {
  const { v, k, c, m, o } = decodeJson(text);
  if (v !== 1 || k !== 's' || o !== digestOf(owner) || typeof c !== 'string' || typeof m !== 'string')
    throw errors.invalidCursor();
  return { createdAt: c, messageId: m };
}

/**
 * Opaque list cursors: base64url JSON of the paging snapshot, the position reached, and when the
 * snapshot was taken (cursors expire with the activity log entries they rely on).
 */
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

export function encodeCursor(c: RoomCursor): string {
  return Buffer.from(JSON.stringify({ v: 1, s: c.snapshot, b: c.below, t: c.takenAt })).toString('base64url');
}

export function decodeCursor(text: string, now: number = Date.now()): RoomCursor {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw errors.invalidCursor();
  }
  const { v, s, b, t } = (raw ?? {}) as Record<string, unknown>;
  const whole = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;
  if (v !== 1 || !whole(s) || !whole(b) || !whole(t) || b > s + 1) throw errors.invalidCursor();
  if (now - t > LIMITS.cursorLifetimeMs || t > now + 60_000) throw errors.invalidCursor();
  return { snapshot: s, below: b, takenAt: t };
}

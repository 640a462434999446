/** Rules on free-form JSON values that JSON Schema cannot state (byte size, nesting, NUL). */
import { fieldError, type ErrorDetail } from '../errors/app-error.js';
import { LIMITS } from './limits.js';

/**
 * The rule a parsed JSON value breaks that makes it unsafe to handle, or null: nesting deeper than LIMITS.jsonDepth
 * (serialising or canonicalising it would overflow the stack) or a NUL character in a string or
 * key (PostgreSQL text cannot hold one; SQLite could, and the API is the same on both).
 * Walks iteratively, so the check itself cannot overflow.
 */
export function unsafeJson(value: unknown, maxDepth: number = LIMITS.jsonDepth): ErrorDetail | null {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value: v, path, depth } = stack.pop()!;
    const field = path || 'body';
    if (typeof v === 'string') {
      if (v.includes('\u0000'))
        return { field, rule: 'noNul', message: 'must not contain the NUL character (\\u0000)' };
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= maxDepth) return { field, rule: 'maxDepth', message: `must not nest deeper than ${maxDepth} levels` };
    const entries: Array<[string, unknown]> = Array.isArray(v)
      ? v.map((item, i) => [String(i), item])
      : Object.entries(v);
    for (const [key, item] of entries) {
      const at = path ? `${path}.${key}` : key;
      if (key.includes('\u0000'))
        return { field, rule: 'noNul', message: 'must not have a key with the NUL character (\\u0000)' };
      stack.push({ value: item, path: at, depth: depth + 1 });
    }
  }
  return null;
}

export function assertJsonObjectSize(field: string, value: unknown, max: number = LIMITS.jsonObjectBytes): void {
  const bytes = Buffer.byteLength(JSON.stringify(value), 'utf8');
  if (bytes > max) {
    throw fieldError(field, 'maxBytes', `must be at most ${max} bytes as JSON; it is ${bytes}`);
  }
}

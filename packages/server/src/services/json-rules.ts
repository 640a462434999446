/** Rules on free-form JSON values that JSON Schema cannot state (byte size, nesting, NUL). */
import { fieldError, type ErrorDetail } from '../errors/app-error.js';
import { LIMITS } from './limits.js';

/** A broken rule found by the walk, with the keys from the broken value up to the root (reversed). */
interface Broken {
  keys: string[];
  rule: string;
  message: string;
}

/**
 * The rule a parsed JSON value breaks that makes it unsafe to handle, or null: nesting deeper than LIMITS.jsonDepth
 * (serialising or canonicalising it would overflow the stack) or a NUL character in a string or
 * key (PostgreSQL text cannot hold one; SQLite could, and the API is the same on both).
 * The walk recurses at most maxDepth + 1 frames deep (it never descends past the limit), so it
 * cannot overflow; it builds no path while it walks: the field is spelled out only for a value
 * that breaks a rule, so a large valid body costs one visit per value and no strings.
 */
export function unsafeJson(value: unknown, maxDepth: number = LIMITS.jsonDepth): ErrorDetail | null {
  const broken = walk(value, 0, maxDepth);
  if (broken === null) return null;
  const field = broken.keys.length === 0 ? 'body' : broken.keys.reverse().join('.');
  return { field, rule: broken.rule, message: broken.message };
}

function walk(v: unknown, depth: number, maxDepth: number): Broken | null {
  if (typeof v === 'string') {
    return v.includes('\u0000')
      ? { keys: [], rule: 'noNul', message: 'must not contain the NUL character (\\u0000)' }
      : null;
  }
  if (v === null || typeof v !== 'object') return null;
  if (depth >= maxDepth) return { keys: [], rule: 'maxDepth', message: `must not nest deeper than ${maxDepth} levels` };
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const item = v[i];
      // Numbers, booleans and null cannot break a rule: no call for them.
      if (typeof item !== 'object' && typeof item !== 'string') continue;
      const broken = walk(item, depth + 1, maxDepth);
      if (broken) {
        broken.keys.push(String(i));
        return broken;
      }
    }
    return null;
  }
  for (const key in v) {
    if (!Object.hasOwn(v, key)) continue;
    // A bad key is reported at the object holding it, as the field that names the object.
    if (key.includes('\u0000'))
      return { keys: [], rule: 'noNul', message: 'must not have a key with the NUL character (\\u0000)' };
    const item = (v as Record<string, unknown>)[key];
    if (typeof item !== 'object' && typeof item !== 'string') continue;
    const broken = walk(item, depth + 1, maxDepth);
    if (broken) {
      broken.keys.push(key);
      return broken;
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

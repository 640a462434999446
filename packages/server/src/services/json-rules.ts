/** Rules on free-form JSON values that JSON Schema cannot state (byte size). */
import { fieldError } from '../errors/app-error.js';
import { LIMITS } from './limits.js';

export function assertJsonObjectSize(field: string, value: unknown, max: number = LIMITS.jsonObjectBytes): void {
  const bytes = Buffer.byteLength(JSON.stringify(value), 'utf8');
  if (bytes > max) {
    throw fieldError(field, 'maxBytes', `must be at most ${max} bytes as JSON; it is ${bytes}`);
  }
}

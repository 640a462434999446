/**
 * Random, unguessable identifiers. Every server-made id is a prefix plus base62 characters
 * drawn from the CSPRNG with rejection sampling, so each character is uniform; message and
 * event ids start with the time they were made (timeOrdered).
 *
 * The random bytes come from a pool refilled 4 KiB at a time: one call into the CSPRNG per id
 * (randomFillSync for ~44 bytes) cost more than the id itself on the send path (issue 11). Each
 * byte is used once, so ids stay as unpredictable as the CSPRNG's output.
 */
import { randomFillSync } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const POOL = Buffer.alloc(4096);
let next = POOL.length;

function randomByte(): number {
  if (next === POOL.length) {
    randomFillSync(POOL);
    next = 0;
  }
  return POOL[next++]!;
}

export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    const byte = randomByte();
    // 248 = 62 * 4: bytes at or above it would bias the first characters.
    if (byte < 248) out += ALPHABET[byte % 62];
  }
  return out;
}

/** The last time part given (µs since the epoch): the next is later, whatever the clocks do. */
let lastMicros = 0;

/**
 * The time in microseconds as 11 base-36 characters (0-9 a-z), then `random` random base62 ones.
 * Ids made later sort after earlier ones, so the index of a table keyed by them grows at its
 * end, where concurrent inserts share a page, instead of dirtying a random page each: one send
 * was two pages of WAL fewer (issue 11). In one process the time part never repeats, so ids
 * made one after another sort in that order, within a millisecond too (a tie of `created_at`,
 * as in search results). Base 36 in lower case sorts the same under any collation PostgreSQL
 * may use, not only byte by byte. What stays random (11 characters: 65 bits) keeps them
 * unguessable; the time they show is about their row's `created_at` anyway.
 */
function timeOrdered(random: number): string {
  const now = Math.floor((performance.timeOrigin + performance.now()) * 1000);
  lastMicros = Math.max(now, lastMicros + 1);
  return lastMicros.toString(36).padStart(11, '0') + randomBase62(random);
}

export const newId = {
  project: () => `proj_${randomBase62(20)}`,
  apiKey: () => `ak_live_${randomBase62(24)}`,
  secretKey: () => `sk_${randomBase62(40)}`,
  room: () => `room_${randomBase62(20)}`,
  message: () => `msg_${timeOrdered(11)}`,
  signingKey: () => `key_${randomBase62(16)}`,
  request: () => `req_${randomBase62(16)}`,
  event: () => `evt_${timeOrdered(11)}`,
  webhookEndpoint: () => `we_${randomBase62(20)}`,
  webhookDelivery: () => `whd_${randomBase62(22)}`,
  webhookAttempt: () => `wha_${randomBase62(22)}`,
  attachment: () => `att_${randomBase62(22)}`,
  tokenId: () => randomBase62(24),
};

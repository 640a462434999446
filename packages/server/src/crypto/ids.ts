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

/**
 * The time in milliseconds as 8 base62 characters, then `random` random ones. Ids made later
 * sort after earlier ones (within a millisecond, in any order), so the index of a table keyed by
 * them grows at its end, where concurrent inserts share a page, instead of dirtying a random
 * page each: one send was two pages of WAL fewer (issue 11). What stays random (14 characters:
 * 83 bits) keeps them unguessable; the time they show is their row's `created_at` anyway.
 */
function timeOrdered(random: number): string {
  let t = Date.now();
  let time = '';
  for (let i = 0; i < 8; i++) {
    time = ALPHABET[t % 62]! + time;
    t = Math.floor(t / 62);
  }
  return time + randomBase62(random);
}

export const newId = {
  project: () => `proj_${randomBase62(20)}`,
  apiKey: () => `ak_live_${randomBase62(24)}`,
  secretKey: () => `sk_${randomBase62(40)}`,
  room: () => `room_${randomBase62(20)}`,
  message: () => `msg_${timeOrdered(14)}`,
  signingKey: () => `key_${randomBase62(16)}`,
  request: () => `req_${randomBase62(16)}`,
  event: () => `evt_${timeOrdered(14)}`,
  webhookEndpoint: () => `we_${randomBase62(20)}`,
  webhookDelivery: () => `whd_${randomBase62(22)}`,
  webhookAttempt: () => `wha_${randomBase62(22)}`,
  attachment: () => `att_${randomBase62(22)}`,
  tokenId: () => randomBase62(24),
};

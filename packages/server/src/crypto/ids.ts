/**
 * Random, unguessable identifiers. Every server-made id is a prefix plus base62 characters
 * drawn from the CSPRNG with rejection sampling, so each character is uniform.
 */
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      // 248 = 62 * 4: bytes at or above it would bias the first characters.
      if (byte < 248) out += ALPHABET[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

export const newId = {
  project: () => `proj_${randomBase62(20)}`,
  apiKey: () => `ak_live_${randomBase62(24)}`,
  secretKey: () => `sk_${randomBase62(40)}`,
  room: () => `room_${randomBase62(20)}`,
  message: () => `msg_${randomBase62(22)}`,
  signingKey: () => `key_${randomBase62(16)}`,
  request: () => `req_${randomBase62(16)}`,
  event: () => `evt_${randomBase62(22)}`,
  webhookEndpoint: () => `we_${randomBase62(20)}`,
  webhookDelivery: () => `whd_${randomBase62(22)}`,
  webhookAttempt: () => `wha_${randomBase62(22)}`,
  attachment: () => `att_${randomBase62(22)}`,
  tokenId: () => randomBase62(24),
};

/** Pieces with no server: backoff bounds, JWT claim decoding, seq tracking, the emitter. */
import { describe, expect, it } from 'vitest';
import { OiChatClient, OiChatError, fullJitterDelay } from '../src/index.js';
import { TypedEmitter } from '../src/events.js';
import { SeqTracker } from '../src/realtime/seqs.js';
import { decodeClaims } from '../src/token.js';
import { newClientMsgId } from '../src/resources/messages.js';

describe('full jitter backoff', () => {
  it('draws from [0, min(cap, base·2^attempt))', () => {
    const opts = { baseMs: 500, capMs: 30_000 };
    expect(fullJitterDelay(0, { ...opts, random: () => 0 })).toBe(0);
    expect(fullJitterDelay(0, { ...opts, random: () => 0.999999 })).toBe(499);
    expect(fullJitterDelay(3, { ...opts, random: () => 0.5 })).toBe(2000);
    expect(fullJitterDelay(10, { ...opts, random: () => 0.999999 })).toBe(29_999);
    expect(fullJitterDelay(5000, { ...opts, random: () => 0.5 })).toBe(15_000); // 2^5000 is Infinity: still capped
    for (let i = 0; i < 200; i++) {
      const d = fullJitterDelay(4, opts);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(8000);
    }
  });
});

describe('decodeClaims', () => {
  const b64url = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  it('reads exp and iat (seconds) as milliseconds, without verifying', () => {
    expect(decodeClaims(`${b64url({ alg: 'none' })}.${b64url({ exp: 2000, iat: 1000, name: 'Zoë ✓' })}.sig`)).toEqual({
      exp: 2_000_000,
      iat: 1_000_000,
    });
  });
  it('gives nothing for what is not a JWT', () => {
    expect(decodeClaims('garbage')).toEqual({});
    expect(decodeClaims('a.%%%.c')).toEqual({});
    expect(decodeClaims(`x.${b64url({ exp: 'soon' })}.y`)).toEqual({});
  });
});

describe('SeqTracker', () => {
  it('accepts each seq once, in increasing order', () => {
    const s = new SeqTracker();
    expect([1, 2, 2, 1, 3].map((n) => s.accept('r', n))).toEqual([true, true, false, false, true]);
  });
  it('syncs with ready: new rooms start at last_seq, gone rooms are dropped, stale seqs clamped', () => {
    const s = new SeqTracker({ kept: 4, gone: 7, stale: 50 });
    s.sync([
      { room_id: 'kept', last_seq: 9 },
      { room_id: 'new', last_seq: 3 },
      { room_id: 'stale', last_seq: 10 },
    ]);
    expect(s.snapshot()).toEqual({ kept: 4, new: 3, stale: 10 });
  });
});

describe('TypedEmitter', () => {
  it('delivers in order, and supports once and unsubscribe', async () => {
    const e = new TypedEmitter<{ a: number }>();
    const seen: string[] = [];
    const off = e.on('a', (n) => seen.push(`on${n}`));
    e.once('a', (n) => seen.push(`once${n}`));
    e.emit('a', 1);
    e.emit('a', 2);
    off();
    e.emit('a', 3);
    expect(seen).toEqual(['on1', 'once1', 'on2']);
    expect(e.listenerCount('a')).toBe(0);
  });
});

describe('options and ids', () => {
  it('requires baseUrl and a token or tokenProvider', () => {
    expect(() => new OiChatClient({ baseUrl: '' })).toThrow(/baseUrl/);
    expect(() => new OiChatClient({ baseUrl: 'http://x' })).toThrow(/token/);
  });
  it('rejects connect() without any WebSocket implementation', async () => {
    const saved = globalThis.WebSocket;
    // @ts-expect-error: simulating an old runtime
    delete globalThis.WebSocket;
    try {
      const c = new OiChatClient({ baseUrl: 'http://127.0.0.1:9', token: 't' });
      await expect(c.connect()).rejects.toMatchObject({ code: 'websocket_unavailable' });
    } finally {
      globalThis.WebSocket = saved;
    }
  });
  it('makes a UUID v4 client_msg_id', () => {
    expect(newClientMsgId()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
  it('classifies errors as retryable or final', () => {
    const e = (status: number, code: string) => new OiChatError({ status, code, message: '' });
    expect(
      [e(0, 'network_error'), e(0, 'timeout'), e(503, 'x'), e(429, 'rate_limited')].every((x) => x.retryable),
    ).toBe(true);
    expect(
      [e(400, 'validation_failed'), e(401, 'token_revoked'), e(404, 'room_not_found'), e(0, 'token_revoked')].some(
        (x) => x.retryable,
      ),
    ).toBe(false);
  });
  it('reports a network failure as a retryable OiChatError', async () => {
    const c = new OiChatClient({ baseUrl: 'http://127.0.0.1:9', token: 't' });
    await expect(c.rooms.list()).rejects.toMatchObject({ status: 0, code: 'network_error', retryable: true });
  });
});

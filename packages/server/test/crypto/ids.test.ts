/** Server-made ids (crypto/ids.ts): their shape, and message and event ids sorting by time. */
import { describe, expect, it, vi } from 'vitest';
import { newId } from '../../src/crypto/ids.js';

describe('message and event ids', () => {
  it('keep their shape: the prefix and 22 base62 characters', () => {
    expect(newId.message()).toMatch(/^msg_[0-9A-Za-z]{22}$/);
    expect(newId.event()).toMatch(/^evt_[0-9A-Za-z]{22}$/);
  });

  it('made in a later millisecond sort after earlier ones, as SQL compares text (byte by byte)', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const ids: string[] = [];
      for (const at of [Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 1) + 1, Date.UTC(2026, 5, 1), Date.UTC(2090, 0, 1)]) {
        vi.setSystemTime(at);
        ids.push(newId.message(), newId.event().replace('evt_', 'msg_'));
        ids.push(newId.message());
      }
      const byTime = ids.map((id, i) => [id, i] as const);
      const sorted = [...byTime].sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
      // Within one millisecond any order; across milliseconds, the order they were made in.
      const bucket = (i: number) => Math.floor(i / 3);
      expect(sorted.map(([, i]) => bucket(i))).toEqual(byTime.map(([, i]) => bucket(i)));
    } finally {
      vi.useRealTimers();
    }
  });

  it('differ when made in the same millisecond (the 14 random characters)', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.UTC(2026, 0, 1));
      const ids = new Set(Array.from({ length: 10_000 }, () => newId.message()));
      expect(ids.size).toBe(10_000);
      expect(new Set([...ids].map((id) => id.slice(0, 12))).size).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });
});

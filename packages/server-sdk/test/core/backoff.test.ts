import { describe, expect, it } from 'vitest';
import { computeBackoff, parseRetryAfter } from '../../src/core/request.ts';

describe('retry backoff', () => {
  it('doubles from 0.5 s and is capped at 8 s', () => {
    const noJitter = (): number => 0;
    expect([0, 1, 2, 3, 4, 5, 6].map((n) => computeBackoff(n, 500, 8000, noJitter))).toEqual([
      500, 1000, 2000, 4000, 8000, 8000, 8000,
    ]);
  });

  it('takes off up to a quarter as jitter, never adds', () => {
    expect(computeBackoff(0, 500, 8000, () => 0.999999)).toBeCloseTo(375, 0);
    expect(computeBackoff(5, 500, 8000, () => 1)).toBe(6000);
    for (let i = 0; i < 200; i++) {
      const delay = computeBackoff(1, 500, 8000);
      expect(delay).toBeGreaterThanOrEqual(750);
      expect(delay).toBeLessThanOrEqual(1000);
    }
  });
});

describe('Retry-After', () => {
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter(' 0 ')).toBe(0);
    expect(parseRetryAfter('1.5')).toBe(1500);
  });

  it('reads an HTTP date relative to now, never negative', () => {
    const now = Date.parse('2026-11-25T10:00:00Z');
    expect(parseRetryAfter('Wed, 25 Nov 2026 10:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Wed, 25 Nov 2026 09:59:00 GMT', now)).toBe(0);
  });

  it('ignores absent or unreadable values', () => {
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter('-1')).toBeUndefined();
  });
});

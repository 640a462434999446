/** Server-made ids (crypto/ids.ts): their shape, and message and event ids sorting by time. */
import { describe, expect, it } from 'vitest';
import { newId } from '../../src/crypto/ids.js';

describe('message and event ids', () => {
  it('keep their shape: the prefix and 22 characters of 0-9 A-Z a-z', () => {
    expect(newId.message()).toMatch(/^msg_[0-9A-Za-z]{22}$/);
    expect(newId.event()).toMatch(/^evt_[0-9A-Za-z]{22}$/);
  });

  it('made one after another sort in that order, byte by byte and in an en-US collation, even many within a millisecond', () => {
    const made = Array.from({ length: 20_000 }, (_, i) => (i % 2 === 0 ? newId.message() : newId.event()).slice(4));
    const bytewise = [...made].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect(bytewise).toEqual(made);
    // Only the time part decides (a collation may order the random part's cases otherwise).
    const times = made.map((id) => id.slice(0, 11));
    const collated = [...times].sort(new Intl.Collator('en-US').compare);
    expect(collated).toEqual(times);
    expect(new Set(times).size).toBe(times.length);
  });

  it('start with the time they were made, in microseconds', () => {
    const before = Date.now();
    const micros = Number.parseInt(newId.message().slice(4, 15), 36);
    const after = Date.now();
    expect(micros / 1000).toBeGreaterThanOrEqual(before - 1000);
    expect(micros / 1000).toBeLessThanOrEqual(after + 1000);
  });

  it('differ in their random part too', () => {
    const random = new Set(Array.from({ length: 10_000 }, () => newId.message().slice(15)));
    expect(random.size).toBe(10_000);
  });
});

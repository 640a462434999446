/**
 * The JSON every client sends is checked before it is handled (docs/http-api.md, "Limits"):
 * nested at most 32 levels, no NUL character in a string or key, and a JSON object field
 * (metadata, user_info) at most 8 KiB as JSON, multi-byte characters counted as bytes. Each
 * refusal names the field and the rule. The edges were found by mutation testing.
 */
import { describe, expect, it } from 'vitest';
import { assertJsonObjectSize, unsafeJson } from '../../src/services/json-rules.js';

/** An object nested `levels` deep: {a:{a:…{}}}. */
const nested = (levels: number) => {
  let v: unknown = {};
  for (let i = 1; i < levels; i++) v = { a: v };
  return v;
};

describe('unsafeJson', () => {
  it('takes 32 levels of nesting, and names the body for a 33rd', () => {
    expect(unsafeJson(nested(32))).toBeNull();
    expect(unsafeJson(nested(33))).toEqual({
      field: Array(32).fill('a').join('.'),
      rule: 'maxDepth',
      message: 'must not nest deeper than 32 levels',
    });
    expect(unsafeJson([[[]]], 2)).toMatchObject({ field: '0.0', rule: 'maxDepth' });
    expect(unsafeJson({}, 0)).toMatchObject({ field: 'body', rule: 'maxDepth' });
  });

  it('refuses a NUL in a string or a key, naming where', () => {
    expect(unsafeJson({ name: 'a\u0000b' })).toEqual({
      field: 'name',
      rule: 'noNul',
      message: 'must not contain the NUL character (\\u0000)',
    });
    expect(unsafeJson('\u0000')).toMatchObject({ field: 'body', rule: 'noNul' });
    expect(unsafeJson({ meta: { 'k\u0000': 1 } })).toEqual({
      field: 'meta',
      rule: 'noNul',
      message: 'must not have a key with the NUL character (\\u0000)',
    });
    expect(unsafeJson({ n: 1, b: true, z: null, s: 'fine', list: [1, 'two'] })).toBeNull();
  });
});

describe('assertJsonObjectSize', () => {
  it('takes exactly 8 KiB as JSON, refuses a byte more, counting UTF-8 bytes', () => {
    const of = (bytes: number) => ({ k: 'x'.repeat(bytes - '{"k":""}'.length) });
    expect(() => assertJsonObjectSize('metadata', of(8192))).not.toThrow();
    expect(() => assertJsonObjectSize('metadata', of(8193))).toThrow(
      expect.objectContaining({
        details: [{ field: 'metadata', rule: 'maxBytes', message: 'must be at most 8192 bytes as JSON; it is 8193' }],
      }),
    );
    // 4 096 characters of 2 bytes each, and the 8 bytes around them: over.
    expect(() => assertJsonObjectSize('metadata', { k: 'é'.repeat(4096) })).toThrow(/it is 8200/);
  });
});

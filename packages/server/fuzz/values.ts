// Values for a JSON Schema, of three kinds: valid ones (what the schema accepts), boundary ones
// (at its limits: the shortest and longest strings, the smallest and largest numbers, the fewest
// and most items, every enum value) and invalid ones (a wrong type, one past a limit, a value out
// of the enum, characters the pattern or the server refuses, unknown fields, deep nesting).
// Deterministic for a seed, so a run can be repeated.

export interface Schema {
  type?: string | string[];
  enum?: unknown[];
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
}

export type Kind = 'valid' | 'boundary' | 'invalid';

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export class Rng {
  #state: number;
  constructor(seed: number) {
    this.#state = seed >>> 0;
  }
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** What a valid value of a named field should be drawn from: ids that exist on the server under test. */
export interface Known {
  [field: string]: readonly unknown[] | undefined;
}

const USER_ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:@+=|~-';
const VISIBLE_ASCII = Array.from({ length: 94 }, (_, i) => String.fromCharCode(0x21 + i)).join('');
const NONCE_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
const TEXT_CHARS = 'abc xyz 0123 é 한국어 🎉 \n\t"\\/<>&';

/** Strings the server must refuse or handle with care wherever a string goes. */
export const HOSTILE_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '%00',
  '../../etc/passwd',
  '\ud800',
  '\uffff',
  '🎉'.repeat(50),
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template injection probe, sent as is
  '${7*7}',
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  '\r\nX-Injected: 1',
  '9'.repeat(400),
  'x'.repeat(70_000),
];

function charsetFor(pattern: string | undefined): string {
  if (pattern === '^[A-Za-z0-9._:@+=|~-]+$') return USER_ID_CHARS;
  if (pattern === '^[\\x21-\\x7e]+$') return VISIBLE_ASCII;
  if (pattern === '^[A-Za-z0-9_-]{16,64}$') return NONCE_CHARS;
  return pattern ? 'abcdefghij0123456789' : TEXT_CHARS;
}

function stringOf(rng: Rng, length: number, chars: string): string {
  // A long string of one repeated random character: cheap to make, the same length in UTF-16 units.
  if (length > 512) return rng.pick([...chars.replace(/[^\x20-\x7e]/g, '')] as string[]).repeat(length);
  let s = '';
  for (let i = 0; i < length; i++) s += rng.pick([...chars]);
  return [...s].slice(0, length).join('') || 'a'.repeat(length);
}

const typesOf = (s: Schema): string[] =>
  s.type === undefined ? (s.enum ? [] : ['string']) : Array.isArray(s.type) ? s.type : [s.type];

function deep(levels: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < levels; i++) v = { a: v };
  return v;
}

export class ValueMaker {
  private readonly rng: Rng;
  private readonly known: Known;
  /** Fields whose every value, of any kind, comes from these lists (webhook URLs: never a real host). */
  private readonly pinned: Known;

  constructor(rng: Rng, known: Known, pinned: Known = {}) {
    this.rng = rng;
    this.known = known;
    this.pinned = pinned;
  }

  make(schema: Schema, kind: Kind, field = ''): unknown {
    const pinned = this.pinned[field];
    if (pinned) return this.rng.pick(pinned);
    if (kind === 'invalid') return this.invalid(schema, field);
    const known = this.known[field];
    if (kind === 'valid' && known && known.length > 0 && this.rng.chance(0.85)) return this.rng.pick(known);
    if (schema.enum) return this.rng.pick(schema.enum);
    const types = typesOf(schema);
    const type = this.rng.pick(types.length > 0 ? types : ['string']);
    const edge = kind === 'boundary';
    switch (type) {
      case 'null':
        return null;
      case 'boolean':
        return this.rng.chance(0.5);
      case 'integer':
      case 'number': {
        const lo = schema.minimum ?? (edge ? Number.MIN_SAFE_INTEGER : 0);
        const hi = schema.maximum ?? (edge ? Number.MAX_SAFE_INTEGER : 1000);
        return edge
          ? this.rng.pick([lo, hi, lo + 1, Math.max(lo, Math.min(hi, 0))])
          : this.rng.int(lo, Math.min(hi, lo + 1000));
      }
      case 'array': {
        const min = schema.minItems ?? 0;
        const max = Math.min(schema.maxItems ?? 20, 1000);
        const n = edge ? this.rng.pick([min, max]) : this.rng.int(min, Math.min(max, min + 5));
        const items = schema.items ?? {};
        // Items are valid and distinct (lists of user ids refuse duplicates): known ones first.
        const known = [...(this.known[`${field}[]`] ?? [])].sort(() => this.rng.next() - 0.5).slice(0, n);
        const fresh = Array.from({ length: n - known.length }, (_, i) => {
          const v = this.make(items, 'valid');
          return typeof v === 'string' && !items.enum ? `${v}${i}`.slice(-(items.maxLength ?? 200)) : v;
        });
        return [...known, ...fresh];
      }
      case 'object':
        return this.object(schema, kind);
      default: {
        const min = schema.minLength ?? 0;
        const max = Math.min(schema.maxLength ?? 64, 100_000);
        const length = edge
          ? this.rng.pick([min, max])
          : this.rng.int(Math.max(min, 1), Math.min(max, Math.max(min, 1) + 20));
        return stringOf(this.rng, length, charsetFor(schema.pattern));
      }
    }
  }

  /** An object whose fields are valid, but for at most one of `kind` (a boundary or an invalid field). */
  object(schema: Schema, kind: Kind): Record<string, unknown> {
    const props = schema.properties ?? {};
    const names = Object.keys(props);
    if (names.length === 0) {
      if (kind !== 'boundary') return { key: this.rng.pick(['v', 1, true, null, { nested: [1, 2] }]) };
      return this.rng.pick([{}, { big: 'x'.repeat(8 * 1024 - 12) }, { big: 'x'.repeat(8 * 1024) }, deep(30)]) as Record<
        string,
        unknown
      >;
    }
    const required = new Set(schema.required ?? []);
    const out: Record<string, unknown> = {};
    const target = kind === 'valid' ? null : this.rng.pick(names);
    for (const name of names) {
      if (name !== target && !required.has(name) && this.rng.chance(0.5)) continue;
      out[name] = this.make(props[name]!, name === target ? kind : 'valid', name);
    }
    return out;
  }

  invalid(schema: Schema, field = ''): unknown {
    const types = typesOf(schema);
    const options: (() => unknown)[] = [
      () => this.rng.pick(HOSTILE_STRINGS),
      () => this.rng.pick([null, true, 0, -1, 1.5, 1e308, [], {}, [null], { $ne: 1 }]),
      () => deep(this.rng.pick([33, 40, 200])),
    ];
    if (types.includes('string') || schema.enum) {
      options.push(() => 12345);
      if (schema.maxLength !== undefined) options.push(() => 'a'.repeat(schema.maxLength! + 1));
      if (schema.minLength) options.push(() => 'a'.repeat(schema.minLength! - 1));
      if (schema.pattern)
        options.push(
          () => `${stringOf(this.rng, 3, 'abc')}${this.rng.pick([' ', '/', '#', '?', '\u00e9', '\n', '"'])}`,
        );
      if (schema.enum) options.push(() => `${String(schema.enum![0])}x`);
    }
    if (types.includes('integer') || types.includes('number')) {
      options.push(
        () => '12',
        () => 0.5,
        () => Number.MAX_SAFE_INTEGER + 2,
        () => -1,
      );
      if (schema.minimum !== undefined) options.push(() => schema.minimum! - 1);
      if (schema.maximum !== undefined) options.push(() => schema.maximum! + 1);
    }
    if (types.includes('array')) {
      options.push(
        () => 'not-an-array',
        () => [1, 2, 3],
      );
      if (schema.maxItems !== undefined)
        options.push(() => Array.from({ length: schema.maxItems! + 1 }, (_, i) => `u${i}`));
      if (schema.minItems) options.push(() => Array.from({ length: schema.minItems! - 1 }, (_, i) => `u${i}`));
      options.push(() => ['dup', 'dup']);
    }
    if (types.includes('object')) {
      const props = schema.properties ?? {};
      options.push(
        () => 'not-an-object',
        () => [{}],
      );
      if (Object.keys(props).length > 0) {
        options.push(() => ({ ...this.object(schema, 'valid'), unknown_field: 1 }));
        if (schema.required?.length) {
          options.push(() => {
            const o = this.object(schema, 'valid');
            delete o[this.rng.pick(schema.required!)];
            return o;
          });
        }
      } else {
        options.push(
          () => ({ big: 'x'.repeat(9 * 1024) }),
          () => ({ k: '\u0000' }),
          () => ({ '\u0000': 1 }),
        );
      }
    }
    if (field.endsWith('seq')) options.push(() => Number.MAX_SAFE_INTEGER);
    return this.rng.pick(options)();
  }
}

/**
 * Validation failures in plain words, naming the limit and what was sent
 * (`needs at least 2 user ids, got 1`), from the JSON-schema errors Ajv reports (with `verbose`,
 * so each carries the offending value and its schema). Never Ajv's own phrases.
 *
 * A schema can say in words what it holds: `x-noun` ("user id") names the items of a list, and
 * `x-rule` says what a `pattern` allows, so this module needs to know no schema of the routes.
 */

export interface AjvError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
  /** The value that broke the rule (Ajv's `verbose`). */
  data?: unknown;
  /** The schema holding the rule (Ajv's `verbose`). */
  parentSchema?: Record<string, unknown>;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  null: 'null',
};

/** What a value is, in the words of TYPE_WORDS. */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number') return Number.isInteger(value) ? `the number ${value}` : `the number ${value}`;
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'boolean') return String(value);
  return TYPE_WORDS[typeof value] ?? typeof value;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** What the items of a list are called: user ids, or the list's own (plural) name, or items. */
function itemsNoun(e: AjvError): [string, string] {
  const items = e.parentSchema?.items as Record<string, unknown> | undefined;
  const noun = items?.['x-noun'];
  if (typeof noun === 'string') return [noun, `${noun}s`];
  const name = e.instancePath.split('/').pop() ?? '';
  if (/^[a-z_]+s$/.test(name)) {
    const words = name.replace(/_/g, ' ');
    return [words.slice(0, -1), words];
  }
  return ['item', 'items'];
}

const PATTERN_WORDS: Record<string, string> = {
  '^[\\x21-\\x7e]+$': 'may only contain printable ASCII characters, without spaces',
};

const FORMAT_WORDS: Record<string, string> = {
  'date-time': 'a date and time such as 2026-01-31T09:30:00Z',
  date: 'a date such as 2026-01-31',
  uri: 'a URL',
  email: 'an email address',
  uuid: 'a UUID',
};

export function plainMessage(e: AjvError): string {
  const p = e.params;
  const got = e.data;
  switch (e.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not a known field';
    case 'enum':
      return `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(p.allowedValue)}`;
    case 'type': {
      const types = String(p.type).split(',');
      return `must be ${types.map((t) => TYPE_WORDS[t] ?? t).join(' or ')}, got ${kindOf(got)}`;
    }
    case 'minLength':
      return p.limit === 1
        ? 'must not be empty'
        : `needs at least ${plural(Number(p.limit), 'character', 'characters')}, got ${String(got).length}`;
    case 'maxLength':
      return `takes at most ${plural(Number(p.limit), 'character', 'characters')}, got ${String(got).length}`;
    case 'minItems': {
      const [one, many] = itemsNoun(e);
      return `needs at least ${plural(Number(p.limit), one, many)}, got ${(got as unknown[]).length}`;
    }
    case 'maxItems': {
      const [one, many] = itemsNoun(e);
      return `takes at most ${plural(Number(p.limit), one, many)}, got ${(got as unknown[]).length}`;
    }
    case 'uniqueItems':
      return `must not repeat an item: items ${p.j} and ${p.i} are the same`;
    case 'minimum':
      return `must be at least ${p.limit}, got ${got}`;
    case 'maximum':
      return `must be at most ${p.limit}, got ${got}`;
    case 'exclusiveMinimum':
      return `must be more than ${p.limit}, got ${got}`;
    case 'exclusiveMaximum':
      return `must be less than ${p.limit}, got ${got}`;
    case 'multipleOf':
      return `must be a multiple of ${p.multipleOf}, got ${got}`;
    case 'minProperties': {
      const fields = Object.keys((e.parentSchema?.properties as object | undefined) ?? {});
      return fields.length > 0 && p.limit === 1
        ? `give at least one of ${fields.join(', ')}`
        : `needs at least ${plural(Number(p.limit), 'field', 'fields')}`;
    }
    case 'maxProperties':
      return `takes at most ${plural(Number(p.limit), 'field', 'fields')}, got ${Object.keys(got as object).length}`;
    case 'pattern':
      return (
        (e.parentSchema?.['x-rule'] as string | undefined) ??
        PATTERN_WORDS[String(p.pattern)] ??
        `has a character that is not allowed here (allowed: ${p.pattern})`
      );
    case 'format':
      return `must be ${FORMAT_WORDS[String(p.format)] ?? `a valid ${p.format}`}`;
    case 'anyOf':
    case 'oneOf':
      return 'is not any of the allowed forms';
    default:
      return `breaks the rule "${e.keyword}"`;
  }
}

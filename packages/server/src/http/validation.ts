/**
 * Request validation. Bodies are checked strictly (no type coercion: `"2"` is not a number, and
 * unknown fields are errors, so typos surface); query strings and path parameters are text by
 * nature and are coerced (and a parameter given once fits a list). Every broken rule is reported, not just the first (up to a size; below).
 */
import type { FastifyInstance } from 'fastify';
import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS; its default export arrives wrapped under some loaders.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

function makeAjv(coerceTypes: boolean | 'array', allErrors: boolean): Ajv {
  // verbose: each error carries the value and schema, for messages that say what was sent (validation-messages.ts).
  const ajv = new Ajv({
    allErrors,
    removeAdditional: false,
    useDefaults: true,
    coerceTypes,
    strict: false,
    verbose: true,
  });
  addFormats(ajv);
  return ajv;
}

/**
 * Above this many values, a request that breaks a rule hears of the first broken rule only:
 * listing every one would cost memory in proportion to the input (an array of 200 000 bad ids).
 */
const EVERY_RULE_UP_TO_VALUES = 1_000;

function countValuesUpTo(value: unknown, max: number): number {
  let count = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && count <= max) {
    const v = stack.pop();
    count++;
    if (v !== null && typeof v === 'object')
      stack.push(...(Array.isArray(v) ? v.slice(0, max) : Object.values(v).slice(0, max)));
  }
  return count;
}

type Validate = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

/**
 * Validates with a first-error pass; only a failing, reasonably small input gets the every-rule
 * pass, whose validator is compiled the first time one is needed (not for every route at start).
 */
function firstThenAll(first: Validate, compileAll: () => Validate): Validate {
  let all: Validate | undefined;
  const validate: Validate = (data) => {
    if (first(data)) {
      validate.errors = null;
      return true;
    }
    if (countValuesUpTo(data, EVERY_RULE_UP_TO_VALUES) > EVERY_RULE_UP_TO_VALUES) {
      validate.errors = first.errors;
      return false;
    }
    all ??= compileAll();
    validate.errors = all(data) ? first.errors : all.errors;
    return false;
  };
  return validate;
}

export function registerValidation(app: FastifyInstance): void {
  const ajvs = {
    body: { first: makeAjv(false, false), all: makeAjv(false, true) },
    // 'array': a parameter given once is a one-item list where the schema takes a list (?metadata=a=b).
    other: { first: makeAjv('array', false), all: makeAjv('array', true) },
  };
  app.setValidatorCompiler(({ schema, httpPart }) => {
    const { first, all } = httpPart === 'body' ? ajvs.body : ajvs.other;
    return firstThenAll(first.compile(schema) as Validate, () => all.compile(schema) as Validate);
  });
}

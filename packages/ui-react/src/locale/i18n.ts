/**
 * Strings and formats for one locale: `t()` fills placeholders and picks plural forms, the
 * formatters go through Intl in that locale (and an optional time zone, which a server render
 * should pin so the client's first render matches it).
 */
import { en, type StringKey, type Strings } from './en.js';
import { ko } from './ko.js';

export type { StringKey, Strings };

/** The built-in string tables, by language subtag. */
export const builtInStrings: Readonly<Record<string, Strings>> = { en, ko };

export interface I18n {
  /** The BCP 47 tag Intl formats with (`en`, `ko-KR`…). */
  locale: string;
  strings: Strings;
  t(key: StringKey | PluralBase, vars?: Record<string, string | number>): string;
  time(iso: string): string;
  /** A day separator: Today, Yesterday, or the date. */
  day(iso: string): string;
  /** The short time a room list shows: a time today, a weekday this week, a date before. */
  listTime(iso: string): string;
  dateTime(iso: string): string;
  /** The calendar day of a timestamp in the display time zone (`2026-03-04`): what day separators compare. */
  dayKey(iso: string): string;
  number(n: number): string;
  list(items: string[]): string;
}

/** Keys with plural forms, named without the `_one`/`_other` suffix. */
export type PluralBase = StringKey extends infer K ? (K extends `${infer B}_other` ? B : never) : never;

export interface I18nOptions {
  locale?: string | undefined;
  strings?: Partial<Strings> | undefined;
  timeZone?: string | undefined;
  /** The clock "today" is judged by. */
  now?: (() => Date) | undefined;
}

const DAY_MS = 86_400_000;

export function createI18n(options: I18nOptions = {}): I18n {
  const locale = options.locale ?? 'en';
  const language = locale.toLowerCase().split('-')[0] ?? 'en';
  const strings: Strings = { ...(builtInStrings[language] ?? en), ...stripUndefined(options.strings) };
  const tz = options.timeZone ? { timeZone: options.timeZone } : {};
  const now = options.now ?? (() => new Date());
  const plural = new Intl.PluralRules(locale);
  const fmt = {
    time: new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', ...tz }),
    weekday: new Intl.DateTimeFormat(locale, { weekday: 'short', ...tz }),
    monthDay: new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', ...tz }),
    longDay: new Intl.DateTimeFormat(locale, { weekday: 'long', month: 'long', day: 'numeric', ...tz }),
    longDayYear: new Intl.DateTimeFormat(locale, {
      weekday: 'long',
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      ...tz,
    }),
    shortDate: new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'numeric', day: 'numeric', ...tz }),
    dateTime: new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', ...tz }),
    // The calendar day in the display time zone, as a sortable key.
    dayKey: new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', ...tz }),
    year: new Intl.DateTimeFormat('en-CA', { year: 'numeric', ...tz }),
    number: new Intl.NumberFormat(locale),
    list: new Intl.ListFormat(locale, { type: 'conjunction', style: 'long' }),
  };
  const daysAgo = (d: Date): number => {
    const a = Date.parse(fmt.dayKey.format(now()));
    const b = Date.parse(fmt.dayKey.format(d));
    return Math.round((a - b) / DAY_MS);
  };

  const t: I18n['t'] = (key, vars = {}) => {
    let template: string | undefined = strings[key as StringKey];
    if (template === undefined) {
      const form = typeof vars.count === 'number' ? plural.select(vars.count) : 'other';
      template = strings[`${key}_${form}` as StringKey] ?? strings[`${key}_other` as StringKey] ?? String(key);
    }
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const v = vars[name];
      if (v === undefined) return whole;
      return typeof v === 'number' ? fmt.number.format(v) : v;
    });
  };

  return {
    locale,
    strings,
    t,
    time: (iso) => fmt.time.format(new Date(iso)),
    day(iso) {
      const d = new Date(iso);
      const ago = daysAgo(d);
      if (ago === 0) return strings.today;
      if (ago === 1) return strings.yesterday;
      return fmt.year.format(d) === fmt.year.format(now()) ? fmt.longDay.format(d) : fmt.longDayYear.format(d);
    },
    listTime(iso) {
      const d = new Date(iso);
      const ago = daysAgo(d);
      if (ago <= 0) return fmt.time.format(d);
      if (ago === 1) return strings.yesterday;
      if (ago < 7) return fmt.weekday.format(d);
      return fmt.year.format(d) === fmt.year.format(now()) ? fmt.monthDay.format(d) : fmt.shortDate.format(d);
    },
    dateTime: (iso) => fmt.dateTime.format(new Date(iso)),
    dayKey: (iso) => fmt.dayKey.format(new Date(iso)),
    number: (n) => fmt.number.format(n),
    list: (items) => fmt.list.format(items),
  };
}

function stripUndefined<T extends object>(o: T | undefined): Partial<T> {
  if (!o) return {};
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

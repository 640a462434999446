/** The framework-free parts: links, rows and grouping, list arithmetic, strings and formats. */
import { describe, expect, it } from 'vitest';
import { segment, safeHref } from '../../src/core/links.js';
import type { ChatMessage, TimelineMessage } from '../../src/core/model.js';
import { reactionsOf } from '../../src/core/model.js';
import { layout, rowAt, visibleRange } from '../../src/core/offsets.js';
import { buildRows } from '../../src/core/rows.js';
import { createI18n } from '../../src/locale/i18n.js';
import { en } from '../../src/locale/en.js';
import { ko } from '../../src/locale/ko.js';

describe('links', () => {
  it('links http(s), www and e-mail, trims trailing punctuation, keeps balanced parentheses', () => {
    const s = segment(
      'See https://a.example/x?y=1, www.b.example. Mail me@c.example! (https://en.wikipedia.org/wiki/Foo_(bar))',
    );
    expect(s.filter((x) => x.kind === 'link').map((x) => (x as { href: string }).href)).toEqual([
      'https://a.example/x?y=1',
      'https://www.b.example/',
      'mailto:me@c.example',
      'https://en.wikipedia.org/wiki/Foo_(bar)',
    ]);
    expect(s.map((x) => x.text).join('')).toBe(
      'See https://a.example/x?y=1, www.b.example. Mail me@c.example! (https://en.wikipedia.org/wiki/Foo_(bar))',
    );
  });

  it('never links other schemes, and leaves markup as text', () => {
    for (const text of [
      'javascript:alert(1)',
      'data:text/html,<b>x</b>',
      'vbscript:x',
      '<a href="https://x.example">x</a>',
    ]) {
      const links = segment(text).filter((x) => x.kind === 'link');
      for (const l of links) expect((l as { href: string }).href).toMatch(/^https:\/\/x\.example/);
    }
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(segment('<img src=x onerror=alert(1)>')).toEqual([{ kind: 'text', text: '<img src=x onerror=alert(1)>' }]);
  });

  it('marks mentions of people the message names', () => {
    const s = segment(
      'Hi @Ann Lee and @Ann',
      new Map([
        ['u1', 'Ann Lee'],
        ['u2', 'Ann'],
      ]),
    );
    expect(s.filter((x) => x.kind === 'mention')).toEqual([
      { kind: 'mention', text: '@Ann Lee', userId: 'u1' },
      { kind: 'mention', text: '@Ann', userId: 'u2' },
    ]);
  });
});

const msg = (seq: number, sender: string, minute: number, extra: Partial<ChatMessage> = {}): TimelineMessage => ({
  key: `m${seq}`,
  state: 'sent',
  message: {
    message_id: `m${seq}`,
    room_id: 'r',
    seq,
    sender_id: sender,
    content: `message ${seq}`,
    content_type: 'text',
    metadata: {},
    created_at: new Date(Date.UTC(2026, 2, 3, 10, minute)).toISOString(),
    ...extra,
  },
});
const dayOf = (iso: string) => iso.slice(0, 10);

describe('rows', () => {
  it('groups by sender within five minutes, breaks groups at days, system messages and the unread mark', () => {
    const items = [
      msg(1, 'a', 0),
      msg(2, 'a', 1),
      msg(3, 'a', 9),
      msg(4, 'b', 10),
      msg(5, 'system', 11, { content_type: 'system' }),
      msg(6, 'b', 12),
      msg(7, 'b', 13),
    ];
    const rows = buildRows(items, { me: 'b', hasOlder: false, hasNewer: false, firstUnreadSeq: 7, dayOf });
    expect(
      rows.map((r) =>
        r.kind === 'message' ? `${r.key}${r.groupStart ? '^' : ''}${r.groupEnd ? '$' : ''}${r.own ? '*' : ''}` : r.kind,
      ),
    ).toEqual(['history-start', 'day', 'm1^', 'm2$', 'm3^$', 'm4^$*', 'system', 'm6^$*', 'unread', 'm7^$*']);
  });

  it('puts a loading row on top while older messages exist, and one below while newer ones do', () => {
    const rows = buildRows([msg(5, 'a', 0)], { me: 'b', hasOlder: true, hasNewer: true, firstUnreadSeq: null, dayOf });
    expect(rows[0]!.kind).toBe('history-loading');
    expect(rows.at(-1)!.kind).toBe('history-more');
  });
});

describe('offsets', () => {
  it('lays rows out from measured sizes and estimates, and finds rows by position', () => {
    const l = layout(['a', 'b', 'c', 'd'], new Map([['b', 100]]), () => 50);
    expect([...l.starts]).toEqual([0, 50, 150, 200, 250]);
    expect(rowAt(l, 0)).toBe(0);
    expect(rowAt(l, 149)).toBe(1);
    expect(rowAt(l, 150)).toBe(2);
    expect(visibleRange(l, 160, 20, 0)).toEqual([2, 2]);
    expect(visibleRange(l, 160, 20, 100)).toEqual([1, 3]);
    expect(
      visibleRange(
        layout([], new Map(), () => 1),
        0,
        100,
        0,
      ),
    ).toEqual([0, -1]);
  });
});

describe('reactions', () => {
  it('reads a count map or a list, with mine marked; a deleted message has none', () => {
    const base = msg(1, 'a', 0).message;
    expect(reactionsOf({ ...base, reactions: { '👍': 2, x: 0 }, my_reactions: ['👍'] })).toEqual([
      { type: '👍', count: 2, mine: true },
    ]);
    expect(reactionsOf({ ...base, reactions: [{ type: '🎉', count: 1, me: true }] })).toEqual([
      { type: '🎉', count: 1, mine: true },
    ]);
    expect(reactionsOf({ ...base, reactions: { '👍': 2 }, deleted_at: base.created_at })).toEqual([]);
  });
});

describe('strings and formats', () => {
  it('has every English key in Korean, and picks plural forms', () => {
    expect(Object.keys(ko).sort()).toEqual(Object.keys(en).sort());
    const i18n = createI18n({ locale: 'en' });
    expect(i18n.t('unreadCount', { count: 1 })).toBe('1 unread message');
    expect(i18n.t('unreadCount', { count: 1200 })).toBe('1,200 unread messages');
    expect(createI18n({ locale: 'ko-KR' }).t('unreadCount', { count: 3 })).toBe('읽지 않은 메시지 3개');
  });

  it('lets any string be overridden', () => {
    expect(createI18n({ locale: 'en', strings: { send: 'Go' } }).strings.send).toBe('Go');
  });

  it('names days in the display time zone: Today, Yesterday, then the date', () => {
    const now = () => new Date('2026-03-04T02:00:00Z');
    const seoul = createI18n({ locale: 'ko', timeZone: 'Asia/Seoul', now });
    const utc = createI18n({ locale: 'en', timeZone: 'UTC', now });
    // 2026-03-03 20:00 UTC is already the 4th in Seoul.
    expect(seoul.day('2026-03-03T20:00:00Z')).toBe('오늘');
    expect(utc.day('2026-03-03T20:00:00Z')).toBe('Yesterday');
    expect(utc.day('2026-02-20T12:00:00Z')).toBe('Friday, February 20');
    expect(utc.listTime('2026-03-04T01:05:00Z')).toBe('1:05 AM');
  });
});

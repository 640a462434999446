/**
 * Turns a timeline into the rows a message list draws: day separators, the "new" separator
 * before the first unread message, and messages marked as the start or end of a group (the
 * same sender within a few minutes, as chat apps draw them: one avatar and name per group).
 * Pure, so the grouping rules are tested without a DOM.
 */
import { isSystem, type TimelineMessage } from './model.js';

export type Row =
  | { kind: 'history-start'; key: string }
  | { kind: 'history-loading'; key: string }
  | { kind: 'day'; key: string; iso: string }
  | { kind: 'unread'; key: string }
  | { kind: 'system'; key: string; item: TimelineMessage }
  | {
      kind: 'message';
      key: string;
      item: TimelineMessage;
      own: boolean;
      /** First of its group: shows the avatar and the name. */
      groupStart: boolean;
      /** Last of its group: the bubble's tail and the spacing after it. */
      groupEnd: boolean;
    }
  | { kind: 'history-more'; key: string };

export interface RowOptions {
  me: string | undefined;
  hasOlder: boolean;
  hasNewer: boolean;
  firstUnreadSeq: number | null;
  /** The calendar day of a timestamp in the display time zone (any string that is equal for the same day). */
  dayOf: (iso: string) => string;
  /** Messages further apart than this start a new group. */
  groupGapMs?: number;
}

const GROUP_GAP_MS = 5 * 60_000;

export function buildRows(items: readonly TimelineMessage[], o: RowOptions): Row[] {
  // Distinct keys: when the start is reached the loading row goes and the start row comes, a
  // change the list anchors like any other (one row resizing in place would push the view down).
  const rows: Row[] = [
    o.hasOlder ? { kind: 'history-loading', key: 'history-loading' } : { kind: 'history-start', key: 'history-start' },
  ];
  const gap = o.groupGapMs ?? GROUP_GAP_MS;
  let prevDay = '';
  let prev: TimelineMessage | undefined;
  let lastMessageRow: Extract<Row, { kind: 'message' }> | undefined;
  for (const item of items) {
    const m = item.message;
    const day = o.dayOf(m.created_at);
    let breakGroup = false;
    if (day !== prevDay) {
      rows.push({ kind: 'day', key: `day:${day}`, iso: m.created_at });
      prevDay = day;
      breakGroup = true;
    }
    if (o.firstUnreadSeq !== null && m.seq === o.firstUnreadSeq && item.state === 'sent') {
      rows.push({ kind: 'unread', key: 'unread' });
      breakGroup = true;
    }
    if (isSystem(m)) {
      rows.push({ kind: 'system', key: item.key, item });
      if (lastMessageRow) lastMessageRow.groupEnd = true;
      lastMessageRow = undefined;
      prev = item;
      continue;
    }
    const sameGroup =
      !breakGroup &&
      prev !== undefined &&
      !isSystem(prev.message) &&
      prev.message.sender_id === m.sender_id &&
      Date.parse(m.created_at) - Date.parse(prev.message.created_at) < gap;
    if (!sameGroup && lastMessageRow) lastMessageRow.groupEnd = true;
    const row: Extract<Row, { kind: 'message' }> = {
      kind: 'message',
      key: item.key,
      item,
      own: o.me !== undefined && m.sender_id === o.me,
      groupStart: !sameGroup,
      groupEnd: true,
    };
    if (sameGroup && lastMessageRow) lastMessageRow.groupEnd = false;
    rows.push(row);
    lastMessageRow = row;
    prev = item;
  }
  if (o.hasNewer) rows.push({ kind: 'history-more', key: 'history-bottom' });
  return rows;
}

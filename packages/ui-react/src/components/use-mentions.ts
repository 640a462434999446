'use client';
/**
 * @mention autocomplete for a text box: while "@query" is typed at the caret, the room's
 * participants that match are offered in a listbox (↑ ↓ move, Enter or Tab picks, Escape
 * closes); a picked person becomes "@Name " in the text and a mention of the message.
 */
import { type KeyboardEvent, type RefObject, useCallback, useMemo, useRef, useState } from 'react';
import { activeMention, insertMention, type MentionCandidate, matchMentions, mentionedIds } from '../core/mentions.js';
import { useObservable } from '../hooks/use-observable.js';
import { useRoom } from '../hooks/use-room.js';
import { useUserNames } from '../hooks/use-users.js';
import { useOiChatContext } from '../context/context.js';

export function useMentions(
  roomId: string,
  input: RefObject<HTMLTextAreaElement | null>,
  setValue: (v: string) => void,
) {
  const { store } = useOiChatContext();
  const me = useObservable(store.me);
  const { room } = useRoom(roomId);
  const nameOf = useUserNames();
  const [active, setActive] = useState<{ start: number; query: string; caret: number } | null>(null);
  const [index, setIndex] = useState(0);
  const picked = useRef(new Map<string, string>());
  const caret = useRef<number | null>(null);

  const participants = room?.participants;
  const candidates = useMemo<MentionCandidate[]>(
    () => (participants ?? []).map((id) => ({ id, name: nameOf(id).name })),
    [participants, nameOf],
  );
  const options = useMemo(() => (active ? matchMentions(candidates, active.query, me) : []), [active, candidates, me]);
  const open = options.length > 0;

  /** Call after every change of the text or the caret. */
  const track = useCallback((text: string, caret: number) => {
    const m = activeMention(text, caret);
    setActive((cur) => {
      if (!m) return null;
      if (cur?.start !== m.start || cur.query !== m.query) setIndex(0);
      return { ...m, caret };
    });
  }, []);

  const pick = useCallback(
    (c: MentionCandidate) => {
      const el = input.current;
      if (!el || !active) return;
      const next = insertMention(el.value, active.start, active.caret, c.name);
      picked.current.set(c.id, c.name);
      // Placed by applyCaret once the new text is rendered (before anything else is typed).
      caret.current = next.caret;
      setValue(next.text);
      setActive(null);
    },
    [active, input, setValue],
  );

  /** Handles the key when the list is open; true when it did. */
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>): boolean => {
    if (!open) return false;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const d = e.key === 'ArrowDown' ? 1 : -1;
      setIndex((i) => (i + d + options.length) % options.length);
      return true;
    }
    if ((e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) || e.key === 'Tab') {
      e.preventDefault();
      const c = options[Math.min(index, options.length - 1)];
      if (c) pick(c);
      return true;
    }
    if (e.key === 'Escape') {
      e.preventDefault();
      setActive(null);
      return true;
    }
    return false;
  };

  return {
    open,
    options,
    index: Math.min(index, Math.max(0, options.length - 1)),
    track,
    pick,
    onKeyDown,
    close: () => setActive(null),
    /** Call in a layout effect after the text changed: puts the caret after a picked mention. */
    applyCaret(el: HTMLTextAreaElement) {
      if (caret.current === null) return;
      el.focus();
      el.setSelectionRange(caret.current, caret.current);
      caret.current = null;
    },
    /** The ids still mentioned in this text, then forgotten (call when the message is sent). */
    take(text: string): string[] {
      const ids = mentionedIds(text, picked.current);
      picked.current = new Map();
      return ids;
    },
  };
}

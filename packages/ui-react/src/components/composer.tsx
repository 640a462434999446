'use client';
/**
 * Where I write: a growing multi-line text box (Enter sends, Shift+Enter starts a new line; a
 * Korean or Japanese IME's Enter that ends a composition is left alone), a Send button, typing
 * notifications for the others, and a draft kept per room while I look elsewhere.
 */
import { useCallback, useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useOiChatContext } from '../context/context.js';
import { useMessages } from '../hooks/use-messages.js';
import { useRoom } from '../hooks/use-room.js';
import { useTyping } from '../hooks/use-typing.js';
import { cx, useIsomorphicLayoutEffect, useRootProps } from './common.js';
import { SendIcon } from './icons.js';

export interface ComposerProps {
  roomId: string;
  className?: string | undefined;
  placeholder?: string | undefined;
  autoFocus?: boolean | undefined;
  /** Longest message accepted (the server's limit is 10 000 characters). */
  maxLength?: number | undefined;
}

const MAX_LENGTH = 10_000;
const drafts = new WeakMap<object, Map<string, string>>();

export function Composer({ roomId, className, placeholder, autoFocus, maxLength = MAX_LENGTH }: ComposerProps) {
  const { store, i18n } = useOiChatContext();
  const { send } = useMessages(roomId);
  const typing = useTyping(roomId);
  const { name } = useRoom(roomId);
  const root = useRootProps('oichat-composer', className);
  const hintId = useId();
  const counterId = useId();
  const ref = useRef<HTMLTextAreaElement>(null);
  const roomDrafts = draftsOf(store);
  const [value, setValue] = useState(() => roomDrafts.get(roomId) ?? '');

  // Another room: its own draft.
  const shownRoom = useRef(roomId);
  if (shownRoom.current !== roomId) {
    shownRoom.current = roomId;
    setValue(roomDrafts.get(roomId) ?? '');
  }

  useIsomorphicLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    // Grow with the text up to the CSS max-height, then scroll.
    el.style.height = 'auto';
    el.style.height = `${el.scrollHeight}px`;
  }, [value]);

  // Focus on mount and on each room change when asked (a room just picked from the list).
  // biome-ignore lint/correctness/useExhaustiveDependencies: roomId is the trigger, not an input
  useEffect(() => {
    if (autoFocus) ref.current?.focus();
  }, [autoFocus, roomId]);

  const over = [...value].length - maxLength;
  const content = value.trim();
  const canSend = content.length > 0 && over <= 0;

  const submit = useCallback(() => {
    if (!canSend) return;
    send(content);
    setValue('');
    roomDrafts.delete(roomId);
    typing.stop();
    ref.current?.focus();
  }, [canSend, content, send, roomDrafts, roomId, typing]);

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key !== 'Enter' || e.shiftKey || e.altKey || e.ctrlKey || e.metaKey) return;
    // Enter that commits an IME composition (Hangul, kana) is not a send.
    if (e.nativeEvent.isComposing || e.keyCode === 229) return;
    e.preventDefault();
    submit();
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    submit();
  };

  return (
    <form {...root} onSubmit={onSubmit}>
      <div className="oichat-composer__field">
        <textarea
          ref={ref}
          className="oichat-composer__input"
          aria-label={i18n.strings.message}
          aria-describedby={over > 0 ? `${hintId} ${counterId}` : hintId}
          aria-invalid={over > 0 || undefined}
          placeholder={placeholder ?? i18n.t('messagePlaceholder', { room: name || i18n.strings.untitledRoom })}
          rows={1}
          value={value}
          onChange={(e) => {
            const next = e.target.value;
            setValue(next);
            if (next) roomDrafts.set(roomId, next);
            else roomDrafts.delete(roomId);
            if (next.trim()) typing.start();
            else typing.stop();
          }}
          onKeyDown={onKeyDown}
          onBlur={() => {
            if (!value.trim()) typing.stop();
          }}
        />
        <span id={hintId} className="oichat-sr-only">
          {i18n.strings.composerHint}
        </span>
        {over > 0 && (
          <span id={counterId} className="oichat-composer__counter" role="status">
            {i18n.t('tooLong', { count: over })}
          </span>
        )}
        <button
          type="submit"
          className={cx('oichat-composer__send', canSend && 'oichat-composer__send--ready')}
          aria-label={i18n.strings.send}
          aria-disabled={!canSend || undefined}
          title={i18n.strings.send}
        >
          <SendIcon />
        </button>
      </div>
    </form>
  );
}

function draftsOf(store: object): Map<string, string> {
  let m = drafts.get(store);
  if (!m) {
    m = new Map();
    drafts.set(store, m);
  }
  return m;
}

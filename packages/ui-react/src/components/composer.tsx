'use client';
/**
 * Where I write: a growing multi-line text box (Enter sends, Shift+Enter starts a new line; a
 * Korean or Japanese IME's Enter that ends a composition is left alone), a Send button, typing
 * notifications for the others, and a draft kept per room while I look elsewhere. "@" offers
 * the room's people to mention; files come by the attach button, by drag and drop and by paste,
 * upload at once with their progress, and go with the message. In a thread (`thread`), the
 * text box is "Reply" and sends replies.
 */
import {
  type ClipboardEvent,
  type DragEvent,
  type FormEvent,
  type KeyboardEvent,
  useCallback,
  useEffect,
  useId,
  useRef,
  useState,
} from 'react';
import type { ChatMessage } from '../core/model.js';
import type { SendExtras } from '../core/timeline.js';
import { useOiChatContext } from '../context/context.js';
import { useMessages } from '../hooks/use-messages.js';
import { useObservable } from '../hooks/use-observable.js';
import { useRoom } from '../hooks/use-room.js';
import { useTyping } from '../hooks/use-typing.js';
import { cx, useIsomorphicLayoutEffect, useRootProps } from './common.js';
import { PaperclipIcon, SendIcon } from './icons.js';
import { MentionList, mentionOptionId } from './mention-list.js';
import { UploadTray } from './upload-tray.js';
import { useMentions } from './use-mentions.js';

export interface ComposerProps {
  roomId: string;
  /** Write replies in this message's thread. */
  thread?: ChatMessage | undefined;
  /** Sends instead of the room's timeline (a thread view passes its own). */
  onSend?: ((content: string, extras: SendExtras) => void) | undefined;
  className?: string | undefined;
  placeholder?: string | undefined;
  autoFocus?: boolean | undefined;
  /** Longest message accepted (the server's limit is 10 000 characters). */
  maxLength?: number | undefined;
}

const MAX_LENGTH = 10_000;
const drafts = new WeakMap<object, Map<string, string>>();

export function Composer({
  roomId,
  thread,
  onSend,
  className,
  placeholder,
  autoFocus,
  maxLength = MAX_LENGTH,
}: ComposerProps) {
  const { store, i18n } = useOiChatContext();
  const { send: sendToRoom } = useMessages(roomId);
  const send = onSend ?? sendToRoom;
  const typing = useTyping(roomId);
  const { name } = useRoom(roomId);
  const root = useRootProps('oichat-composer', className);
  const hintId = useId();
  const counterId = useId();
  const listId = useId();
  const fileId = useId();
  const ref = useRef<HTMLTextAreaElement>(null);
  const roomDrafts = draftsOf(store);
  const draftKey = thread ? `${roomId}:${thread.message_id}` : roomId;
  const [value, setValue] = useState(() => roomDrafts.get(draftKey) ?? '');
  const [dragging, setDragging] = useState(false);
  const uploads = store.uploads(roomId, draftKey);
  const files = useObservable(uploads.items);
  const canUpload = store.features.uploads;

  // Another room: its own draft.
  const shownRoom = useRef(draftKey);
  if (shownRoom.current !== draftKey) {
    shownRoom.current = draftKey;
    setValue(roomDrafts.get(draftKey) ?? '');
  }

  const setText = useCallback(
    (next: string) => {
      setValue(next);
      if (next) roomDrafts.set(draftKey, next);
      else roomDrafts.delete(draftKey);
    },
    [roomDrafts, draftKey],
  );
  const mentions = useMentions(roomId, ref, setText);

  useIsomorphicLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    // Grow with the text up to the CSS max-height, then scroll.
    el.style.height = 'auto';
    el.style.height = `${el.scrollHeight}px`;
    mentions.applyCaret(el);
  }, [value]);

  // Focus on mount and on each room change when asked (a room just picked from the list).
  // biome-ignore lint/correctness/useExhaustiveDependencies: roomId is the trigger, not an input
  useEffect(() => {
    if (autoFocus) ref.current?.focus();
  }, [autoFocus, roomId]);

  const over = [...value].length - maxLength;
  const content = value.trim();
  const ready = files.filter((f) => f.status === 'ready').length;
  const uploading = files.some((f) => f.status === 'uploading');
  const canSend = (content.length > 0 || ready > 0) && over <= 0 && !uploading;

  const submit = useCallback(() => {
    if (!canSend) return;
    const extras: SendExtras = { mentions: mentions.take(content) };
    const attachments = uploads.take();
    if (attachments.length > 0) extras.attachments = attachments;
    send(content, extras);
    setText('');
    typing.stop();
    ref.current?.focus();
  }, [canSend, content, send, setText, typing, mentions, uploads]);

  const addFiles = (list: FileList | File[] | null | undefined) => {
    if (!canUpload || !list || list.length === 0) return false;
    uploads.add([...list]);
    return true;
  };
  const onPaste = (e: ClipboardEvent<HTMLTextAreaElement>) => {
    if (addFiles(e.clipboardData?.files)) e.preventDefault();
  };
  const dragProps = canUpload
    ? {
        onDragOver: (e: DragEvent) => {
          if (![...e.dataTransfer.types].includes('Files')) return;
          e.preventDefault();
          setDragging(true);
        },
        onDragLeave: (e: DragEvent) => {
          if (!(e.currentTarget as Node).contains(e.relatedTarget as Node | null)) setDragging(false);
        },
        onDrop: (e: DragEvent) => {
          setDragging(false);
          if (addFiles(e.dataTransfer.files)) e.preventDefault();
        },
      }
    : {};

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (mentions.onKeyDown(e)) return;
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

  const defaultPlaceholder = thread
    ? i18n.strings.replyPlaceholder
    : i18n.t('messagePlaceholder', { room: name || i18n.strings.untitledRoom });
  return (
    <form
      {...root}
      className={cx(root.className, dragging && 'oichat-composer--dragging')}
      onSubmit={onSubmit}
      {...dragProps}
    >
      {mentions.open && (
        <MentionList id={listId} options={mentions.options} index={mentions.index} onPick={mentions.pick} />
      )}
      <UploadTray items={files} onRemove={(id) => uploads.remove(id)} onRetry={(id) => uploads.retry(id)} />
      {dragging && (
        <div className="oichat-composer__drop" aria-hidden="true">
          {i18n.strings.dropFiles}
        </div>
      )}
      <div className="oichat-composer__field">
        {canUpload && (
          <>
            <input
              id={fileId}
              type="file"
              multiple
              className="oichat-sr-only"
              tabIndex={-1}
              aria-hidden="true"
              onChange={(e) => {
                addFiles(e.target.files);
                e.target.value = '';
              }}
            />
            <button
              type="button"
              className="oichat-icon-button oichat-composer__attach"
              aria-label={i18n.strings.attachFiles}
              title={i18n.strings.attachFiles}
              onClick={() => document.getElementById(fileId)?.click()}
            >
              <PaperclipIcon />
            </button>
          </>
        )}
        <textarea
          ref={ref}
          className="oichat-composer__input"
          aria-label={thread ? i18n.strings.reply : i18n.strings.message}
          aria-describedby={over > 0 ? `${hintId} ${counterId}` : hintId}
          aria-invalid={over > 0 || undefined}
          aria-autocomplete="list"
          aria-controls={mentions.open ? listId : undefined}
          aria-activedescendant={mentions.open ? mentionOptionId(listId, mentions.index) : undefined}
          placeholder={placeholder ?? defaultPlaceholder}
          rows={1}
          value={value}
          onChange={(e) => {
            const next = e.target.value;
            setText(next);
            mentions.track(next, e.target.selectionStart ?? next.length);
            if (next.trim()) typing.start();
            else typing.stop();
          }}
          onSelect={(e) => mentions.track(e.currentTarget.value, e.currentTarget.selectionStart ?? 0)}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
          onBlur={() => {
            mentions.close();
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

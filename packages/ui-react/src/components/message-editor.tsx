'use client';
/** Editing one of my messages in place: its text in a box, Enter (or Save) saves, Escape (or Cancel) gives up. */
import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { useOiChatContext } from '../context/context.js';
import { useIsomorphicLayoutEffect } from './common.js';

export interface MessageEditorProps {
  initial: string;
  onSave: (content: string) => void;
  onCancel: () => void;
}

export function MessageEditor({ initial, onSave, onCancel }: MessageEditorProps) {
  const { i18n } = useOiChatContext();
  const [value, setValue] = useState(initial);
  const ref = useRef<HTMLTextAreaElement>(null);
  const hintId = useId();
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  }, []);
  useIsomorphicLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${el.scrollHeight}px`;
  }, [value]);
  const save = () => {
    if (value.trim()) onSave(value);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      onCancel();
    } else if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing && e.keyCode !== 229) {
      e.preventDefault();
      save();
    }
  };
  return (
    <div className="oichat-editor">
      <textarea
        ref={ref}
        className="oichat-editor__input"
        aria-label={i18n.strings.editMessage}
        aria-describedby={hintId}
        rows={1}
        value={value}
        onChange={(e) => setValue(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <span id={hintId} className="oichat-editor__hint">
        {i18n.strings.editHint}
      </span>
      <div className="oichat-editor__buttons">
        <button type="button" className="oichat-button" onClick={onCancel}>
          {i18n.strings.cancel}
        </button>
        <button type="button" className="oichat-button oichat-button--primary" onClick={save} disabled={!value.trim()}>
          {i18n.strings.save}
        </button>
      </div>
    </div>
  );
}

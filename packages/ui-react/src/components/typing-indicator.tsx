'use client';
/** "Alice is typing…": a `status` region (announced politely), present even when empty so announcements are not lost. */
import { useOiChatContext } from '../context/context.js';
import { useTyping } from '../hooks/use-typing.js';
import { useUserNames } from '../hooks/use-users.js';
import { useRootProps } from './common.js';

export interface TypingIndicatorProps {
  roomId: string;
  className?: string | undefined;
}

export function TypingIndicator({ roomId, className }: TypingIndicatorProps) {
  const { i18n } = useOiChatContext();
  const { userIds } = useTyping(roomId);
  const nameOf = useUserNames();
  const root = useRootProps('oichat-typing', className);
  const names = userIds.map((id) => nameOf(id).name);
  const text =
    names.length === 0
      ? ''
      : names.length === 1
        ? i18n.t('typingOne', { a: names[0]! })
        : names.length === 2
          ? i18n.t('typingTwo', { a: names[0]!, b: names[1]! })
          : i18n.strings.typingMany;
  return (
    <div {...root} role="status" data-active={names.length > 0 || undefined}>
      {text && (
        <>
          <span className="oichat-typing__dots" aria-hidden="true">
            <span />
            <span />
            <span />
          </span>
          <span className="oichat-typing__text">{text}</span>
        </>
      )}
    </div>
  );
}

/**
 * Props of the parts `components={{ … }}` can replace. A replacement gets exactly what the
 * built-in part gets, so it can render something else entirely or wrap the built-in one
 * (import it and pass the props on).
 */
import type { Room } from '@oichat/sdk';
import type { ComponentType, HTMLAttributes, ReactNode, Ref } from 'react';
import type { Attachment, ChatMessage, ReactionSummary, TimelineMessage } from '../core/model.js';

export interface AvatarProps {
  userId: string;
  name: string;
  src?: string | null | undefined;
  size?: 'sm' | 'md' | 'lg' | undefined;
  /** Shows a presence dot: true online, false offline, undefined none. */
  online?: boolean | undefined;
  className?: string | undefined;
}

export interface MessageProps {
  item: TimelineMessage;
  own: boolean;
  groupStart: boolean;
  groupEnd: boolean;
  senderName: string;
  senderAvatar?: string | null | undefined;
  /** Names of the others who have read this message (mine only). */
  seenBy: readonly string[];
  /** Show the delivery line under this message (my last one, or a failed one). */
  showStatus: boolean;
  onRetry: () => void;
  onDiscard: () => void;
  /** Opens the message's thread (given when the layout has a thread panel). */
  onOpenThread?: ((message: ChatMessage) => void) | undefined;
  /** Shown in a thread panel: no reply count, no "reply in thread". */
  inThread?: boolean | undefined;
  className?: string | undefined;
}

export interface MessageContentProps {
  message: ChatMessage;
  className?: string | undefined;
}

export interface SystemMessageProps {
  item: TimelineMessage;
  className?: string | undefined;
}

export interface DateSeparatorProps {
  iso: string;
  className?: string | undefined;
}

export interface UnreadSeparatorProps {
  className?: string | undefined;
}

export interface ReactionsProps {
  message: ChatMessage;
  reactions: readonly ReactionSummary[];
  /** Given when I can react: a chip toggles my reaction of its type. */
  onToggle?: ((type: string) => void) | undefined;
  className?: string | undefined;
}

export interface AttachmentsProps {
  message: ChatMessage;
  attachments: readonly Attachment[];
  /** Opens an image large (the list's viewer); without it an image links to its file. */
  onOpenImage?: ((attachment: Attachment) => void) | undefined;
  className?: string | undefined;
}

export interface RoomListItemProps {
  room: Room;
  /** The room's display name (its name, or for a direct room the other person's). */
  name: string;
  /** The user the avatar shows for a direct room. */
  peerId?: string | undefined;
  preview?: ChatMessage | undefined;
  previewSender?: string | undefined;
  unread: number;
  mentions: number;
  selected: boolean;
  online?: boolean | undefined;
  /** Spread on the focusable element: roving focus, selection and the accessible name depend on them. */
  buttonProps: HTMLAttributes<HTMLButtonElement> & {
    ref?: Ref<HTMLButtonElement>;
    tabIndex: number;
    'data-room-id': string;
  };
  className?: string | undefined;
}

export interface EmptyStateProps {
  title: string;
  hint?: string | undefined;
  icon?: ReactNode;
  action?: ReactNode;
  className?: string | undefined;
}

/** Every replaceable part. */
export interface OiChatComponents {
  Avatar?: ComponentType<AvatarProps>;
  Message?: ComponentType<MessageProps>;
  MessageContent?: ComponentType<MessageContentProps>;
  SystemMessage?: ComponentType<SystemMessageProps>;
  DateSeparator?: ComponentType<DateSeparatorProps>;
  UnreadSeparator?: ComponentType<UnreadSeparatorProps>;
  Reactions?: ComponentType<ReactionsProps>;
  Attachments?: ComponentType<AttachmentsProps>;
  RoomListItem?: ComponentType<RoomListItemProps>;
  EmptyState?: ComponentType<EmptyStateProps>;
}

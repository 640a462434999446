/**
 * @oichat/ui-react: React components and hooks for OiChat, on @oichat/sdk.
 *
 *   import { OiChatClient } from '@oichat/sdk';
 *   import { OiChatProvider, Chat } from '@oichat/ui-react';
 *   import '@oichat/ui-react/styles.css';
 *
 *   <OiChatProvider client={client}><Chat /></OiChatProvider>
 *
 * One ES module per source module (this file only re-exports): a bundler keeps what you import.
 */
export { OiChatProvider, type OiChatProviderProps } from './context/provider.js';
export { useOiChatContext, type OiChatContextValue, type ThemeOption } from './context/context.js';

export { useOiChat, useConnection, type UseOiChat } from './hooks/use-oichat.js';
export { useRooms, type RoomSummary, type UseRooms } from './hooks/use-rooms.js';
export { useRoom, type UseRoom } from './hooks/use-room.js';
export { useMessages, type UseMessages } from './hooks/use-messages.js';
export { useTyping, type UseTyping } from './hooks/use-typing.js';
export { usePresence } from './hooks/use-presence.js';
export { useUnread, type UseUnread } from './hooks/use-unread.js';
export { useReadReceipts } from './hooks/use-read-receipts.js';
export { useUser, useUserNames, type DisplayUser } from './hooks/use-users.js';
export { useThread, type UseThread } from './hooks/use-thread.js';
export { useSearch, type UseSearch } from './hooks/use-search.js';
export { useMessageActions, type UseMessageActions } from './hooks/use-message-actions.js';

export { Chat, type ChatProps } from './components/chat.js';
export { RoomList, type RoomListProps } from './components/room-list.js';
export { RoomListItem } from './components/room-list-item.js';
export { RoomHeader, type RoomHeaderProps } from './components/room-header.js';
export { MessageList, type MessageListProps } from './components/message-list.js';
export { Message } from './components/message.js';
export { MessageContent } from './components/message-content.js';
export { MessageStatus, type MessageStatusProps } from './components/message-status.js';
export { SystemMessage } from './components/system-message.js';
export { DateSeparator, UnreadSeparator } from './components/separators.js';
export { Reactions } from './components/reactions.js';
export { ReactionPicker, QUICK_REACTIONS, type ReactionPickerProps } from './components/reaction-picker.js';
export { MessageActions, type MessageActionsProps } from './components/message-actions.js';
export { Attachments } from './components/attachments.js';
export { ImageViewer, type ImageViewerProps } from './components/image-viewer.js';
export { Thread, type ThreadProps } from './components/thread.js';
export { SearchBox, type SearchBoxProps } from './components/search-box.js';
export { Composer, type ComposerProps } from './components/composer.js';
export { TypingIndicator, type TypingIndicatorProps } from './components/typing-indicator.js';
export { ConnectionBanner, type ConnectionBannerProps } from './components/connection-banner.js';
export { Avatar } from './components/avatar.js';
export { EmptyState } from './components/empty-state.js';
export type * from './components/types.js';

export { ChatStore, type ConnectionInfo, type RoomsState, type UnreadEntry } from './core/chat-store.js';
export { RoomTimeline, type SendExtras, type TimelineState } from './core/timeline.js';
export { ThreadTimeline, type ThreadState } from './core/thread.js';
export { UploadQueue, type UploadItem } from './core/uploads.js';
export { featuresOf, type Features } from './core/features.js';
export { buildRows, type Row, type RowOptions } from './core/rows.js';
export { segment, safeHref, type Segment } from './core/links.js';
export { Observable } from './core/observable.js';
export type { UserProfile, UserResolver, UsersOption } from './core/users.js';
export type { Attachment, ChatMessage, DeliveryState, ReactionSummary, TimelineMessage } from './core/model.js';
export { reactionsOf, isDeleted, isEdited, isReply, isSystem } from './core/model.js';

export {
  createI18n,
  builtInStrings,
  type I18n,
  type I18nOptions,
  type StringKey,
  type Strings,
} from './locale/i18n.js';
export { en } from './locale/en.js';
export { ko } from './locale/ko.js';

/**
 * The client-SDK calls the message features and attachments use (issues 12 and 13 name them),
 * read from the client a provider was given. Each is optional: a client without it (an SDK that
 * predates it) hides the part that needs it instead of failing, so one version of this package
 * runs on the SDKs around it. The one place that knows these shapes.
 */
import type { OiChatClient } from '@oichat/sdk';
import type { Attachment, ChatMessage } from './model.js';

export interface HistoryPage {
  data: ChatMessage[];
  has_more: boolean;
}

export interface SearchHit extends ChatMessage {}
export interface SearchPage {
  data: SearchHit[];
  has_more?: boolean;
  next_cursor?: string | null;
}

export interface UploadOptions {
  onProgress?: (progress: { loaded: number; total: number }) => void;
  signal?: AbortSignal;
}

/** What the SDK offers for the features, all optional. */
interface FeatureMessages {
  edit?(messageId: string, params: { content: string; metadata?: Record<string, unknown> }): Promise<ChatMessage>;
  delete?(messageId: string): Promise<ChatMessage>;
  react?(messageId: string, type: string): Promise<ChatMessage>;
  unreact?(messageId: string, type: string): Promise<ChatMessage>;
  replies?(messageId: string, params?: { after?: number; before?: number; limit?: number }): Promise<HistoryPage>;
  search?(params: { query: string; room_id?: string; limit?: number; cursor?: string }): Promise<SearchPage>;
}
interface FeatureAttachments {
  upload?(roomId: string, file: Blob, options?: UploadOptions): Promise<Attachment>;
}

export interface Features {
  edit: boolean;
  delete: boolean;
  reactions: boolean;
  threads: boolean;
  search: boolean;
  uploads: boolean;
}

const messagesOf = (client: OiChatClient) => client.messages as unknown as FeatureMessages;
const attachmentsOf = (client: OiChatClient) =>
  (client as unknown as { attachments?: FeatureAttachments }).attachments ?? {};
const has = (o: object, name: string) => typeof (o as Record<string, unknown>)[name] === 'function';

export function featuresOf(client: OiChatClient): Features {
  const m = messagesOf(client);
  return {
    edit: has(m, 'edit'),
    delete: has(m, 'delete'),
    reactions: has(m, 'react') && has(m, 'unreact'),
    threads: has(m, 'replies'),
    search: has(m, 'search'),
    uploads: has(attachmentsOf(client), 'upload'),
  };
}

function need<T>(fn: T | undefined, name: string): T {
  if (!fn) throw new Error(`This @oichat/sdk has no ${name}(): update it to use this part.`);
  return fn;
}

/** The calls, bound to their client; each throws a clear error when its SDK lacks it. */
export function featureCalls(client: OiChatClient) {
  const m = messagesOf(client);
  const a = attachmentsOf(client);
  return {
    edit: (id: string, content: string) => need(m.edit, 'messages.edit').call(m, id, { content }),
    delete: (id: string) => need(m.delete, 'messages.delete').call(m, id),
    react: (id: string, type: string) => need(m.react, 'messages.react').call(m, id, type),
    unreact: (id: string, type: string) => need(m.unreact, 'messages.unreact').call(m, id, type),
    replies: (id: string, params?: { after?: number; before?: number; limit?: number }) =>
      need(m.replies, 'messages.replies').call(m, id, params),
    search: (params: { query: string; room_id?: string; limit?: number; cursor?: string }) =>
      need(m.search, 'messages.search').call(m, params),
    upload: (roomId: string, file: Blob, options?: UploadOptions) =>
      need(a.upload, 'attachments.upload').call(a, roomId, file, options),
  };
}

export type FeatureCalls = ReturnType<typeof featureCalls>;

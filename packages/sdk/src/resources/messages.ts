/**
 * Messages: history reads, sends, and changes to sent messages (edit, delete, reactions, pins), all
 * effects through the outbox (queued while offline, retried, applied once); threads and search.
 */
import type { HttpClient } from '../http.js';
import type {
  EditMessageParams,
  ListMessagesParams,
  ListRepliesParams,
  Message,
  MessageHistory,
  Page,
  SearchMessagesParams,
  SendMessageParams,
} from '../types.js';
import type { Outbox } from './outbox.js';

const messagePath = (messageId: string) => `/v1/me/messages/${encodeURIComponent(messageId)}`;

export class MessagesResource {
  constructor(
    private readonly http: HttpClient,
    private readonly outbox: Outbox,
  ) {}

  /** History in ascending seq: `after` reads forward, `before` backward, neither the newest. */
  list(roomId: string, params: ListMessagesParams = {}): Promise<MessageHistory> {
    return this.http.request('GET', `/v1/me/rooms/${encodeURIComponent(roomId)}/messages`, {
      query: {
        after: params.after,
        before: params.before,
        limit: params.limit,
        thread: params.thread === undefined ? undefined : String(params.thread),
      },
    });
  }

  /**
   * Sends a message as the user. Resolves with the server's message once it is stored, which
   * may be after reconnecting: while offline, or after a network error, 5xx or 429, the send
   * waits in the room's queue and is retried with the same `client_msg_id`, so it is stored
   * once. Sends of one room are stored in the order of the calls. Rejects on a final error
   * (an `OiChatError` with a 4xx status).
   */
  send(roomId: string, params: SendMessageParams): Promise<Message> {
    const body: { content: string; client_msg_id: string } & Record<string, unknown> = {
      content: params.content,
      // Generated once per send, never per attempt: that is what makes the retries idempotent.
      client_msg_id: params.client_msg_id ?? newClientMsgId(),
    };
    if (params.content_type !== undefined) body.content_type = params.content_type;
    if (params.metadata !== undefined) body.metadata = params.metadata;
    if (params.parent_id !== undefined) body.parent_id = params.parent_id;
    if (params.mentions !== undefined) body.mentions = params.mentions;
    return this.outbox.enqueue(roomId, body);
  }

  /** A message of one of my rooms, as it is now. */
  get(messageId: string): Promise<Message> {
    return this.http.request('GET', messagePath(messageId));
  }

  /** Edits one of my messages (403 `not_message_sender` for another's). Queued while offline, like sends. */
  edit(messageId: string, params: EditMessageParams): Promise<Message> {
    const body: Record<string, unknown> = { content: params.content };
    if (params.metadata !== undefined) body.metadata = params.metadata;
    return this.#change(messageId, () => this.http.request('PATCH', messagePath(messageId), { body }));
  }

  /** Deletes one of my messages (softly: it keeps its id and seq, loses its content). Queued while offline. */
  delete(messageId: string): Promise<Message> {
    return this.#change(messageId, () => this.http.request('DELETE', messagePath(messageId)));
  }

  /** Adds my reaction `type` (an emoji or a short name, 1–64 characters). Queued while offline. */
  react(messageId: string, type: string): Promise<Message> {
    return this.#change(messageId, () =>
      this.http.request('POST', `${messagePath(messageId)}/reactions`, { body: { type } }),
    );
  }

  /** Removes my reaction `type`. Queued while offline. */
  unreact(messageId: string, type: string): Promise<Message> {
    return this.#change(messageId, () =>
      this.http.request('DELETE', `${messagePath(messageId)}/reactions/${encodeURIComponent(type)}`),
    );
  }

  pin(messageId: string): Promise<Message> {
    return this.#change(messageId, () => this.http.request('POST', `${messagePath(messageId)}/pin`));
  }

  unpin(messageId: string): Promise<Message> {
    return this.#change(messageId, () => this.http.request('DELETE', `${messagePath(messageId)}/pin`));
  }

  /** A thread's replies in ascending seq, paged like `list`. */
  replies(messageId: string, params: ListRepliesParams = {}): Promise<MessageHistory> {
    return this.http.request('GET', `${messagePath(messageId)}/replies`, {
      query: { after: params.after, before: params.before, limit: params.limit },
    });
  }

  /** Messages of my rooms holding every word of `query`, newest first. */
  search(params: SearchMessagesParams): Promise<Page<Message>> {
    return this.http.request('GET', '/v1/me/messages/search', {
      query: { query: params.query, room_id: params.room_id, limit: params.limit, cursor: params.cursor },
    });
  }

  /** Changes of one message go one after another, in the order of the calls. */
  #change(messageId: string, attempt: () => Promise<Message>): Promise<Message> {
    return this.outbox.call(`message:${messageId}`, attempt);
  }

  /** Sends still waiting for the server's answer (queued or in flight), in one room or all. */
  pending(roomId?: string): number {
    return this.outbox.pending(roomId);
  }
}

/**
 * A UUID v4. crypto.randomUUID exists only in secure contexts (https, localhost) in browsers,
 * getRandomValues everywhere with Web Crypto; Node 18 has no global `crypto` at all, and there
 * Math.random is enough: the id only has to be unique among one user's sends to one room.
 */
export function newClientMsgId(): string {
  const c = (globalThis as { crypto?: Crypto }).crypto;
  if (typeof c?.randomUUID === 'function') return c.randomUUID();
  const b = new Uint8Array(16);
  if (typeof c?.getRandomValues === 'function') c.getRandomValues(b);
  else for (let i = 0; i < 16; i++) b[i] = Math.floor(Math.random() * 256);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

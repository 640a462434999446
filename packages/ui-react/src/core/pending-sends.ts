/**
 * My sends not stored yet, as a room's timeline and a thread's both hold them: shown at once as
 * `sending`, then `failed` with the error (retried with the same client_msg_id, so stored once
 * whatever happened before, or discarded), until the server's answer or the message itself
 * arriving over the socket takes their place. A stored message keeps the row key its pending
 * send had, so its row keeps its identity.
 */
import type { Message, OiChatError } from '@oichat/sdk';
import type { ChatMessage, TimelineMessage } from './model.js';
import { newId, pendingItem, type SendExtras } from './sends.js';

interface Pending {
  key: string;
  clientMsgId: string;
  content: string;
  extras: SendExtras;
  createdAt: string;
  state: 'sending' | 'failed';
  error?: OiChatError | Error | undefined;
}

export interface PendingSendsHooks {
  /** Sends one (the SDK's send, with what the timeline adds). */
  deliver(send: { content: string; clientMsgId: string; extras: SendExtras }): Promise<Message>;
  /** The pending list changed: the timeline shows it anew. */
  changed(): void;
  /** The server answered with the stored message; `wasPending`: the socket had not brought it first. */
  stored(message: ChatMessage, wasPending: boolean): void;
}

export class PendingSends {
  #pending: Pending[] = [];
  /** message_id → the key its pending send had. */
  readonly #keys = new Map<string, string>();

  constructor(private readonly hooks: PendingSendsHooks) {}

  get size(): number {
    return this.#pending.length;
  }

  /** The row key of a stored message (the pending send's, when it was one of mine). */
  keyOf(messageId: string): string | undefined {
    return this.#keys.get(messageId);
  }

  /** The pending sends as rows, in the order sent. */
  items(roomId: string, me: string): TimelineMessage[] {
    return this.#pending.map((p) => pendingItem(p, roomId, me));
  }

  add(content: string, extras: SendExtras): string {
    const clientMsgId = newId();
    const key = `local:${clientMsgId}`;
    this.#pending = [
      ...this.#pending,
      { key, clientMsgId, content, extras, createdAt: new Date().toISOString(), state: 'sending' },
    ];
    this.hooks.changed();
    this.#deliver(key);
    return key;
  }

  retry(key: string): void {
    const p = this.#pending.find((x) => x.key === key);
    if (p?.state !== 'failed') return;
    this.#pending = this.#pending.map((x) => (x.key === key ? { ...x, state: 'sending', error: undefined } : x));
    this.hooks.changed();
    this.#deliver(key);
  }

  discard(key: string): void {
    const before = this.#pending.length;
    this.#pending = this.#pending.filter((x) => !(x.key === key && x.state === 'failed'));
    if (this.#pending.length !== before) this.hooks.changed();
  }

  /**
   * My message arrived over the socket before the POST answered: it replaces the oldest pending
   * send with the same text (the socket does not carry client_msg_id), keeping its row key.
   */
  claim(message: ChatMessage): void {
    if (this.#keys.has(message.message_id)) return;
    const p = this.#pending.find((x) => x.state === 'sending' && x.content === message.content);
    if (!p) return;
    this.#keys.set(message.message_id, p.key);
    this.#pending = this.#pending.filter((x) => x !== p);
  }

  #deliver(key: string): void {
    const p = this.#pending.find((x) => x.key === key);
    if (!p) return;
    this.hooks.deliver(p).then(
      (message) => {
        const wasPending = this.#pending.some((x) => x.key === key);
        if (wasPending) {
          this.#pending = this.#pending.filter((x) => x.key !== key);
          this.#keys.set(message.message_id, key);
        }
        this.hooks.stored(message as ChatMessage, wasPending);
      },
      (error: unknown) => {
        const e = error instanceof Error ? error : new Error(String(error));
        this.#pending = this.#pending.map((x) => (x.key === key ? { ...x, state: 'failed', error: e } : x));
        this.hooks.changed();
      },
    );
  }
}

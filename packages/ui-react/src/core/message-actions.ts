/**
 * What I can do to a message that is already stored: edit it, delete it, react to it. Each call
 * goes through the SDK (core/features.ts) and the message the server answers replaces the one
 * shown, so my own view changes without waiting for the event the others get. A reaction shows
 * at once (the count moved by one) and is put back if the server refuses it.
 */
import type { FeatureCalls } from './features.js';
import { type ChatMessage, reactionsOf, withMyReaction } from './model.js';

/** The store side: shows a changed message wherever it is (room timeline, thread, preview). */
export type ApplyMessage = (message: ChatMessage) => void;

export class MessageActions {
  /** Reactions in flight by message and type: a second click waits for the first answer. */
  readonly #reacting = new Map<string, Promise<unknown>>();

  constructor(
    private readonly calls: FeatureCalls,
    private readonly apply: ApplyMessage,
  ) {}

  async edit(message: ChatMessage, content: string): Promise<ChatMessage> {
    const text = content.trim();
    if (text === message.content.trim()) return message;
    const changed = await this.calls.edit(message.message_id, text);
    this.apply(changed);
    return changed;
  }

  async delete(message: ChatMessage): Promise<ChatMessage> {
    const changed = await this.calls.delete(message.message_id);
    this.apply(changed);
    return changed;
  }

  /** Adds my reaction of this type, or takes it back when it is already mine. */
  async toggleReaction(message: ChatMessage, type: string): Promise<void> {
    const key = `${message.message_id}\u0000${type}`;
    const before = this.#reacting.get(key);
    const run = (before ?? Promise.resolve()).catch(() => {}).then(() => this.#toggle(message, type));
    this.#reacting.set(key, run);
    try {
      await run;
    } finally {
      if (this.#reacting.get(key) === run) this.#reacting.delete(key);
    }
  }

  async #toggle(message: ChatMessage, type: string): Promise<void> {
    const add = !reactionsOf(message).some((r) => r.type === type && r.mine);
    this.apply(withMyReaction(message, type, add));
    try {
      const changed = add
        ? await this.calls.react(message.message_id, type)
        : await this.calls.unreact(message.message_id, type);
      this.apply(changed);
    } catch (error) {
      this.apply(message);
      throw error;
    }
  }
}

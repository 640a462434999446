/**
 * Outgoing messages, one FIFO queue per room. A send is attempted only while the client is
 * online (connect() was not called, or the socket is connected); a send that fails without a
 * final answer (network error, timeout, 5xx, 429) stays at the head of its room's queue and is
 * tried again, after a backoff or as soon as the socket reconnects, with the same
 * `client_msg_id`: if the first attempt did reach the server, the repeat answers `200` with that
 * first message, so every send is delivered once. Later sends of the room wait behind it, which
 * keeps a room's messages in the order they were sent.
 *
 * Changes to a message (edit, delete, reactions, pins) queue the same way, one queue per message
 * (`call`): each is idempotent on the server (the same edit, reaction or delete twice changes
 * nothing more), so a retry after a lost answer is applied once.
 */
import { OiChatError } from '../errors.js';
import { fullJitterDelay, type BackoffOptions } from '../realtime/backoff.js';
import type { Message } from '../types.js';

/** What the outbox needs to know about connectivity. */
export interface Connectivity {
  /** True while sends should wait: the application wants a socket and does not have one yet. */
  held(): boolean;
  /** Calls back on every connection state change; returns an unsubscribe function. */
  onChange(callback: () => void): () => void;
}

type SendBody = { content: string; client_msg_id: string } & Record<string, unknown>;

interface Entry {
  attempt: () => Promise<unknown>;
  resolve: (value: never) => void;
  reject: (err: unknown) => void;
}

export interface OutboxOptions {
  post: (roomId: string, body: SendBody) => Promise<Message>;
  connectivity: Connectivity;
  backoff: BackoffOptions;
}

export class Outbox {
  readonly #queues = new Map<string, Entry[]>();

  constructor(private readonly opts: OutboxOptions) {}

  /** Sends not yet answered, in all rooms or one. */
  pending(roomId?: string): number {
    if (roomId !== undefined) return this.#queues.get(roomId)?.length ?? 0;
    let n = 0;
    for (const q of this.#queues.values()) n += q.length;
    return n;
  }

  enqueue(roomId: string, body: SendBody): Promise<Message> {
    return this.call(roomId, () => this.opts.post(roomId, body));
  }

  /** Queues an idempotent call under `key` (a room's sends, or `message:<id>` for a message's changes). */
  call<T>(key: string, attempt: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const entry: Entry = { attempt, resolve: resolve as (value: never) => void, reject };
      const queue = this.#queues.get(key);
      if (queue) {
        // A pump is already working this queue: it will get to this entry in turn.
        queue.push(entry);
        return;
      }
      this.#queues.set(key, [entry]);
      void this.#pump(key);
    });
  }

  /** Works one room's queue until it is empty; the queue's presence in the map means a pump runs. */
  async #pump(roomId: string): Promise<void> {
    const queue = this.#queues.get(roomId)!;
    let failures = 0;
    while (queue.length > 0) {
      const entry = queue[0]!;
      if (this.opts.connectivity.held()) {
        await this.#wait(Infinity);
        continue;
      }
      try {
        const result = await entry.attempt();
        queue.shift();
        failures = 0;
        entry.resolve(result as never);
      } catch (err) {
        if (err instanceof OiChatError && err.retryable) {
          await this.#wait(err.retryAfterMs ?? fullJitterDelay(failures++, this.opts.backoff));
          continue;
        }
        // A final answer (validation, room_not_found, token_revoked…): this send fails, the next ones go on.
        queue.shift();
        entry.reject(err);
      }
    }
    this.#queues.delete(roomId);
  }

  /** Waits `ms`, or less if the client becomes online meanwhile (a reconnect is the best moment to retry). */
  #wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const off = this.opts.connectivity.onChange(() => {
        if (!this.opts.connectivity.held()) done();
      });
      const done = () => {
        clearTimeout(timer);
        off();
        resolve();
      };
      if (ms !== Infinity) timer = setTimeout(done, ms);
    });
  }
}

/**
 * One thread: its root message and its replies in seq order, the newest page first read and
 * older ones on demand, replies arriving live, and my replies shown at once as `sending`. A
 * thread is short next to a room, so it is one list, not a window.
 */
import type { OiChatClient } from '@oichat/sdk';
import type { FeatureCalls } from './features.js';
import { type ChatMessage, mergeChange, type TimelineMessage } from './model.js';
import { Observable } from './observable.js';
import { PendingSends } from './pending-sends.js';
import { type SendExtras, sendParams } from './sends.js';

const PAGE = 50;

export interface ThreadState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: unknown;
  root: ChatMessage;
  /** Replies in ascending seq, then my sends not stored yet. */
  replies: readonly TimelineMessage[];
  hasOlder: boolean;
  loadingOlder: boolean;
}

export class ThreadTimeline {
  readonly state: Observable<ThreadState>;
  #stored: ChatMessage[] = [];
  readonly #sends: PendingSends;
  readonly #rows = new WeakMap<ChatMessage, TimelineMessage>();

  constructor(
    root: ChatMessage,
    client: OiChatClient,
    private readonly calls: FeatureCalls,
    private readonly me: () => string | undefined,
  ) {
    this.state = new Observable<ThreadState>({
      status: 'idle',
      error: null,
      root,
      replies: [],
      hasOlder: false,
      loadingOlder: false,
    });
    this.#sends = new PendingSends({
      deliver: (p) =>
        client.messages.send(
          this.state.get().root.room_id,
          sendParams(p.content, p.clientMsgId, { ...p.extras, parentId: this.rootId }),
        ),
      changed: () => this.#commit({}),
      stored: (message) => this.receive(message),
    });
  }

  get rootId(): string {
    return this.state.get().root.message_id;
  }

  open(): Promise<void> {
    const s = this.state.get();
    if (s.status === 'ready' || s.status === 'loading') return Promise.resolve();
    this.#commit({ status: 'loading', error: null });
    return this.calls.replies(this.rootId, { limit: PAGE }).then(
      (page) => {
        this.#stored = merge(page.data, this.#stored);
        this.#commit({ status: 'ready', hasOlder: page.has_more });
      },
      (error: unknown) => this.#commit({ status: 'error', error }),
    );
  }

  async loadOlder(): Promise<void> {
    const s = this.state.get();
    const first = this.#stored[0];
    if (s.status !== 'ready' || !s.hasOlder || s.loadingOlder || !first) return;
    this.#commit({ loadingOlder: true });
    try {
      const page = await this.calls.replies(this.rootId, { before: first.seq, limit: PAGE });
      this.#stored = merge(page.data, this.#stored);
      this.#commit({ hasOlder: page.has_more, loadingOlder: false });
    } catch (error) {
      this.#commit({ loadingOlder: false, error });
    }
  }

  /** A reply of this thread arrived (live, or as the answer to my send). */
  receive(message: ChatMessage): void {
    if (message.sender_id === this.me()) this.#sends.claim(message);
    this.#stored = merge([message], this.#stored);
    this.#commit({});
  }

  /** The root or a reply changed. */
  replace(message: ChatMessage, mine?: { type: string; add: boolean }): void {
    const s = this.state.get();
    if (message.message_id === s.root.message_id) {
      this.#commit({ root: mergeChange(s.root, message, mine) });
      return;
    }
    const i = this.#stored.findIndex((m) => m.message_id === message.message_id);
    if (i < 0) return;
    this.#stored = this.#stored.map((m, j) => (j === i ? mergeChange(m, message, mine) : m));
    this.#commit({});
  }

  send(content: string, extras: SendExtras = {}): void {
    this.#sends.add(content, extras);
  }

  retry(key: string): void {
    this.#sends.retry(key);
  }

  discard(key: string): void {
    this.#sends.discard(key);
  }

  #row(m: ChatMessage): TimelineMessage {
    let row = this.#rows.get(m);
    if (!row) {
      row = { key: this.#sends.keyOf(m.message_id) ?? m.message_id, message: m, state: 'sent' };
      this.#rows.set(m, row);
    }
    return row;
  }

  #commit(patch: Partial<ThreadState>): void {
    const s = this.state.get();
    const root = patch.root ?? s.root;
    const me = this.me() ?? '';
    const replies = this.#stored.map((m) => this.#row(m));
    replies.push(...this.#sends.items(root.room_id, me));
    this.state.set({ ...s, ...patch, replies });
  }
}

/** Two runs of replies as one, by seq, each once (a later copy of a message wins). */
function merge(a: readonly ChatMessage[], b: readonly ChatMessage[]): ChatMessage[] {
  const bySeq = new Map<number, ChatMessage>();
  for (const m of b) bySeq.set(m.seq, m);
  for (const m of a) {
    const old = bySeq.get(m.seq);
    bySeq.set(m.seq, old ? mergeChange(old, m) : m);
  }
  return [...bySeq.values()].sort((x, y) => x.seq - y.seq);
}

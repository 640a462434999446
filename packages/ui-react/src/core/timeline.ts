/**
 * One room's messages as a view needs them: a contiguous window of the history (not always the
 * newest part: a room opens on its first unread message), my sends that are not stored yet,
 * and the moves a scrolling view makes: older pages above, newer ones below, a jump to the
 * latest. Live messages extend the window when it reaches the newest message and are kept
 * aside otherwise, so a page read meanwhile never leaves a hole or a repeat: everything is
 * merged by `seq`.
 */
import type { OiChatClient } from '@oichat/sdk';
import { type ChatMessage, isReply, mergeChange, type TimelineMessage } from './model.js';
import { PendingSends } from './pending-sends.js';
import { type SendExtras, sendParams } from './sends.js';

export type { SendExtras } from './sends.js';
import { Observable } from './observable.js';

export const PAGE = 50;
/** Pages read while scrolling are larger: fewer round trips through a long history. */
export const SCROLL_PAGE = 100;
/** Messages before the first unread one loaded with it, so the view has context above it. */
const CONTEXT_BEFORE = 20;
/** Live messages kept while the window does not reach the newest one (merged when it does). */
const LIVE_BUFFER = 500;

export interface TimelineState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: unknown;
  /** Stored messages in ascending seq, then my pending sends in the order sent. */
  items: readonly TimelineMessage[];
  /** Older messages exist before the first item. */
  hasOlder: boolean;
  /** Newer stored messages exist after the window (it was opened on an unread message, or jumped). */
  hasNewer: boolean;
  loadingOlder: boolean;
  loadingNewer: boolean;
  /** The first message that was unread when the room was opened (for the "New" separator), or null. */
  firstUnreadSeq: number | null;
  /** Changes each time the window is replaced (open, jump to latest): a view scrolls anew. */
  generation: number;
  /** After a jump to a message (a search hit): its seq, for the view to bring it into sight. */
  focusSeq: number | null;
}

/** What a timeline needs from the store around it. */
export interface TimelineHost {
  client: OiChatClient;
  currentUser(): string | undefined;
  /** The room's read position, once known (waits for the first unread counts). */
  lastRead(roomId: string): Promise<number>;
  /** My message is stored: I have read up to it. */
  ownMessageStored(roomId: string, seq: number): void;
}

const INITIAL: TimelineState = {
  status: 'idle',
  error: null,
  items: [],
  hasOlder: false,
  hasNewer: false,
  loadingOlder: false,
  loadingNewer: false,
  firstUnreadSeq: null,
  generation: 0,
  focusSeq: null,
};

export class RoomTimeline {
  readonly state = new Observable<TimelineState>(INITIAL);
  #stored: ChatMessage[] = [];
  readonly #sends: PendingSends;
  /** Live messages not yet in the window (it did not reach them, or a page was in flight). */
  #live: ChatMessage[] = [];
  readonly #rows = new WeakMap<ChatMessage, TimelineMessage>();
  #loading: Promise<void> | null = null;
  /** Bumped by every window replacement: answers of pages asked for an older window are dropped. */
  #epoch = 0;
  #users = 0;

  constructor(
    readonly roomId: string,
    private readonly host: TimelineHost,
  ) {
    this.#sends = new PendingSends({
      deliver: (p) => host.client.messages.send(roomId, sendParams(p.content, p.clientMsgId, p.extras)),
      changed: () => this.#commit({}),
      stored: (message, wasPending) => {
        // The socket may be down (REST still works) or slower: added as a live message would be.
        if (wasPending) {
          this.receive(message);
          this.#commit({});
        }
        host.ownMessageStored(roomId, message.seq);
      },
    });
  }

  /** Views that show this timeline; the store keeps retained ones (and ones with sends in flight). */
  get retained(): boolean {
    return this.#users > 0 || this.#sends.size > 0;
  }

  retain(): () => void {
    this.#users++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#users--;
    };
  }

  /** A view opens the room: the first time it loads around the first unread message; later it only marks where unread starts. */
  open(): Promise<void> {
    const s = this.state.get();
    if (s.status === 'idle' || s.status === 'error') return this.#openFresh();
    if (s.status === 'ready') void this.#markUnreadStart();
    return this.#loading ?? Promise.resolve();
  }

  /** Reads the window again from the newest messages (a "jump to latest"). */
  jumpToLatest(): Promise<void> {
    return this.#load(async (epoch) => {
      const page = await this.host.client.messages.list(this.roomId, { limit: PAGE });
      if (epoch !== this.#epoch) return;
      this.#stored = page.data as ChatMessage[];
      this.#mergeLive();
      this.#commit(
        {
          hasOlder: page.has_more && !this.#startsAtOne(),
          hasNewer: false,
          status: 'ready',
          error: null,
          focusSeq: null,
        },
        true,
      );
    });
  }

  /** Reads the window around one message (a search hit) and marks it for the view to show. */
  jumpTo(seq: number): Promise<void> {
    const i = this.#indexOfSeq(seq);
    if (i >= 0) {
      // Already held: a new generation only, so the view scrolls to it.
      this.#commit({ focusSeq: seq }, true);
      return Promise.resolve();
    }
    return this.#load(async (epoch) => {
      const { messages } = this.host.client;
      const [before, after] = await Promise.all([
        messages.list(this.roomId, { before: seq, limit: CONTEXT_BEFORE }),
        messages.list(this.roomId, { after: seq - 1, limit: PAGE }),
      ]);
      if (epoch !== this.#epoch) return;
      this.#stored = [...(before.data as ChatMessage[]), ...(after.data as ChatMessage[])];
      const hasNewer = after.has_more;
      if (!hasNewer) this.#mergeLive();
      this.#commit(
        { hasOlder: before.has_more && !this.#startsAtOne(), hasNewer, status: 'ready', error: null, focusSeq: seq },
        true,
      );
    });
  }

  async loadOlder(): Promise<void> {
    const s = this.state.get();
    if (s.status !== 'ready' || !s.hasOlder || s.loadingOlder) return;
    const first = this.#stored[0];
    if (!first) return;
    const epoch = this.#epoch;
    this.#commit({ loadingOlder: true });
    try {
      const page = await this.host.client.messages.list(this.roomId, { before: first.seq, limit: SCROLL_PAGE });
      if (epoch !== this.#epoch) return;
      this.#stored = [...(page.data as ChatMessage[]).filter((m) => m.seq < first.seq), ...this.#stored];
      this.#commit({ hasOlder: page.has_more && !this.#startsAtOne(), loadingOlder: false });
    } catch (error) {
      if (epoch === this.#epoch) this.#commit({ loadingOlder: false, error });
    }
  }

  async loadNewer(): Promise<void> {
    const s = this.state.get();
    if (s.status !== 'ready' || !s.hasNewer || s.loadingNewer) return;
    const last = this.#stored.at(-1);
    if (!last) return;
    const epoch = this.#epoch;
    this.#commit({ loadingNewer: true });
    try {
      const page = await this.host.client.messages.list(this.roomId, { after: last.seq, limit: SCROLL_PAGE });
      if (epoch !== this.#epoch) return;
      this.#stored = [...this.#stored, ...(page.data as ChatMessage[]).filter((m) => m.seq > last.seq)];
      const reached = !page.has_more;
      if (reached) this.#mergeLive();
      this.#commit({ hasNewer: !reached, loadingNewer: false });
    } catch (error) {
      if (epoch === this.#epoch) this.#commit({ loadingNewer: false, error });
    }
  }

  /** A message of this room arrived live (already de-duplicated by the SDK). */
  receive(message: ChatMessage): void {
    if (message.sender_id === this.host.currentUser()) this.#sends.claim(message);
    const s = this.state.get();
    const last = this.#stored.at(-1);
    if (s.status === 'ready' && !s.hasNewer && this.#loading === null && (!last || message.seq === last.seq + 1)) {
      this.#stored = [...this.#stored, message];
      this.#commit({});
      return;
    }
    if (s.status === 'ready' && last && message.seq <= last.seq) return;
    this.#live.push(message);
    if (this.#live.length > LIVE_BUFFER) this.#live.splice(0, this.#live.length - LIVE_BUFFER);
    // A seq past the window's end with a hole before it: the window no longer reaches the newest message.
    if (s.status === 'ready' && !s.hasNewer && this.#loading === null && last && message.seq > last.seq + 1)
      this.#commit({ hasNewer: true });
    else if (this.#sends.size > 0) this.#commit({});
  }

  /** A stored message changed (edited, deleted, reacted to): replaced in place, by seq. */
  replace(message: ChatMessage, mine?: { type: string; add: boolean }): void {
    const i = this.#indexOfSeq(message.seq);
    if (i < 0 || this.#stored[i]!.message_id !== message.message_id) return;
    const next = [...this.#stored];
    next[i] = mergeChange(next[i]!, message, mine);
    this.#stored = next;
    this.#commit({});
  }

  /** The stored message with this id, if the window holds it. */
  find(messageId: string): ChatMessage | undefined {
    return this.#stored.find((m) => m.message_id === messageId);
  }

  /** Sends as the current user; the message shows at once as `sending`. */
  send(content: string, extras: SendExtras = {}): string {
    // Writing from an older part of the history: the view goes to the newest messages, where this one lands.
    const jump = this.state.get().hasNewer;
    const key = this.#sends.add(content, extras);
    if (jump) void this.jumpToLatest();
    return key;
  }

  /** Sends a failed message again (with the same client_msg_id: stored once whatever happened before). */
  retry(key: string): void {
    this.#sends.retry(key);
  }

  /** Drops a failed message from the view. */
  discard(key: string): void {
    this.#sends.discard(key);
  }

  // ------------------------------------------------------------ internals

  async #openFresh(): Promise<void> {
    await this.#load(async (epoch) => {
      const lastRead = await this.host.lastRead(this.roomId);
      const { messages } = this.host.client;
      let stored: ChatMessage[];
      let hasOlder: boolean;
      let hasNewer: boolean;
      if (lastRead <= 0) {
        // Never read: the newest page (a long history read from its first message would help nobody).
        const page = await messages.list(this.roomId, { limit: PAGE });
        stored = page.data as ChatMessage[];
        hasOlder = page.has_more;
        hasNewer = false;
      } else {
        const [before, after] = await Promise.all([
          messages.list(this.roomId, { before: lastRead + 1, limit: CONTEXT_BEFORE }),
          messages.list(this.roomId, { after: lastRead, limit: PAGE }),
        ]);
        stored = [...(before.data as ChatMessage[]), ...(after.data as ChatMessage[])];
        hasOlder = before.has_more;
        hasNewer = after.has_more;
      }
      if (epoch !== this.#epoch) return;
      this.#stored = stored;
      hasOlder &&= !this.#startsAtOne();
      if (!hasNewer) this.#mergeLive();
      // A room never read whose start is not loaded: no separator (it would mark the top of the page, not the first unread).
      const firstUnreadSeq = lastRead <= 0 && hasOlder ? null : this.#firstUnreadAfter(lastRead);
      this.#commit({ hasOlder, hasNewer, status: 'ready', error: null, firstUnreadSeq, focusSeq: null }, true);
    });
  }

  async #markUnreadStart(): Promise<void> {
    const lastRead = await this.host.lastRead(this.roomId);
    this.#commit({ firstUnreadSeq: this.#firstUnreadAfter(lastRead) });
  }

  #firstUnreadAfter(lastRead: number): number | null {
    const me = this.host.currentUser();
    const first = this.#stored.find((m) => m.seq > lastRead && m.sender_id !== me);
    return first ? first.seq : null;
  }

  /** Runs one window replacement at a time; a later one supersedes the answers of an earlier one. */
  #load(work: (epoch: number) => Promise<void>): Promise<void> {
    const epoch = ++this.#epoch;
    const s = this.state.get();
    this.#commit({ status: s.status === 'ready' ? 'ready' : 'loading', loadingOlder: false, loadingNewer: false });
    const run = work(epoch).then(
      () => undefined,
      (error: unknown) => {
        if (epoch === this.#epoch) this.#commit({ status: this.#stored.length > 0 ? 'ready' : 'error', error });
      },
    );
    const tracked = run.finally(() => {
      if (this.#loading === tracked) {
        this.#loading = null;
        // Live messages that came while the page was in flight.
        if (!this.state.get().hasNewer) this.#mergeLive();
        this.#commit({});
      }
    });
    this.#loading = tracked;
    return tracked;
  }

  /** Appends buffered live messages that continue the window; a hole means the window stops short of the newest. */
  #mergeLive(): void {
    if (this.#live.length === 0) return;
    const live = this.#live.sort((a, b) => a.seq - b.seq);
    this.#live = [];
    let last = this.#stored.at(-1)?.seq ?? 0;
    const add: ChatMessage[] = [];
    for (const m of live) {
      if (m.seq <= last) continue;
      if (last !== 0 && m.seq !== last + 1) {
        // Cannot happen for a window that reached the newest message (live messages are gapless),
        // but if it does, the view reads the rest as a newer page rather than show a hole.
        this.#stored = [...this.#stored, ...add];
        this.#commit({ hasNewer: true });
        return;
      }
      add.push(m);
      last = m.seq;
    }
    if (add.length > 0) this.#stored = [...this.#stored, ...add];
  }

  /** A room's seqs start at 1 with no gap: holding seq 1 means holding the start, whatever a page said. */
  #startsAtOne(): boolean {
    return this.#stored[0]?.seq === 1;
  }

  #indexOfSeq(seq: number): number {
    const first = this.#stored[0];
    if (!first) return -1;
    // The window is contiguous: the index is the distance from the first seq.
    const i = seq - first.seq;
    return this.#stored[i]?.seq === seq ? i : this.#stored.findIndex((m) => m.seq === seq);
  }

  #row(m: ChatMessage): TimelineMessage {
    let row = this.#rows.get(m);
    if (!row) {
      row = { key: this.#sends.keyOf(m.message_id) ?? m.message_id, message: m, state: 'sent' };
      this.#rows.set(m, row);
    }
    return row;
  }

  #commit(patch: Partial<TimelineState>, replaced = false): void {
    const me = this.host.currentUser() ?? '';
    // Thread replies are messages of the room (the window stays gapless by seq) shown in their thread only.
    const items: TimelineMessage[] = [];
    for (const m of this.#stored) if (!isReply(m)) items.push(this.#row(m));
    items.push(...this.#sends.items(this.roomId, me));
    const current = this.state.get();
    this.state.set({
      ...current,
      ...patch,
      items,
      generation: replaced ? current.generation + 1 : current.generation,
    });
  }
}

/**
 * OiChatClient: the end user's view of OiChat. Wires the token manager, the REST transport,
 * the realtime connection and the outbox together, and is the one object an application holds.
 */
import { TypedEmitter, type Handler } from './events.js';
import { HttpClient } from './http.js';
import { Backoff } from './realtime/backoff.js';
import { RealtimeConnection } from './realtime/socket.js';
import { MessagesResource } from './resources/messages.js';
import { Outbox } from './resources/outbox.js';
import { RoomsResource } from './resources/rooms.js';
import { TypingResource } from './resources/typing.js';
import { TokenManager } from './token.js';
import type {
  ConnectionState,
  Message,
  OiChatClientOptions,
  OiChatEventName,
  OiChatEvents,
  ReadReceipt,
  WebSocketConstructor,
} from './types.js';

const DEFAULTS = {
  reconnectBaseMs: 500,
  reconnectCapMs: 30_000,
  refreshBeforeExpiryMs: 60_000,
  requestTimeoutMs: 15_000,
  handshakeTimeoutMs: 15_000,
  pingIntervalMs: 25_000,
  pongTimeoutMs: 10_000,
};

/** Absolute base URL without trailing slash; in a page, a relative one (`/chat`) is resolved against it. */
function absoluteBase(baseUrl: string): string {
  const page = (globalThis as { location?: { href?: string } }).location?.href;
  return new URL(baseUrl, page).toString().replace(/\/+$/, '');
}

/** `https://x.example/base` → `wss://x.example/base/v1/realtime`. */
function realtimeUrlFor(baseUrl: string): string {
  const url = new URL(baseUrl + '/v1/realtime');
  url.protocol = url.protocol === 'https:' ? 'wss:' : url.protocol === 'http:' ? 'ws:' : url.protocol;
  return url.toString();
}

export class OiChatClient {
  readonly rooms: RoomsResource;
  readonly messages: MessagesResource;
  readonly typing: TypingResource;

  readonly #events = new TypedEmitter<OiChatEvents>();
  readonly #tokens: TokenManager;
  readonly #http: HttpClient;
  readonly #realtime: RealtimeConnection;

  constructor(options: OiChatClientOptions) {
    if (!options || typeof options.baseUrl !== 'string' || options.baseUrl === '')
      throw new TypeError('OiChatClient: `baseUrl` is required.');
    if (options.token === undefined && options.tokenProvider === undefined) {
      throw new TypeError('OiChatClient: pass `token`, `tokenProvider`, or both.');
    }
    const fetchImpl =
      options.fetch ??
      (globalThis.fetch ? (input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init) : undefined);
    if (!fetchImpl) throw new TypeError('OiChatClient: no global fetch here; pass one as the `fetch` option.');
    const baseUrl = absoluteBase(options.baseUrl);
    const backoff = {
      baseMs: options.reconnect?.baseMs ?? DEFAULTS.reconnectBaseMs,
      capMs: options.reconnect?.capMs ?? DEFAULTS.reconnectCapMs,
    };

    this.#tokens = new TokenManager({
      token: options.token,
      provider: options.tokenProvider,
      refreshBeforeExpiryMs: options.refreshBeforeExpiryMs ?? DEFAULTS.refreshBeforeExpiryMs,
      onRefreshed: (exp) =>
        this.#events.emit('token.refreshed', { expires_at: exp === undefined ? null : new Date(exp).toISOString() }),
      onError: (err) => this.#events.emit('error', err),
    });
    this.#http = new HttpClient({
      baseUrl,
      fetch: fetchImpl,
      tokens: this.#tokens,
      timeoutMs: options.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs,
    });
    this.#realtime = new RealtimeConnection({
      url: options.realtimeUrl ?? realtimeUrlFor(baseUrl),
      // Looked up here rather than at import so that a polyfill installed after import still counts.
      WebSocket: options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket,
      tokens: this.#tokens,
      backoff: new Backoff(backoff),
      handshakeTimeoutMs: options.handshakeTimeoutMs ?? DEFAULTS.handshakeTimeoutMs,
      pingIntervalMs: options.pingIntervalMs ?? DEFAULTS.pingIntervalMs,
      pongTimeoutMs: options.pongTimeoutMs ?? DEFAULTS.pongTimeoutMs,
      resume: options.resume,
      resumeChanges: options.resumeChanges,
      emit: (event, payload) => this.#events.emit(event, payload),
    });

    const outbox = new Outbox({
      post: (roomId, body) =>
        this.#http.request<Message>('POST', `/v1/me/rooms/${encodeURIComponent(roomId)}/messages`, { body }),
      connectivity: {
        held: () => this.#realtime.wanted && this.#realtime.state !== 'connected',
        onChange: (callback) => this.#events.on('connection.state', callback),
      },
      backoff,
    });
    this.rooms = new RoomsResource(this.#http);
    this.messages = new MessagesResource(this.#http, outbox);
    this.typing = new TypingResource(this.#realtime);
    this.#events.on('ready', () => this.typing.reset());
  }

  /**
   * Opens the realtime connection and keeps it open (reconnecting with backoff) until
   * disconnect(). Resolves once the server said `ready`; rejects if the server refuses for good
   * (revoked, or unauthorized without a tokenProvider) or disconnect() comes first.
   */
  connect(): Promise<void> {
    return this.#realtime.connect();
  }

  /** Closes the realtime connection and stops reconnecting. Queued sends are still delivered, over REST. */
  disconnect(): void {
    this.#realtime.disconnect();
  }

  get state(): ConnectionState {
    return this.#realtime.state;
  }

  /** The user's id, as the server named it in the last `ready`. */
  get userId(): string | undefined {
    return this.#realtime.userId;
  }

  /** Subscribes to an event; returns a function that unsubscribes. */
  on<K extends OiChatEventName>(event: K, handler: Handler<OiChatEvents[K]>): () => void {
    return this.#events.on(event, handler);
  }

  once<K extends OiChatEventName>(event: K, handler: Handler<OiChatEvents[K]>): () => void {
    return this.#events.once(event, handler);
  }

  off<K extends OiChatEventName>(event: K, handler: Handler<OiChatEvents[K]>): void {
    this.#events.off(event, handler);
  }

  /** Marks the room read up to `seq` (never moves backwards); participants get a `read` event. */
  markRead(roomId: string, seq: number): Promise<ReadReceipt> {
    return this.#http.request('POST', `/v1/me/rooms/${encodeURIComponent(roomId)}/read`, { body: { seq } });
  }

  /** The last seq seen per room: persist it and pass it back as the `resume` option to continue a session later. */
  resumeState(): Record<string, number> {
    return this.#realtime.seqs.snapshot();
  }

  /**
   * The last change number seen per room: persist it with `resumeState()` and pass it back as
   * `resumeChanges`, so the next session also replays the edits, deletes and reactions missed.
   */
  changeState(): Record<string, number> {
    return this.#realtime.changes.snapshot() ?? {};
  }
}

/**
 * One logical realtime connection carried by successive WebSockets (docs/realtime.md): the auth
 * handshake with `resume`, de-duplication by seq, liveness pings, and what each close code means
 * (reconnect with backoff, refresh the token first, or stop). The application sees one stream of
 * events and `connection.state` changes, never the individual sockets.
 */
import { OiChatError } from '../errors.js';
import type { TokenManager } from '../token.js';
import type {
  ConnectionState,
  ConnectionStateEvent,
  OiChatEventName,
  OiChatEvents,
  TokenRefreshReason,
  WebSocketConstructor,
  WebSocketLike,
} from '../types.js';
import type { Backoff } from './backoff.js';
import { ChangeTracker } from './changes.js';
import { SeqTracker } from './seqs.js';

/** Close codes of the gateway. */
export const CLOSE = {
  normal: 1000,
  goingAway: 1001,
  abnormal: 1006,
  unauthorized: 4001,
  tokenExpired: 4002,
  tokenRevoked: 4003,
  slowConsumer: 4008,
  protocolError: 4009,
  tooManyConnections: 4010,
  rateLimited: 4029,
} as const;

/** The code this client closes with when it gives up on a socket itself (no ready, no pong). */
const CLIENT_GAVE_UP = 4000;
const OPEN = 1;

interface Socket {
  ws: WebSocketLike;
  /** The token this socket authenticated with: a close for a bad token concerns this one, not a newer one. */
  token: string;
  ready: boolean;
  /** Rooms this socket resumed without a change number (their changes are replayed from 0). */
  replayed: ReadonlySet<string>;
  handshake: ReturnType<typeof setTimeout> | undefined;
  liveness: ReturnType<typeof setTimeout> | undefined;
}

export interface RealtimeOptions {
  url: string;
  WebSocket: WebSocketConstructor | undefined;
  tokens: TokenManager;
  backoff: Backoff;
  handshakeTimeoutMs: number;
  pingIntervalMs: number;
  pongTimeoutMs: number;
  resume?: Record<string, number> | undefined;
  resumeChanges?: Record<string, number> | undefined;
  emit: <K extends OiChatEventName>(event: K, payload: OiChatEvents[K]) => void;
}

// biome-ignore lint/suspicious/noExplicitAny: a parsed server frame; each case reads the fields its type promises
type Frame = { type: string } & Record<string, any>;

export class RealtimeConnection {
  readonly seqs: SeqTracker;
  readonly changes: ChangeTracker;
  #state: ConnectionState = 'disconnected';
  /** Whether the application wants to be connected (connect() called, no disconnect() or fatal close since). */
  #wanted = false;
  #socket: Socket | null = null;
  /** Bumped by every open and by disconnect(), so the async steps of a superseded attempt stop. */
  #generation = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Set by a close that blamed the token: the next attempt asks tokenProvider first. */
  #refresh: { reason: TokenRefreshReason; rejected: string } | null = null;
  #retries = 0;
  #everReady = false;
  #userId: string | undefined;
  #waiters: { resolve: () => void; reject: (err: OiChatError) => void }[] = [];
  #pingId = 0;

  constructor(private readonly opts: RealtimeOptions) {
    this.seqs = new SeqTracker(opts.resume);
    this.changes = new ChangeTracker(opts.resumeChanges);
  }

  get state(): ConnectionState {
    return this.#state;
  }

  /** Whether the application asked to be connected: sends wait for the socket while this holds. */
  get wanted(): boolean {
    return this.#wanted;
  }

  /** The user id the server named in the last `ready`. */
  get userId(): string | undefined {
    return this.#userId;
  }

  /** Resolves once connected (after `ready`); keeps retrying meanwhile. Rejects on a fatal close or disconnect(). */
  connect(): Promise<void> {
    if (!this.#wanted) {
      if (!this.opts.WebSocket) {
        return Promise.reject(
          new OiChatError({
            status: 0,
            code: 'websocket_unavailable',
            message: 'No global WebSocket here: pass one as the `WebSocket` option (e.g. from the `ws` package).',
          }),
        );
      }
      this.#wanted = true;
      this.#retries = 0;
      this.opts.backoff.reset();
      this.opts.tokens.startProactive();
      this.#setState('connecting');
      void this.#open();
    }
    if (this.#state === 'connected') return Promise.resolve();
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }

  disconnect(): void {
    if (!this.#wanted && this.#state === 'disconnected') return;
    this.#wanted = false;
    this.#generation++;
    clearTimeout(this.#retryTimer);
    this.opts.tokens.stopProactive();
    const sock = this.#socket;
    if (sock) {
      this.#drop(sock);
      safeClose(sock.ws, CLOSE.normal, 'client disconnect');
    }
    this.#setState('disconnected', { code: CLOSE.normal });
    this.#settle(
      new OiChatError({
        status: 0,
        code: 'client_closed',
        message: 'disconnect() was called before the connection was ready.',
      }),
    );
  }

  /** Sends a request frame on the ready socket. False when there is none: requests are not queued. */
  send(frame: Record<string, unknown>): boolean {
    const sock = this.#socket;
    if (!sock?.ready || sock.ws.readyState !== OPEN) return false;
    sock.ws.send(JSON.stringify(frame));
    return true;
  }

  async #open(): Promise<void> {
    const generation = ++this.#generation;
    let token: string;
    try {
      const refresh = this.#refresh;
      token = refresh ? await this.opts.tokens.refresh(refresh.reason, refresh.rejected) : await this.opts.tokens.get();
      // Cleared only once it worked: after a failed refresh the next attempt must ask again,
      // not retry the token the server already refused.
      if (this.#refresh === refresh) this.#refresh = null;
    } catch (err) {
      if (generation !== this.#generation) return;
      const error = toError(err);
      // Without any token there is nothing to retry with; a failing provider may recover.
      if (error.code === 'missing_token' || error.code === 'missing_token_provider') return this.#fail(error);
      this.opts.emit('error', error);
      return this.#retry(undefined, error.message);
    }
    if (generation !== this.#generation) return;

    let ws: WebSocketLike;
    try {
      ws = new this.opts.WebSocket!(this.opts.url);
    } catch (err) {
      // A malformed URL will not get better by retrying.
      return this.#fail(
        new OiChatError({
          status: 0,
          code: 'invalid_url',
          message: `Cannot open a WebSocket to ${this.opts.url}.`,
          cause: err,
        }),
      );
    }
    const sock: Socket = { ws, token, ready: false, replayed: new Set(), handshake: undefined, liveness: undefined };
    this.#socket = sock;
    sock.handshake = setTimeout(() => this.#giveUp(sock, 'no ready frame in time'), this.opts.handshakeTimeoutMs);

    ws.onopen = () => {
      if (this.#socket !== sock) return;
      const resume = this.seqs.snapshot();
      const changes = this.changes.snapshot();
      // Rooms resumed without a change number: the server replays all their changes, from 0.
      sock.replayed = new Set(changes ? Object.keys(resume).filter((r) => changes[r] === undefined) : []);
      // The token goes in the first frame, never in the URL (URLs end up in logs).
      ws.send(
        JSON.stringify({
          type: 'auth',
          token,
          ...(Object.keys(resume).length > 0 && { resume }),
          ...(changes && Object.keys(resume).length > 0 && { changes }),
        }),
      );
    };
    ws.onmessage = (ev: { data: unknown }) => {
      if (this.#socket === sock) this.#onFrame(sock, ev.data);
    };
    ws.onclose = (ev: { code: number; reason: string }) => {
      if (this.#socket === sock) this.#onClose(sock, ev.code, String(ev.reason ?? ''));
    };
    // A close event always follows an error and carries the code; nothing to do here. (Assigning
    // a handler also keeps `ws` from throwing an unhandled 'error' event.)
    ws.onerror = () => {};
  }

  #onFrame(sock: Socket, data: unknown): void {
    let frame: Frame;
    try {
      frame = JSON.parse(textOf(data)) as Frame;
    } catch {
      return;
    }
    if (frame === null || typeof frame !== 'object' || typeof frame.type !== 'string') return;
    if (sock.ready) this.#armLiveness(sock);
    const { type, ...payload } = frame;
    const emit = this.opts.emit as (event: string, payload: unknown) => void;
    switch (type) {
      case 'ready':
        return this.#onReady(sock, frame);
      case 'message.created':
        // Replay after a resume may overlap what had already arrived: the seq decides.
        if (typeof frame.message?.seq !== 'number' || this.seqs.accept(frame.room_id, frame.message.seq)) {
          if (typeof frame.change_seq === 'number') this.changes.advance(frame.room_id, frame.change_seq);
          emit(type, payload);
        }
        return;
      case 'room.created':
        if (frame.room) this.seqs.follow(frame.room.room_id, frame.room.last_seq ?? 0);
        return emit(type, payload);
      case 'participant.added':
        if (frame.user_id === this.#userId) this.seqs.follow(frame.room_id, frame.room?.last_seq ?? 0);
        return emit(type, payload);
      case 'participant.removed':
        if (frame.user_id === this.#userId) {
          this.seqs.forget(frame.room_id);
          this.changes.forget(frame.room_id);
        }
        return emit(type, payload);
      case 'room.deleted':
        this.seqs.forget(frame.room_id);
        this.changes.forget(frame.room_id);
        return emit(type, payload);
      case 'message.updated':
      case 'message.deleted':
      case 'reaction.added':
      case 'reaction.removed':
      case 'message.pinned':
      case 'message.unpinned':
        // A replay after a reconnect may overlap what had already arrived: the change number decides.
        if (typeof frame.change_seq !== 'number' || this.changes.accept(frame.room_id, frame.change_seq))
          emit(type, payload);
        return;
      case 'room.updated':
      case 'messages.redacted':
      case 'read':
      case 'typing':
      case 'presence':
      case 'channel.event':
        return emit(type, payload);
      case 'error':
        return emit(
          'error',
          new OiChatError({
            status: 0,
            code: String(frame.code ?? 'error'),
            message: String(frame.message ?? 'The server could not act on a frame.'),
          }),
        );
      default:
        // 'pong' needs nothing; unknown types are ignored so that an older client keeps working with a newer server.
        return;
    }
  }

  #onReady(sock: Socket, frame: Frame): void {
    clearTimeout(sock.handshake);
    sock.ready = true;
    this.#retries = 0;
    this.opts.backoff.reset();
    this.#userId = frame.user_id;
    const rooms = Array.isArray(frame.rooms)
      ? (frame.rooms as { room_id: string; last_seq: number; last_change_seq: number }[])
      : [];
    this.seqs.sync(rooms);
    this.changes.sync(rooms, sock.replayed);
    const resumed = this.#everReady;
    this.#everReady = true;
    this.#armLiveness(sock);
    this.#setState('connected');
    const online = Array.isArray(frame.online_users) ? (frame.online_users as string[]) : [];
    this.opts.emit('ready', {
      user_id: frame.user_id,
      connection_id: frame.connection_id,
      rooms,
      online_users: online,
      resumed,
    });
    this.#settle();
  }

  #onClose(sock: Socket, code: number, reason: string): void {
    this.#drop(sock);
    if (!this.#wanted) return;
    const { tokens } = this.opts;
    switch (code) {
      case CLOSE.tokenRevoked:
        return this.#fail(
          new OiChatError({
            status: 0,
            code: 'token_revoked',
            message: "The backend revoked this user's tokens; the client stopped.",
            closeCode: code,
          }),
          reason,
        );
      case CLOSE.protocolError:
        return this.#fail(
          new OiChatError({
            status: 0,
            code: 'protocol_error',
            message: `The server did not understand a frame: ${reason}`,
            closeCode: code,
          }),
          reason,
        );
      case CLOSE.tooManyConnections:
        // The user opened more sockets (tabs) than the server allows and this was the oldest:
        // reconnecting by itself would only close the next oldest, round and round.
        return this.#fail(
          new OiChatError({
            status: 0,
            code: 'too_many_connections',
            message: `This connection was closed to make room for a newer one of the same user (${reason}); call connect() to take it back.`,
            closeCode: code,
          }),
          reason,
        );
      case CLOSE.unauthorized:
        if (!tokens.hasProvider) {
          return this.#fail(
            new OiChatError({
              status: 0,
              code: 'unauthorized',
              message: `The server rejected the token (${reason}) and no tokenProvider is set.`,
              closeCode: code,
            }),
            reason,
          );
        }
        this.#refresh = { reason: 'unauthorized', rejected: sock.token };
        return this.#retry(code, reason);
      case CLOSE.tokenExpired:
        if (!tokens.hasProvider) {
          return this.#fail(
            new OiChatError({
              status: 0,
              code: 'token_expired',
              message: 'The token expired and no tokenProvider is set.',
              closeCode: code,
            }),
            reason,
          );
        }
        this.#refresh = { reason: 'expired', rejected: sock.token };
        // A healthy connection whose token ran out is the expected case: come back at once.
        // Rejected at the handshake instead (the provider handed out an expired token): back off.
        return this.#retry(code, reason, sock.ready ? 0 : undefined);
      default:
        // 1001 (server shutting down), 4008 (slow consumer), 4029 (rate limited), 1006 (network), 1011, …: resume elsewhere/later, after a backoff.
        return this.#retry(code, reason);
    }
  }

  #retry(code: number | undefined, reason: string | undefined, delayMs?: number): void {
    const delay = delayMs ?? this.opts.backoff.next();
    this.#retries++;
    this.#setState('reconnecting', { code, reason, attempt: this.#retries, delayMs: delay });
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      if (this.#wanted) void this.#open();
    }, delay);
  }

  /** Stops for good: the application must act (new token, fixed client) and call connect() again. */
  #fail(error: OiChatError, reason?: string): void {
    this.#wanted = false;
    this.#generation++;
    clearTimeout(this.#retryTimer);
    this.opts.tokens.stopProactive();
    this.#setState('disconnected', { code: error.closeCode, reason, error });
    this.opts.emit('error', error);
    this.#settle(error);
  }

  /** Abandons a socket that stopped answering, without waiting for a close handshake that may never come. */
  #giveUp(sock: Socket, why: string): void {
    if (this.#socket !== sock) return;
    this.#drop(sock);
    safeClose(sock.ws, CLIENT_GAVE_UP, why);
    if (this.#wanted) this.#retry(CLOSE.abnormal, why);
  }

  /** A ping after `pingIntervalMs` of silence; no frame at all within `pongTimeoutMs` after it means the socket is dead. */
  #armLiveness(sock: Socket): void {
    clearTimeout(sock.liveness);
    sock.liveness = setTimeout(() => {
      if (this.#socket !== sock) return;
      try {
        sock.ws.send(JSON.stringify({ type: 'ping', id: `ping-${++this.#pingId}` }));
      } catch {
        // A socket that cannot send will not answer either: the timer below handles it.
      }
      sock.liveness = setTimeout(() => this.#giveUp(sock, 'no answer to ping'), this.opts.pongTimeoutMs);
    }, this.opts.pingIntervalMs);
  }

  #drop(sock: Socket): void {
    clearTimeout(sock.handshake);
    clearTimeout(sock.liveness);
    if (this.#socket === sock) this.#socket = null;
  }

  #setState(state: ConnectionState, extra: Omit<ConnectionStateEvent, 'state' | 'previous'> = {}): void {
    const previous = this.#state;
    this.#state = state;
    // `reconnecting` is announced again for every attempt, with its number and delay.
    if (previous === state && state !== 'reconnecting') return;
    const event: ConnectionStateEvent = { state, previous };
    for (const [k, v] of Object.entries(extra))
      if (v !== undefined) (event as unknown as Record<string, unknown>)[k] = v;
    this.opts.emit('connection.state', event);
  }

  #settle(error?: OiChatError): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) error ? w.reject(error) : w.resolve();
  }
}

function toError(err: unknown): OiChatError {
  return err instanceof OiChatError
    ? err
    : new OiChatError({
        status: 0,
        code: 'unknown_error',
        message: String((err as Error)?.message ?? err),
        cause: err,
      });
}

function safeClose(ws: WebSocketLike, code: number, reason: string): void {
  try {
    ws.close(code, reason);
  } catch {
    // Already closed, or still connecting in a runtime that refuses close() then: nothing left to do.
  }
}

const decoder = new TextDecoder();

/** Frames are JSON text; runtimes hand text over as strings, but be lenient with binary. */
function textOf(data: unknown): string {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return decoder.decode(data);
  if (ArrayBuffer.isView(data)) return decoder.decode(data);
  return String(data);
}

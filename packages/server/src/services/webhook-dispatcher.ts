/**
 * Delivers the webhook outbox: picks deliveries that are due and first in line for their
 * endpoint and room, signs and POSTs each, records the attempt, and schedules a retry with
 * exponential backoff and jitter until the schedule runs out. A delivery is held (locked) while
 * it is sent, so a second node or a restarted one does not send it twice at once; a crash
 * mid-send lets the hold run out and the delivery is sent again (at least once).
 *
 * Slots are shared fairly (webhook-fair-share.ts): per node, at most `concurrency` deliveries in
 * flight, `perProjectConcurrency` of one project and `perEndpointConcurrency` of one endpoint,
 * handed out to projects and endpoints in turn; one that never answers holds only its share.
 */
import { AsyncResource } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';
import { newId } from '../crypto/ids.js';
import type { SecretBox } from '../crypto/secret-box.js';
import { webhookHeaders } from '../crypto/webhook-signature.js';
import type { Store } from '../store/store.js';
import type { DeliveryPatch, DeliveryRow, EndpointRow } from '../store/webhooks.store.js';
import { isoAt, systemClock, type Clock } from './clock.js';
import { FairShare } from './webhook-fair-share.js';
import { InternalTargetError, resolveWithDns, WebhookTransport, type HostResolver } from './webhook-transport.js';
import { VERSION } from '../version.js';

export interface DispatcherOptions {
  /** Delay before each retry; its length is the number of retries. */
  retryScheduleMs: readonly number[];
  timeoutMs: number;
  /** An endpoint failing without a success for this long is disabled. */
  disableAfterMs: number;
  allowPrivate: boolean;
  /** Deliveries in flight at once on this node… */
  concurrency: number;
  /** …of them at most this many for one project… */
  perProjectConcurrency: number;
  /** …and this many for one endpoint. */
  perEndpointConcurrency: number;
  /** Look for work at least this often (other nodes' events, retries coming due). */
  pollMs: number;
  /** How target host names become addresses (the one resolution each connection makes). */
  resolve: HostResolver;
}

const SECONDS = 1000;
const HOURS = 3600 * SECONDS;

/** 12 retries over about 52 hours: the spec's "at least a day", with room for a long outage. */
export const DEFAULT_RETRY_SCHEDULE_MS = [
  5 * SECONDS,
  30 * SECONDS,
  2 * 60 * SECONDS,
  10 * 60 * SECONDS,
  30 * 60 * SECONDS,
  1 * HOURS,
  2 * HOURS,
  4 * HOURS,
  8 * HOURS,
  12 * HOURS,
  12 * HOURS,
  12 * HOURS,
];

export const DEFAULT_DISPATCHER_OPTIONS: DispatcherOptions = {
  retryScheduleMs: DEFAULT_RETRY_SCHEDULE_MS,
  timeoutMs: 10 * SECONDS,
  disableAfterMs: 5 * 24 * HOURS,
  allowPrivate: false,
  concurrency: 64,
  perProjectConcurrency: 16,
  perEndpointConcurrency: 8,
  pollMs: 1 * SECONDS,
  resolve: resolveWithDns,
};

const RESPONSE_SNIPPET_BYTES = 1024;

function describeFailure(err: unknown, signal: AbortSignal, timeoutMs: number): string {
  if (signal.aborted) return `timed out after ${timeoutMs / 1000} s`;
  if (err instanceof InternalTargetError) return err.message;
  const e = err as NodeJS.ErrnoException;
  return e.code ?? e.message;
}

interface InFlight {
  run: Promise<void>;
  projectId: string;
  endpointId: string;
}

export class WebhookDispatcher {
  readonly #inFlight = new Map<string, InFlight>();
  readonly #share: FairShare;
  readonly #transport: WebhookTransport;
  #timer: NodeJS.Timeout | null = null;
  /** The tick under way, if any: stop() waits for it, since it may be about to launch deliveries. */
  #tickDone: Promise<void> = Promise.resolve();
  #running = false;
  #ticking = false;
  #again = false;

  constructor(
    private readonly store: Store,
    private readonly box: SecretBox,
    private readonly options: DispatcherOptions,
    private readonly onError: (err: unknown) => void = () => {},
    private readonly clock: Clock = systemClock,
  ) {
    this.#share = new FairShare({
      total: options.concurrency,
      perProject: options.perProjectConcurrency,
      perEndpoint: options.perEndpointConcurrency,
    });
    this.#transport = new WebhookTransport({
      allowPrivate: options.allowPrivate,
      resolve: options.resolve,
      snippetBytes: RESPONSE_SNIPPET_BYTES,
    });
  }

  start(): void {
    this.#running = true;
    this.wake();
  }

  /**
   * Stops looking for work and waits for deliveries under way (each bounded by the timeout).
   * Once it resolves nothing more is sent, so the store can be closed.
   */
  async stop(): Promise<void> {
    this.#running = false;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#tickDone;
    await Promise.allSettled([...this.#inFlight.values()].map((f) => f.run));
    this.#transport.close();
  }

  wake(): void {
    if (!this.#running) return;
    if (this.#ticking) {
      this.#again = true;
      return;
    }
    this.#schedule(0);
  }

  // Bound to the context the dispatcher was made in: a timer set while some request's transaction
  // is in scope must not carry that (soon committed) transaction into every later tick.
  readonly #tickInOwnContext = AsyncResource.bind(() => {
    this.#tickDone = this.#tick();
  });

  #schedule(ms: number): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(this.#tickInOwnContext, ms);
    this.#timer.unref();
  }

  async #tick(): Promise<void> {
    if (!this.#running) return;
    this.#ticking = true;
    let sleepMs = this.options.pollMs;
    try {
      // A wake() while this runs (up to the moment the next tick is set) sets #again and loops,
      // so a sleep computed before new work arrived never hides it.
      do {
        this.#again = false;
        while ((await this.#launchDue()) && this.#running);
        if (!this.#running) break; // stopped while looking
        // Every slot busy: a finishing delivery wakes the dispatcher, so poll only for safety.
        sleepMs = this.#inFlight.size >= this.options.concurrency ? this.options.pollMs : await this.#untilDue();
      } while (this.#again && this.#running);
    } catch (err) {
      this.onError(err);
    } finally {
      this.#ticking = false;
    }
    if (this.#running) this.#schedule(sleepMs);
  }

  /**
   * How long until due() can return work: the store counts only what due() would pick (enabled
   * endpoint, first in line, hold run out) and not this node's deliveries in flight (their end
   * wakes the dispatcher); at most pollMs, for other nodes' changes.
   */
  async #untilDue(): Promise<number> {
    const full = this.#share.full(this.#busy());
    const next = await this.store.webhooks
      .nextDueAt({ deliveries: [...this.#inFlight.keys()], ...full })
      .catch(() => null);
    const untilDue = next === null ? Infinity : Math.max(0, Date.parse(next) - this.clock.now());
    return Math.min(this.options.pollMs, untilDue);
  }

  #busy(): { total: number; byProject: Map<string, number>; byEndpoint: Map<string, number> } {
    const byProject = new Map<string, number>();
    const byEndpoint = new Map<string, number>();
    for (const f of this.#inFlight.values()) {
      byProject.set(f.projectId, (byProject.get(f.projectId) ?? 0) + 1);
      byEndpoint.set(f.endpointId, (byEndpoint.get(f.endpointId) ?? 0) + 1);
    }
    return { total: this.#inFlight.size, byProject, byEndpoint };
  }

  /**
   * Starts what is due, as the fair share hands out the free slots. True when a second look may
   * start more: an endpoint had fewer deliveries due than slots given, which others could use.
   */
  async #launchDue(): Promise<boolean> {
    const busy = this.#busy();
    if (busy.total >= this.options.concurrency) return false;
    const now = isoAt(this.clock.now());
    // Deliveries just launched may not hold their lock yet: they are left out by id.
    const mine = [...this.#inFlight.keys()];
    const candidates = await this.store.webhooks.endpointsWithDueWork(now, {
      deliveries: mine,
      ...this.#share.full(busy),
    });
    const shares = this.#share.allocate(candidates, busy);
    if (shares.size === 0 || !this.#running) return false;
    const due = await this.store.webhooks.due(
      now,
      [...shares].map(([endpointId, limit]) => ({ endpointId, limit })),
      mine,
    );
    if (!this.#running) return false;
    for (const delivery of due) this.#launch(delivery);
    const given = [...shares.values()].reduce((a, b) => a + b, 0);
    return due.length > 0 && due.length < given;
  }

  #launch(delivery: DeliveryRow): void {
    this.#share.served(delivery.project_id, delivery.endpoint_id);
    const run = this.#deliver(delivery)
      .catch(this.onError)
      .finally(() => {
        this.#inFlight.delete(delivery.delivery_id);
        this.wake();
      });
    this.#inFlight.set(delivery.delivery_id, { run, projectId: delivery.project_id, endpointId: delivery.endpoint_id });
  }

  async #deliver(delivery: DeliveryRow): Promise<void> {
    const startedAt = this.clock.now();
    const holdUntil = isoAt(startedAt + this.options.timeoutMs + 5 * SECONDS);
    // The hold is also this attempt's token: only while it is still in place does the outcome
    // finish the delivery (a re-send or a sender taking over after it ran out changes it).
    if (!(await this.store.webhooks.lock(delivery, isoAt(startedAt), holdUntil))) return;
    const endpoint = await this.store.webhooks.findEndpointById(delivery.endpoint_id);
    const event = await this.store.events.findById(delivery.event_id);
    if (endpoint?.enabled !== 1 || !event) {
      await this.store.webhooks.release(delivery.delivery_id, holdUntil);
      return;
    }

    const secrets = [this.box.open(endpoint.secret_sealed)];
    if (
      endpoint.previous_secret_sealed &&
      endpoint.previous_secret_expires_at &&
      endpoint.previous_secret_expires_at > isoAt(startedAt)
    ) {
      secrets.push(this.box.open(endpoint.previous_secret_sealed));
    }
    const headers = {
      ...webhookHeaders(secrets, event.event_id, Math.floor(startedAt / 1000), event.payload),
      'content-type': 'application/json',
      'user-agent': `OiChat-Webhooks/${VERSION}`,
    };

    let statusCode: number | null = null;
    let error: string | null = null;
    let responseBody: string | null = null;
    const t0 = performance.now();
    // On the services' clock, not AbortSignal.timeout: the 10 s limit is a promise tests check without waiting 10 s.
    const timeout = new AbortController();
    const cancelTimeout = this.clock.after(this.options.timeoutMs, () =>
      timeout.abort(new DOMException('The operation timed out.', 'TimeoutError')),
    );
    try {
      const res = await this.#transport.post(endpoint.url, headers, event.payload, timeout.signal);
      statusCode = res.status;
      responseBody = res.snippet;
      if (res.status < 200 || res.status >= 300) {
        error = res.status >= 300 && res.status < 400 ? `redirect ${res.status} not followed` : `HTTP ${res.status}`;
      }
    } catch (err) {
      error = describeFailure(err, timeout.signal, this.options.timeoutMs);
    } finally {
      cancelTimeout();
    }
    await this.#record(delivery, holdUntil, endpoint, {
      statusCode,
      error,
      responseBody,
      latencyMs: Math.round(performance.now() - t0),
    });
  }

  async #record(
    delivery: DeliveryRow,
    hold: string,
    endpoint: EndpointRow,
    outcome: { statusCode: number | null; error: string | null; responseBody: string | null; latencyMs: number },
  ): Promise<void> {
    const now = this.clock.now();
    const at = isoAt(now);
    const attempts = delivery.attempts + 1;
    await this.store.transaction(async () => {
      await this.store.webhooks.insertAttempt({
        attempt_id: newId.webhookAttempt(),
        project_id: delivery.project_id,
        endpoint_id: delivery.endpoint_id,
        delivery_id: delivery.delivery_id,
        event_id: delivery.event_id,
        attempted_at: at,
        status_code: outcome.statusCode,
        latency_ms: outcome.latencyMs,
        error: outcome.error,
        response_body: outcome.responseBody,
      });
      // The endpoint's health below counts every attempt; the delivery is finished only by the
      // attempt still holding it. Otherwise it was re-sent meanwhile (and is let go, to be sent
      // again once) or another sender took it over after the hold ran out (and is left to it).
      if (outcome.error === null) {
        await this.#settle(delivery, hold, { status: 'delivered', attempts, last_error: null, finished_at: at });
        if (endpoint.failing_since !== null)
          await this.store.webhooks.updateEndpoint(endpoint.endpoint_id, { failing_since: null });
        return;
      }
      const delay = this.options.retryScheduleMs[attempts - 1];
      await this.#settle(delivery, hold, {
        attempts,
        last_error: outcome.error,
        ...(delay === undefined
          ? { status: 'failed' as const, finished_at: at }
          : { next_attempt_at: isoAt(now + Math.round(delay * (0.8 + 0.4 * Math.random()))) }),
      });
      const failingSince = endpoint.failing_since ?? at;
      if (now - Date.parse(failingSince) >= this.options.disableAfterMs) {
        await this.store.webhooks.updateEndpoint(endpoint.endpoint_id, {
          enabled: 0,
          failing_since: failingSince,
          disabled_reason: `Disabled at ${at}: every delivery failed since ${failingSince}; last error: ${outcome.error}`,
          updated_at: at,
        });
      } else if (endpoint.failing_since === null) {
        await this.store.webhooks.updateEndpoint(endpoint.endpoint_id, { failing_since: at });
      }
    });
  }

  /** Writes the attempt's outcome if it still holds the delivery; otherwise only lets go of its hold. */
  async #settle(delivery: DeliveryRow, hold: string, outcome: DeliveryPatch): Promise<void> {
    if (!(await this.store.webhooks.finishAttempt(delivery, hold, outcome)))
      await this.store.webhooks.release(delivery.delivery_id, hold);
  }
}

// The sending side of a run, and the matching of what arrives: it sends messages open loop (on
// schedule) or closed loop (as fast as deliveries complete), and matches every `message.created`
// frame any client receives to the message it carries, from the index in its content.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Phase } from './measurement.ts';

const CONTENT_MARK = Buffer.from('"content":"fo:');

/**
 * Sends messages, and matches every `message.created` frame any client receives to the message
 * it carries: latency per recipient, and the count of recipients still missing each message.
 */
export class Driver {
  readonly #sentAt: number[] = [];
  readonly #phaseOf: (Phase | undefined)[] = [];
  readonly #remaining: number[] = [];
  /** Messages not yet received by every member. */
  inFlight = 0;
  strays = 0;
  otherFrames = 0;
  #wake: (() => void) | null = null;
  /** Messages go to the rooms in turn, across phases and rounds. */
  #nextRoom = 0;

  readonly send: (room: number, content: string) => Promise<unknown>;
  readonly membersOf: (room: number) => number;
  readonly rooms: number;

  constructor(
    send: (room: number, content: string) => Promise<unknown>,
    membersOf: (room: number) => number,
    rooms: number,
  ) {
    this.send = send;
    this.membersOf = membersOf;
    this.rooms = rooms;
  }

  /** Called by a client for each frame after `ready`; must stay cheap (a million per phase). */
  readonly onFrame = (data: Buffer): void => {
    const now = performance.now();
    const at = data.indexOf(CONTENT_MARK);
    if (at < 0) {
      this.otherFrames++; // presence, participant.added…: counted, not measured
      return;
    }
    let index = 0;
    for (let i = at + CONTENT_MARK.length; i < data.length; i++) {
      const c = data[i]!;
      if (c < 48 || c > 57) break;
      index = index * 10 + (c - 48);
    }
    const phase = this.#phaseOf[index];
    if (!phase) {
      this.strays++;
      return;
    }
    const left = --this.#remaining[index]!;
    if (left < 0) {
      phase.duplicates++;
      return;
    }
    phase.latency.push(now - this.#sentAt[index]!);
    phase.delivered++;
    phase.lastDelivery = now;
    if (left === 0) this.#done();
  };

  #done(): void {
    this.inFlight--;
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }

  async #fire(phase: Phase, room: number): Promise<void> {
    const index = this.#sentAt.length;
    const members = this.membersOf(room);
    this.#phaseOf[index] = phase;
    this.#remaining[index] = members;
    phase.expected += members;
    this.inFlight++;
    const t = performance.now();
    this.#sentAt[index] = t;
    phase.sent++;
    try {
      await this.send(room, `fo:${index}:${(performance.timeOrigin + t).toFixed(3)}`);
      phase.sendTime.push(performance.now() - t);
    } catch (err) {
      // Unreachable or too slow to answer (an overloaded server) is a result; anything else
      // (an API error) means the bench is broken.
      const e = err as Error & { cause?: unknown };
      if (e.name === 'OiChatNetworkError' || (e.name === 'TypeError' && e.message === 'fetch failed'))
        phase.overloadErrors++;
      else phase.sendErrors++;
      phase.firstError ??= `${e.name}: ${e.message}${e.cause ? ` (${String(e.cause)})` : ''}`;
      // Whatever was not delivered yet is not expected any more; later arrivals count as strays.
      const left = this.#remaining[index]!;
      this.#phaseOf[index] = undefined;
      this.#remaining[index] = 0;
      if (left > 0) {
        phase.expected -= left;
        this.#done();
      }
    }
  }

  /** Open loop: `rate` messages per second on schedule, whatever the server's pace. */
  async paced(phase: Phase, rate: number, seconds: number): Promise<void> {
    const total = Math.round(rate * seconds);
    const start = performance.now();
    const sends: Promise<void>[] = [];
    for (let k = 0; k < total; k++) {
      const due = start + (k * 1000) / rate;
      let now = performance.now();
      if (due - now > 1) {
        await sleep(due - now);
        now = performance.now();
      }
      phase.maxSendLag = Math.max(phase.maxSendLag, now - due);
      sends.push(this.#fire(phase, this.#nextRoom++ % this.rooms));
    }
    await Promise.all(sends);
    await this.#drain(phase);
    phase.active += phase.lastDelivery - start;
  }

  /** Closed loop: as fast as deliveries complete, with at most `window` messages under way. */
  async max(phase: Phase, window: number, seconds: number): Promise<void> {
    const start = performance.now();
    const end = start + seconds * 1000;
    const sends: Promise<void>[] = [];
    while (performance.now() < end) {
      if (this.inFlight >= window) {
        const progressed = await Promise.race([
          new Promise<boolean>((resolve) => (this.#wake = () => resolve(true))),
          sleep(10_000, false),
        ]);
        if (!progressed) break; // deliveries stalled; #drain reports what is missing
        continue;
      }
      sends.push(this.#fire(phase, this.#nextRoom++ % this.rooms));
    }
    await Promise.all(sends);
    await this.#drain(phase);
    phase.active += phase.lastDelivery - start;
  }

  /** Waits until every expected delivery arrived, or nothing arrived for 10 s (what is missing is reported). */
  async #drain(phase: Phase): Promise<void> {
    let seen = -1;
    let idleSince = performance.now();
    while (phase.delivered < phase.expected) {
      if (phase.delivered !== seen) {
        seen = phase.delivered;
        idleSince = performance.now();
      } else if (performance.now() - idleSince > 10_000) break;
      await sleep(20);
    }
  }
}

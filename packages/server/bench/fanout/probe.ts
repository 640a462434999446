// Loaded into the OiChat server process by the fan-out bench (`node --import <this file> … serve`):
// it subscribes to the hub's fan-out timing channel (src/realtime/hub.ts, `fanoutTiming`) and
// keeps, for each bench message (content `fo:<index>:<epoch ms>`), when the hub got its signal
// (after its commit), when it began writing to the room's sockets and when the last write was
// handed to its socket; and the event loop's delay over the same time. The bench takes what it
// collected through the inspector (`globalThis.__oichatFanoutProbe.take()`).
//
// Times are epoch milliseconds (performance.timeOrigin + performance.now()), as the bench's
// processes write theirs, so the three processes' times can be subtracted (the same clock on one
// machine, to a few microseconds).
import { subscribe } from 'node:diagnostics_channel';
import { monitorEventLoopDelay } from 'node:perf_hooks';

interface Timing {
  signal: { kind: string; event?: { type: string; data: { message?: { content?: string } } } };
  received: number;
  writing: number;
  written: number;
  recipients: number;
}

const MARK = /^fo:(\d+):/;
/** Flat: index, received, writing, written, recipients, for each message. */
let records: number[] = [];
const origin = performance.timeOrigin;

subscribe('oichat:realtime:fanout', (value) => {
  const t = value as Timing;
  if (t.signal.kind !== 'event' || t.signal.event?.type !== 'message.created') return;
  const match = MARK.exec(t.signal.event.data.message?.content ?? '');
  if (!match) return;
  records.push(Number(match[1]), origin + t.received, origin + t.writing, origin + t.written, t.recipients);
});

const loop = monitorEventLoopDelay({ resolution: 1 });
loop.enable();

(globalThis as Record<string, unknown>).__oichatFanoutProbe = {
  /** What was collected since the last take (JSON text), and a fresh start. */
  take(): string {
    const out = {
      records,
      loopDelay: {
        p50: loop.percentile(50) / 1e6,
        p99: loop.percentile(99) / 1e6,
        max: loop.max / 1e6,
      },
    };
    records = [];
    loop.reset();
    return JSON.stringify(out);
  },
};

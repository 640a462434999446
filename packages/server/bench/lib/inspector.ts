// A child process's inspector (Chrome DevTools protocol), driven from the bench: its memory right
// after a forced garbage collection, and CPU profiles summarised by area and by function.
import { setTimeout as sleep } from 'node:timers/promises';
import { WebSocket } from 'ws';
import { rssBytes } from './proc-stats.ts';

/** A Chrome DevTools protocol session on a child's inspector: forced GC, heap size, CPU profiles. */
class Inspector {
  #id = 0;
  readonly #pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();

  readonly ws: WebSocket;

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on('message', (data) => {
      const reply = JSON.parse(String(data)) as { id?: number; result?: unknown; error?: { message: string } };
      const pending = reply.id === undefined ? undefined : this.#pending.get(reply.id);
      if (!pending) return;
      this.#pending.delete(reply.id!);
      if (reply.error) pending.reject(new Error(reply.error.message));
      else pending.resolve(reply.result);
    });
  }

  static async open(url: string): Promise<Inspector> {
    const ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: 1024 * 1024 * 1024 });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    return new Inspector(ws);
  }

  call<T = any>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = ++this.#id;
    this.ws.send(JSON.stringify({ id, method, params }));
    return new Promise((resolve, reject) => this.#pending.set(id, { resolve, reject }));
  }

  async close(): Promise<void> {
    const closed = new Promise((resolve) => this.ws.once('close', resolve));
    this.ws.close();
    await closed;
  }
}

export interface MemorySnapshot {
  rss: number;
  /** V8 heap in use. */
  heapUsed: number | null;
  /** Memory behind ArrayBuffers and Buffers (outside the V8 heap, inside RSS). */
  buffers: number | null;
}

/** The server's RSS, and its V8 heap in use, both right after a full garbage collection. */
export async function memory(server: { pid: number; inspectorUrl: string | null }): Promise<MemorySnapshot> {
  if (!server.inspectorUrl) return { rss: rssBytes(server.pid), heapUsed: null, buffers: null };
  const inspector = await Inspector.open(server.inspectorUrl);
  try {
    await inspector.call('HeapProfiler.collectGarbage');
    await inspector.call('HeapProfiler.collectGarbage');
    const heap = await inspector.call<{ usedSize: number; backingStorageSize?: number }>('Runtime.getHeapUsage');
    await sleep(200);
    return { rss: rssBytes(server.pid), heapUsed: heap.usedSize, buffers: heap.backingStorageSize ?? null };
  } finally {
    await inspector.close();
  }
}

/** Evaluates `expression` in the child's main context; returns its value (a string, a number…). */
export async function evaluate<T>(server: { inspectorUrl: string | null }, expression: string): Promise<T> {
  const inspector = await Inspector.open(server.inspectorUrl!);
  try {
    const { result, exceptionDetails } = await inspector.call<{
      result: { value?: T };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    }>('Runtime.evaluate', { expression, returnByValue: true });
    if (exceptionDetails)
      throw new Error(`${expression}: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
    return result.value as T;
  } finally {
    await inspector.close();
  }
}

export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    hitCount?: number;
    children?: number[];
  }[];
  samples?: number[];
  startTime: number;
  endTime: number;
}

/** Starts a CPU profile of the child; the returned function stops it and returns the profile. */
export async function startProfile(server: { inspectorUrl: string | null }): Promise<() => Promise<CpuProfile>> {
  const inspector = await Inspector.open(server.inspectorUrl!);
  await inspector.call('Profiler.enable');
  await inspector.call('Profiler.setSamplingInterval', { interval: 500 });
  await inspector.call('Profiler.start');
  return async () => {
    const { profile } = await inspector.call<{ profile: CpuProfile }>('Profiler.stop');
    await inspector.close();
    return profile;
  };
}

/**
 * Self time by area (package) and by function, the hottest first, over several profiles. Native
 * frames without a script (a C++ binding such as better-sqlite3's statement step or a socket
 * write) are named after the JavaScript function that called them.
 */
export function profileSummary(profiles: CpuProfile[], top = 15): string[] {
  const self = new Map<string, number>();
  const byArea = new Map<string, number>();
  let total = 0;
  let idle = 0;
  const where = (url: string, line: number) =>
    url
      ? `${url
          .replace(/^file:\/\//, '')
          .replace(/^.*\/node_modules\//, '')
          .replace(/^.*\/packages\/server\//, '')}:${line + 1}`
      : '';
  const areaOf = (url: string) =>
    url.startsWith('node:')
      ? 'node core'
      : (/node_modules\/(@[^/]+\/[^/]+|[^/]+)/.exec(url)?.[1] ??
        (url.includes('/packages/server/') ? 'oichat server' : url));
  for (const profile of profiles) {
    const parent = new Map<number, number>();
    for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    for (const node of profile.nodes) {
      const hits = node.hitCount ?? 0;
      if (!hits) continue;
      if (node.callFrame.functionName === '(idle)') {
        idle += hits;
        continue;
      }
      total += hits;
      const { functionName, url, lineNumber } = node.callFrame;
      let label: string;
      let area: string;
      if (url) {
        label = `${functionName || '(anonymous)'}  ${where(url, lineNumber)}`;
        area = areaOf(url);
      } else if (/^\((program|idle|garbage collector|root)\)$/.test(functionName)) {
        label = area = functionName;
      } else {
        const caller = byId.get(parent.get(node.id) ?? -1)?.callFrame;
        label = `${functionName || 'native code'} (native) called by ${caller ? `${caller.functionName || '(anonymous)'}  ${where(caller.url, caller.lineNumber)}` : '?'}`;
        area = caller?.url ? `${areaOf(caller.url)} (native)` : '(native)';
      }
      self.set(label, (self.get(label) ?? 0) + hits);
      byArea.set(area, (byArea.get(area) ?? 0) + hits);
    }
  }
  const pct = (n: number) => `${((n / (total || 1)) * 100).toFixed(1).padStart(5)} %`;
  const lines = [`  OiChat server self time by area (% of ${total} busy samples; ${idle} more found it idle):`];
  for (const [area, hits] of [...byArea].sort((x, y) => y[1] - x[1]).slice(0, 12))
    lines.push(`    ${pct(hits)}  ${area}`);
  lines.push('  hottest functions (self time):');
  for (const [label, hits] of [...self].sort((x, y) => y[1] - x[1]).slice(0, top))
    lines.push(`    ${pct(hits)}  ${label}`);
  return lines;
}

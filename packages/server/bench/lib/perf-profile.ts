// CPU time of a child process by what it was spent on, from Linux `perf` (cpu-clock: samples only
// while the process is on a CPU). The V8 profiler samples wall time instead: on a loaded machine a
// thread preempted in a system call (a socket write waking the client, a WAL write) is charged to
// that call for as long as it waits, which overstates native frames. Servers started with
// `--perf-basic-prof-only-functions` write /tmp/perf-<pid>.map, so their JIT-compiled JavaScript
// is named with its file.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { track } from './processes.ts';

export const PERF = process.env.PERF_BIN ?? 'perf';
/**
 * Node options a profiled server starts with: JIT code named in /tmp/perf-<pid>.map, interpreted
 * functions given frames of their own, and code not moved by the GC (a moved function's old
 * address would be named after whatever the map said was there, a run of the fan-out bench
 * charged ws's socket writes to find-my-way).
 */
export const PERF_NODE_ARGS = [
  '--perf-basic-prof-only-functions',
  '--interpreted-frames-native-stack',
  '--no-compact-code-space',
];

/** Starts `perf record` on `pid`; the returned function stops it (the samples are in `file`). */
export function startPerf(pid: number, file: string): () => Promise<void> {
  const proc: ChildProcess = track(
    spawn(PERF, ['record', '-q', '-g', '-e', 'cpu-clock', '-F', '1999', '-p', String(pid), '-o', file], {
      stdio: ['ignore', 'ignore', 'inherit'],
    }),
  );
  return async () => {
    if (proc.exitCode !== null) throw new Error(`perf record exited early (${proc.exitCode}): is perf usable here?`);
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGINT');
    await exited;
  };
}

/** The area a sampled symbol (from `perf report --sort dso,sym`) belongs to. */
function areaOf(dso: string, sym: string): string {
  if (dso.includes('kernel') || (dso === '[unknown]' && sym === '[unknown]'))
    return 'kernel (system calls: sockets, files)';
  if (dso.includes('better_sqlite3') || dso.endsWith('/linux-x64.node')) return 'SQLite (better-sqlite3)';
  if (dso.includes('libc') || dso.includes('libstdc') || dso.includes('libm')) return 'libc (malloc, memcpy…)';
  if (sym.startsWith('JS:') || dso.startsWith('[JIT]') || /perf-\d+\.map$/.test(dso)) {
    if (/node_modules\/kysely\//.test(sym)) return 'JS: Kysely';
    if (
      /node_modules\/(fastify|@fastify|find-my-way|avvio|light-my-request|fast-json-stringify|fast-querystring|secure-json-parse|fast-uri|abstract-logging|process-warning|toad-cache|rfdc)\b/.test(
        sym,
      )
    )
      return 'JS: Fastify';
    if (/node_modules\/(pino|sonic-boom|thread-stream)/.test(sym)) return 'JS: logging (pino)';
    if (/node_modules\/(ajv|@sinclair)/.test(sym)) return 'JS: validation (ajv, typebox)';
    if (/node_modules\/jose\//.test(sym)) return 'JS: jose';
    if (/node_modules\/better-sqlite3\//.test(sym)) return 'JS: better-sqlite3 wrapper';
    if (/packages\/server\/dist\//.test(sym)) return 'JS: OiChat server code';
    if (
      /node:(internal\/)?(http|_http|net|stream|streams|dns|url|querystring|buffer|events)/.test(sym) ||
      /_http_/.test(sym)
    )
      return 'JS: Node HTTP, net, streams';
    if (/node:/.test(sym)) return 'JS: other Node core';
    if (/node_modules\//.test(sym)) return `JS: ${/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(sym)?.[1]}`;
    if (/bench\//.test(sym)) return 'JS: the bench baseline';
    return 'JS: other (builtins, anonymous)';
  }
  if (/llhttp|http_parser|node::http/.test(sym)) return 'Node HTTP parser (llhttp)';
  if (/Heap|Scavenge|MarkCompact|Sweep|Marking|Evacuat|GC|Mark|Minor|Concurrent|Barrier|Remembered|Slot/.test(sym))
    return 'V8 garbage collector';
  if (/compiler|Compile|Turbofan|Maglev|Sparkplug|Baseline|Parser|Scanner|AstNode|Bytecode(Generator|Array)/.test(sym))
    return 'V8 compiler and parser';
  if (/^Builtins_|Interpreter|BytecodeHandler|Runtime_|IC|Stub/.test(sym)) return 'V8 builtins and runtime';
  if (/^(uv_|uv__)/.test(sym)) return 'libuv';
  if (/EVP_|SHA|sha256|sha1|HMAC|hmac|aes|AES|gcm|GCM|ossl|OPENSSL|CRYPTO_|BN_|RAND_|ChaCha|crypto/.test(sym))
    return 'crypto (OpenSSL: HMAC, AES-GCM, random)';
  if (/node::|v8::|napi_/.test(sym)) return 'Node and V8 native (bindings, handles)';
  return `other native (${dso})`;
}

/** Areas a sample is charged to when one of its frames is in them: the work of a library or of ours. */
const OWNERS = /^(JS: |SQLite|crypto|Node HTTP parser)/;
/** Areas that are nobody's own work: what they cost goes to the nearest owning caller. */
const GENERIC = /^(kernel|V8 builtins|Node and V8 native|libc|libuv|other native)/;

export interface PerfSummary {
  samples: number;
  /** Share of the samples per area, largest first: [area, share, share of it in the kernel]. */
  areas: [string, number, number][];
  /** Leaf symbols, most sampled first. */
  symbols: [string, number][];
  /** The frames samples were charged to, most charged first, with their area. */
  owners: [string, string, number][];
}

/**
 * Each sample is charged to the nearest frame of its call chain that is some area's own work
 * (a library's JavaScript, ours, SQLite, crypto, the HTTP parser): the V8 builtins, native
 * bindings, allocations and system calls a piece of JavaScript causes count as its cost. Garbage
 * collection and compilation stay in their own areas (they serve everyone), as do samples with no
 * owning frame (the event loop's polling, background threads).
 */
export function perfSummary(file: string, top = 20): PerfSummary {
  const out = spawnSync(PERF, ['script', '-i', file, '-F', 'ip,sym,dso'], {
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
  });
  if (out.status !== 0) throw new Error(`perf script failed: ${out.stderr}`);
  const areas = new Map<string, { n: number; kernel: number }>();
  const leaves = new Map<string, number>();
  const owners = new Map<string, number>();
  let samples = 0;
  const frames: { dso: string; sym: string }[] = [];
  const flush = () => {
    if (frames.length === 0) return;
    samples++;
    const leaf = frames[0]!;
    const leafArea = areaOf(leaf.dso, leaf.sym);
    let area = leafArea;
    let owner = leaf.sym;
    if (GENERIC.test(leafArea)) {
      for (const f of frames.slice(1)) {
        const a = areaOf(f.dso, f.sym);
        if (OWNERS.test(a) || /^V8 (garbage|compiler)/.test(a)) {
          area = a;
          owner = f.sym;
          break;
        }
      }
    }
    const ownerKey = `${area}\u0000${shorten(owner)}`;
    owners.set(ownerKey, (owners.get(ownerKey) ?? 0) + 1);
    const entry = areas.get(area) ?? { n: 0, kernel: 0 };
    entry.n++;
    if (leafArea.startsWith('kernel')) entry.kernel++;
    areas.set(area, entry);
    const name = shorten(leaf.sym);
    leaves.set(name, (leaves.get(name) ?? 0) + 1);
    frames.length = 0;
  };
  for (const line of out.stdout.split('\n')) {
    const m = /^\s+[0-9a-f]+\s+(.*)\s+\((.*)\)$/.exec(line);
    if (m) frames.push({ sym: m[1]!.replace(/\+0x[0-9a-f]+$/, ''), dso: m[2]! });
    else flush();
  }
  flush();
  rmSync(file, { force: true });
  return {
    samples,
    areas: [...areas]
      .map(([area, { n, kernel }]): [string, number, number] => [area, n / samples, kernel / samples])
      .sort((a, b) => b[1] - a[1]),
    symbols: [...leaves]
      .map(([sym, n]): [string, number] => [sym, n / samples])
      .sort((a, b) => b[1] - a[1])
      .slice(0, top),
    owners: [...owners]
      .map(([key, n]): [string, string, number] => {
        const [area, sym] = key.split('\u0000') as [string, string];
        return [area, sym, n / samples];
      })
      .sort((a, b) => b[2] - a[2]),
  };
}

const shorten = (sym: string) =>
  sym.replace(/file:\/\/\S*\/node_modules\//, '').replace(/file:\/\/\S*\/packages\/server\//, '');

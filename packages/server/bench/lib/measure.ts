// Helpers shared by the benchmarks: settings from the environment, percentiles over many
// samples, a bounded pool of concurrent async tasks, and how figures are printed.
import { availableParallelism, loadavg } from 'node:os';

/** A positive number from the environment variable `name`, else `fallback`. */
export function envNumber(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
}

/** A growable array of doubles with percentiles. */
export class Samples {
  #data = new Float64Array(1024);
  n = 0;
  #sorted = false;

  push(value: number): void {
    if (this.n === this.#data.length) {
      const bigger = new Float64Array(this.#data.length * 2);
      bigger.set(this.#data);
      this.#data = bigger;
    }
    this.#data[this.n++] = value;
    this.#sorted = false;
  }

  /** Nearest-rank percentile, p in [0, 1]. */
  percentile(p: number): number {
    if (this.n === 0) return NaN;
    if (!this.#sorted) {
      this.#data.subarray(0, this.n).sort();
      this.#sorted = true;
    }
    return this.#data[Math.min(this.n - 1, Math.max(0, Math.ceil(p * this.n) - 1))]!;
  }
}

/** Runs fn over items with at most `concurrency` calls at once; results in input order. */
export async function pool<T, R>(
  items: T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i]!, i);
      }
    }),
  );
  return results;
}

/** The machine a run measured, for the first line of its report. */
export function machineSummary(): string {
  return `node ${process.version}, ${availableParallelism()} CPUs, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;
}

export const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(v < 10 ? 2 : 1)} ms` : '-');
export const int = (v: number) => Math.round(v).toLocaleString('en-US');
export const ratio = (a: number, b: number) => (b > 0 && Number.isFinite(a / b) ? `${(a / b).toFixed(2)}×` : '-');
export const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

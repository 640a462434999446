/**
 * The arithmetic of a virtualized list, without a DOM: where each row starts given the sizes
 * measured so far (estimates for the others), which rows a viewport needs, and which row a
 * scroll position falls on. Tested on its own; the React hook only feeds it measurements.
 */

export interface Layout {
  /** starts[i] is where row i begins; starts[n] is the total height. */
  starts: Float64Array;
  total: number;
}

export function layout(
  keys: readonly string[],
  sizes: ReadonlyMap<string, number>,
  estimate: (i: number) => number,
): Layout {
  const starts = new Float64Array(keys.length + 1);
  let y = 0;
  for (let i = 0; i < keys.length; i++) {
    starts[i] = y;
    y += sizes.get(keys[i]!) ?? estimate(i);
  }
  starts[keys.length] = y;
  return { starts, total: y };
}

/** The row at a vertical position (the last row whose start is at or above it). */
export function rowAt(l: Layout, y: number): number {
  const n = l.starts.length - 1;
  if (n <= 0) return -1;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (l.starts[mid]! <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Rows overlapping [top - overscan, top + height + overscan], as an inclusive index range. */
export function visibleRange(l: Layout, top: number, height: number, overscan: number): [number, number] {
  const n = l.starts.length - 1;
  if (n <= 0) return [0, -1];
  return [Math.max(0, rowAt(l, top - overscan)), Math.min(n - 1, rowAt(l, top + height + overscan))];
}

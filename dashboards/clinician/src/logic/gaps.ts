/**
 * Gaps in a series must show as gaps, never as a line drawn across missing data (style.md,
 * uPlot notes). uPlot breaks a line at a null, so a null row is inserted between two points that
 * are further apart than `factor` times the expected interval.
 */
export const GAP_FACTOR = 3;

/** The typical spacing of a series: the median of its positive steps; undefined with fewer than two points. */
export function estimateInterval(ts: readonly number[]): number | undefined {
  const steps: number[] = [];
  for (let i = 1; i < ts.length; i++) {
    const step = ts[i]! - ts[i - 1]!;
    if (step > 0) steps.push(step);
  }
  if (steps.length === 0) return undefined;
  steps.sort((a, b) => a - b);
  const mid = Math.floor(steps.length / 2);
  return steps.length % 2 === 1 ? steps[mid]! : (steps[mid - 1]! + steps[mid]!) / 2;
}

/**
 * Column arrays (x, then one or more y series) with a null row inserted in every gap longer than
 * `factor * expected`. With no expected interval given, the series' own median step is used.
 */
export function insertGaps(
  xs: readonly number[],
  ys: ReadonlyArray<ReadonlyArray<number | null>>,
  expected?: number,
  factor = GAP_FACTOR,
): [number[], ...(number | null)[][]] {
  const interval = expected ?? estimateInterval(xs);
  const outX: number[] = [];
  const outY: (number | null)[][] = ys.map(() => []);
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    if (i > 0 && interval !== undefined && x - xs[i - 1]! > factor * interval) {
      outX.push((xs[i - 1]! + x) / 2);
      for (const col of outY) col.push(null);
    }
    outX.push(x);
    ys.forEach((series, s) => outY[s]!.push(series[i] ?? null));
  }
  return [outX, ...outY];
}

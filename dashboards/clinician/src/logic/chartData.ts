import type { Metric, VitalBucket, VitalPoint } from '../api/types';
import { estimateInterval, insertGaps } from './gaps';
import { toMillis } from './time';

/** Threshold lines on the trend charts (clinical-rules §2 defaults: SpO2 < 93 %, temperature > 38.5 °C). */
export const THRESHOLDS: Partial<Record<Metric, number>> = { spo2: 93, temp: 38.5 };

export type TrendRange = '24h' | '7d';

/** The aggregation asked for each range: raw for 24 h (1-min buckets if the hub says it is too many), 15 min for 7 d. */
export const RANGE_EVERY: Record<TrendRange, string | undefined> = { '24h': undefined, '7d': '15m' };
export const FALLBACK_EVERY_24H = '1m';

export function everySeconds(every: string): number | undefined {
  const m = /^(\d+)([smhd])$/.exec(every);
  if (!m) return undefined;
  return Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[m[2] as 's' | 'm' | 'h' | 'd'];
}

/** Raw readings → uPlot columns (x in seconds), a null in every gap over 3x the median spacing. */
export function rawColumns(points: readonly VitalPoint[]): [number[], (number | null)[]] {
  const sorted = points
    .map((p) => ({ x: toMillis(p.t) / 1000, y: p.value }))
    .filter((p) => Number.isFinite(p.x))
    .sort((a, b) => a.x - b.x);
  const xs = sorted.map((p) => p.x);
  const [gx, gy] = insertGaps(
    xs,
    [sorted.map((p) => (Number.isFinite(p.y) ? p.y : null))],
    estimateInterval(xs),
  );
  return [gx, gy ?? []];
}

/**
 * Buckets → columns x, mean, min, max. Empty buckets are null already (the hub fills with null);
 * missing buckets (a gap longer than 3 buckets) get a null row too.
 */
export function bucketColumns(
  buckets: readonly VitalBucket[],
  bucketSeconds: number | undefined,
): [number[], (number | null)[], (number | null)[], (number | null)[]] {
  const sorted = buckets
    .map((b) => ({ x: toMillis(b.t) / 1000, b }))
    .filter((p) => Number.isFinite(p.x))
    .sort((a, b) => a.x - b.x);
  const xs = sorted.map((p) => p.x);
  const [gx, mean, min, max] = insertGaps(
    xs,
    [sorted.map((p) => p.b.mean), sorted.map((p) => p.b.min), sorted.map((p) => p.b.max)],
    bucketSeconds ?? estimateInterval(xs),
  );
  return [gx, mean ?? [], min ?? [], max ?? []];
}

export function hasValues(columns: readonly (readonly (number | null)[])[]): boolean {
  return columns.slice(1).some((col) => col.some((v) => v !== null));
}

/** Y range that always shows the threshold line and the data. */
export function yRange(metric: Metric, values: readonly (number | null)[]): [number, number] | undefined {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v === null) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const threshold = THRESHOLDS[metric];
  if (metric === 'spo2') return [Math.floor(Math.min(lo, 88) - 1), 100];
  if (metric === 'temp') return [Math.floor(Math.min(lo, 35.5)), Math.ceil(Math.max(hi, (threshold ?? 38.5) + 1))];
  if (!Number.isFinite(lo)) return undefined;
  const pad = Math.max(2, (hi - lo) * 0.1);
  return [Math.floor(lo - pad), Math.ceil(hi + pad)];
}

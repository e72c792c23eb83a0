import type { VitalsSample } from '../api/types';
import { insertGaps } from './gaps';
import { MINUTE, toMillis } from './time';

export const LIVE_METRICS = ['spo2', 'pr', 'temp', 'rr', 'bat'] as const;
export type LiveMetric = (typeof LIVE_METRICS)[number];

/** Sparkline window of the wall tiles. */
export const LIVE_WINDOW_MS = 10 * MINUTE;
/** clinical-rules §2 "device silent": no reading for 15 min (the hub's default). */
export const STALE_AFTER_MS = 15 * MINUTE;

export interface LiveReading {
  t: number;
  v: number;
}

/** One patient's live readings: the last window, and the newest value of each metric whatever its age. */
export interface PatientLive {
  /** Sorted by t, at most one row per t. */
  rows: { t: number; values: Partial<Record<LiveMetric, number>> }[];
  latest: Partial<Record<LiveMetric, LiveReading>>;
}

export function emptyLive(): PatientLive {
  return { rows: [], latest: {} };
}

/**
 * Adds one `vitals` event (live or from a snapshot; duplicates are merged by time) and drops
 * rows older than the window. Mutates and returns `live` (called at 1 Hz per device).
 */
export function addSample(live: PatientLive, sample: VitalsSample, now: number, windowMs = LIVE_WINDOW_MS): PatientLive {
  const t = toMillis(sample.t);
  if (Number.isNaN(t)) return live;
  const values: Partial<Record<LiveMetric, number>> = {};
  let any = false;
  for (const m of LIVE_METRICS) {
    const v = sample[m];
    if (typeof v === 'number' && Number.isFinite(v)) {
      values[m] = v;
      any = true;
      const prev = live.latest[m];
      if (!prev || t >= prev.t) live.latest[m] = { t, v };
    }
  }
  if (!any) return live;

  const rows = live.rows;
  // Usually the newest: append; a backlog upload or a snapshot may arrive out of order.
  let i = rows.length;
  while (i > 0 && rows[i - 1]!.t > t) i--;
  if (i > 0 && rows[i - 1]!.t === t) Object.assign(rows[i - 1]!.values, values);
  else rows.splice(i, 0, { t, values });

  trim(live, now, windowMs);
  return live;
}

export function trim(live: PatientLive, now: number, windowMs = LIVE_WINDOW_MS): void {
  const from = now - windowMs;
  let drop = 0;
  while (drop < live.rows.length && live.rows[drop]!.t < from) drop++;
  if (drop > 0) live.rows.splice(0, drop);
}

/** Time of the newest reading of any metric. */
export function lastSeen(live: PatientLive | undefined): number | undefined {
  if (!live) return undefined;
  let max: number | undefined;
  for (const m of LIVE_METRICS) {
    const r = live.latest[m];
    if (r && (max === undefined || r.t > max)) max = r.t;
  }
  return max;
}

export type Freshness = 'fresh' | 'stale' | 'none';

export function freshness(last: number | undefined, now: number, staleAfterMs = STALE_AFTER_MS): Freshness {
  if (last === undefined) return 'none';
  return now - last > staleAfterMs ? 'stale' : 'fresh';
}

/**
 * uPlot columns (x in UNIX seconds) of one metric over the window, with nulls in gaps longer
 * than 3x the series' own spacing.
 */
export function sparklineColumns(
  live: PatientLive | undefined,
  metric: LiveMetric,
  now: number,
  windowMs = LIVE_WINDOW_MS,
): [number[], (number | null)[]] {
  const xs: number[] = [];
  const ys: (number | null)[] = [];
  if (live) {
    for (const row of live.rows) {
      const v = row.values[metric];
      if (row.t >= now - windowMs && v !== undefined) {
        xs.push(row.t / 1000);
        ys.push(v);
      }
    }
  }
  const [gx, gy] = insertGaps(xs, [ys]);
  return [gx, gy ?? []];
}

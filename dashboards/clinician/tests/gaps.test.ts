import { describe, expect, it } from 'vitest';
import { bucketColumns, everySeconds, hasValues, rawColumns, yRange } from '../src/logic/chartData';
import { estimateInterval, insertGaps } from '../src/logic/gaps';

describe('estimateInterval', () => {
  it('is the median step, robust to one long gap', () => {
    expect(estimateInterval([0, 1, 2, 3, 100, 101])).toBe(1);
  });

  it('is undefined for fewer than two points', () => {
    expect(estimateInterval([])).toBeUndefined();
    expect(estimateInterval([5])).toBeUndefined();
  });

  it('averages the two middle steps for an even count', () => {
    expect(estimateInterval([0, 1, 3])).toBe(1.5);
  });
});

describe('insertGaps', () => {
  it('leaves a regular series alone', () => {
    expect(insertGaps([0, 60, 120], [[95, 96, 97]], 60)).toEqual([[0, 60, 120], [95, 96, 97]]);
  });

  it('inserts a null where points are more than 3x the interval apart', () => {
    expect(insertGaps([0, 60, 600, 660], [[95, 96, 90, 91]], 60)).toEqual([
      [0, 60, 330, 600, 660],
      [95, 96, null, 90, 91],
    ]);
  });

  it('does not break at exactly 3x the interval', () => {
    expect(insertGaps([0, 180], [[1, 2]], 60)).toEqual([[0, 180], [1, 2]]);
  });

  it('breaks every series at the same place', () => {
    const [x, a, b] = insertGaps([0, 1, 10], [[1, 2, 3], [4, 5, 6]], 1);
    expect(x).toEqual([0, 1, 5.5, 10]);
    expect(a).toEqual([1, 2, null, 3]);
    expect(b).toEqual([4, 5, null, 6]);
  });

  it('uses the median spacing when no interval is given', () => {
    const [x] = insertGaps([0, 1, 2, 3, 4, 20], [[1, 1, 1, 1, 1, 1]]);
    expect(x).toEqual([0, 1, 2, 3, 4, 12, 20]);
  });

  it('handles empty input', () => {
    expect(insertGaps([], [[]], 60)).toEqual([[], []]);
  });
});

describe('trend chart data', () => {
  it('turns raw points into seconds, sorted, with gaps', () => {
    const [x, y] = rawColumns([
      { t: '2026-11-22T08:00:02Z', value: 96 },
      { t: '2026-11-22T08:00:00Z', value: 95 },
      { t: '2026-11-22T08:00:01Z', value: 95.5 },
      { t: '2026-11-22T08:10:00Z', value: 92 },
    ]);
    const t0 = Date.parse('2026-11-22T08:00:00Z') / 1000;
    expect(x.slice(0, 3)).toEqual([t0, t0 + 1, t0 + 2]);
    expect(y).toEqual([95, 95.5, 96, null, 92]);
  });

  it('keeps empty buckets as nulls and breaks at missing buckets', () => {
    const t = (m: number) => new Date(Date.parse('2026-11-22T00:00:00Z') + m * 60_000).toISOString();
    const [x, mean, min, max] = bucketColumns(
      [
        { t: t(0), min: 94, mean: 95, max: 96 },
        { t: t(15), min: null, mean: null, max: null },
        { t: t(30), min: 93, mean: 94, max: 95 },
        { t: t(120), min: 90, mean: 91, max: 92 },
      ],
      15 * 60,
    );
    expect(x).toHaveLength(5);
    expect(mean).toEqual([95, null, 94, null, 91]);
    expect(min).toEqual([94, null, 93, null, 90]);
    expect(max).toEqual([96, null, 95, null, 92]);
  });

  it('knows when there is nothing to draw', () => {
    expect(hasValues([[1, 2], [null, null]])).toBe(false);
    expect(hasValues([[1, 2], [null, 3]])).toBe(true);
  });

  it('reads the every parameter', () => {
    expect(everySeconds('15m')).toBe(900);
    expect(everySeconds('1h')).toBe(3600);
    expect(everySeconds('PT5M')).toBeUndefined();
  });

  it('always shows the SpO2 threshold and the top of the scale', () => {
    expect(yRange('spo2', [97, 98])).toEqual([87, 100]);
    expect(yRange('spo2', [80, 98])).toEqual([79, 100]);
  });

  it('always shows the fever threshold', () => {
    const [lo, hi] = yRange('temp', [36.5, 37])!;
    expect(lo).toBeLessThanOrEqual(36.5);
    expect(hi).toBeGreaterThan(38.5);
  });
});

import { describe, expect, it } from 'vitest';
import { MINUTE } from '../src/logic/time';
import { addSample, emptyLive, freshness, lastSeen, LIVE_WINDOW_MS, sparklineColumns, STALE_AFTER_MS } from '../src/logic/vitalsWindow';
import { T0 } from './fixtures';

const iso = (ms: number) => new Date(ms).toISOString();

describe('live vitals window', () => {
  it('keeps the newest value of each metric', () => {
    const live = emptyLive();
    addSample(live, { patientId: 'p', t: iso(T0), spo2: 95, pr: 80 }, T0);
    addSample(live, { patientId: 'p', t: iso(T0 + 1000), spo2: 94 }, T0 + 1000);
    addSample(live, { patientId: 'p', t: iso(T0 + 2000), temp: 37.2 }, T0 + 2000);
    expect(live.latest.spo2).toEqual({ t: T0 + 1000, v: 94 });
    expect(live.latest.pr).toEqual({ t: T0, v: 80 });
    expect(live.latest.temp?.v).toBe(37.2);
  });

  it('does not let an old reading from a backlog replace a newer latest value', () => {
    const live = emptyLive();
    addSample(live, { patientId: 'p', t: iso(T0), spo2: 95 }, T0);
    addSample(live, { patientId: 'p', t: iso(T0 - 60_000), spo2: 88 }, T0);
    expect(live.latest.spo2?.v).toBe(95);
    expect(live.rows.map((r) => r.t)).toEqual([T0 - 60_000, T0]);
  });

  it('merges two events with the same time (one per device)', () => {
    const live = emptyLive();
    addSample(live, { patientId: 'p', t: iso(T0), spo2: 95 }, T0);
    addSample(live, { patientId: 'p', t: iso(T0), temp: 37 }, T0);
    expect(live.rows).toHaveLength(1);
    expect(live.rows[0]!.values).toEqual({ spo2: 95, temp: 37 });
  });

  it('drops rows older than the window but keeps the latest values', () => {
    const live = emptyLive();
    addSample(live, { patientId: 'p', t: iso(T0), spo2: 95 }, T0);
    addSample(live, { patientId: 'p', t: iso(T0 + 11 * MINUTE), pr: 70 }, T0 + 11 * MINUTE);
    expect(live.rows.map((r) => r.t)).toEqual([T0 + 11 * MINUTE]);
    expect(live.latest.spo2?.v).toBe(95);
    expect(LIVE_WINDOW_MS).toBe(10 * MINUTE);
  });

  it('accepts UNIX seconds as well as ISO times', () => {
    const live = emptyLive();
    addSample(live, { patientId: 'p', t: T0 / 1000, spo2: 97 }, T0);
    expect(live.latest.spo2?.t).toBe(T0);
  });

  it('ignores an event without any reading or with an unreadable time', () => {
    const live = emptyLive();
    addSample(live, { patientId: 'p', t: iso(T0) }, T0);
    addSample(live, { patientId: 'p', t: 'garbage', spo2: 90 }, T0);
    expect(live.rows).toHaveLength(0);
    expect(lastSeen(live)).toBeUndefined();
  });

  it('is stale after 15 minutes without any reading', () => {
    expect(STALE_AFTER_MS).toBe(15 * MINUTE);
    expect(freshness(undefined, T0)).toBe('none');
    expect(freshness(T0, T0 + 15 * MINUTE)).toBe('fresh');
    expect(freshness(T0, T0 + 15 * MINUTE + 1)).toBe('stale');
  });

  it('gives sparkline columns in seconds with gaps as nulls', () => {
    const live = emptyLive();
    for (const s of [0, 1, 2, 3, 200, 201]) addSample(live, { patientId: 'p', t: iso(T0 + s * 1000), spo2: 95 }, T0 + 201_000);
    const [x, y] = sparklineColumns(live, 'spo2', T0 + 201_000);
    expect(x[0]).toBe(T0 / 1000);
    expect(y).toEqual([95, 95, 95, 95, null, 95, 95]);
  });
});

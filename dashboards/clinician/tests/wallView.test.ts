import { describe, expect, it } from 'vitest';
import { compareWorst, concernKey, countAlarms, groupByPatient, sortByConcern } from '../src/logic/wallView';
import type { Freshness } from '../src/logic/vitalsWindow';
import { alarm, patient } from './fixtures';

describe('alarms grouped by patient', () => {
  it('gives a patient with three alarms one group, its alarms worst first', () => {
    const groups = groupByPatient([
      alarm({ id: 'low', patientId: 'p1', priority: 'low', raisedAt: '2026-11-22T07:00:00Z' }),
      alarm({ id: 'high-acked', patientId: 'p1', priority: 'high', state: 'acknowledged', raisedAt: '2026-11-22T06:00:00Z' }),
      alarm({ id: 'high-active', patientId: 'p1', priority: 'high', raisedAt: '2026-11-22T08:00:00Z' }),
      alarm({ id: 'other', patientId: 'p2', priority: 'medium' }),
    ]);
    expect(groups.map((g) => g.patientId)).toEqual(['p1', 'p2']);
    expect(groups[0]!.alarms.map((a) => a.id)).toEqual(['high-active', 'high-acked', 'low']);
  });

  it('orders patients by their worst alarm: priority, then unacknowledged, then waiting longest', () => {
    const groups = groupByPatient([
      alarm({ id: 'a', patientId: 'medium-old', priority: 'medium', raisedAt: '2026-11-22T01:00:00Z' }),
      alarm({ id: 'b', patientId: 'high-acked', priority: 'high', state: 'acknowledged', raisedAt: '2026-11-22T01:00:00Z' }),
      alarm({ id: 'c', patientId: 'high-new', priority: 'high', raisedAt: '2026-11-22T09:00:00Z' }),
      alarm({ id: 'd', patientId: 'high-old', priority: 'high', raisedAt: '2026-11-22T02:00:00Z' }),
    ]);
    expect(groups.map((g) => g.patientId)).toEqual(['high-old', 'high-new', 'high-acked', 'medium-old']);
  });

  it('breaks a tie of equal alarms by id, so rows never swap between renders', () => {
    const x = alarm({ id: 'x' });
    const y = alarm({ id: 'y' });
    expect(compareWorst(x, y)).toBeLessThan(0);
    expect(compareWorst(y, x)).toBeGreaterThan(0);
  });
});

describe('the wall header counts', () => {
  it('counts open alarms by priority, unacknowledged, patients and the oldest unacknowledged high', () => {
    const counts = countAlarms([
      alarm({ id: '1', patientId: 'p1', priority: 'high', activeSince: '2026-11-22T08:30:00Z', raisedAt: '2026-11-22T08:00:00Z' }),
      alarm({ id: '2', patientId: 'p1', priority: 'high', raisedAt: '2026-11-22T08:10:00Z' }),
      alarm({ id: '3', patientId: 'p2', priority: 'high', state: 'acknowledged', raisedAt: '2026-11-22T06:00:00Z' }),
      alarm({ id: '4', patientId: 'p2', priority: 'medium' }),
      alarm({ id: '5', patientId: 'p3', priority: 'low', state: 'resolved' }),
    ]);
    expect(counts).toEqual({
      open: 4,
      unacknowledged: 3,
      high: 3,
      medium: 1,
      low: 0,
      patients: 2,
      // activeSince wins over raisedAt (an acknowledged alarm that fired again waits since then).
      oldestUnacknowledgedHighSince: Date.parse('2026-11-22T08:10:00Z'),
    });
  });

  it('has no oldest high alarm when every high alarm is acknowledged', () => {
    expect(countAlarms([alarm({ id: '1', state: 'acknowledged' })]).oldestUnacknowledgedHighSince).toBeNull();
  });
});

describe('monitored patients ordered by concern', () => {
  const fresh = (map: Record<string, Freshness>) => (id: string) => map[id] ?? 'fresh';

  it('puts an open high alarm first, then stale data, then the tier, then the name', () => {
    const patients = [
      patient({ id: 'green', name: '甲', riskTier: 'green' }),
      patient({ id: 'red', name: '乙', riskTier: 'red' }),
      patient({ id: 'stale-green', name: '丙', riskTier: 'green' }),
      patient({ id: 'high-green', name: '丁', riskTier: 'green' }),
      patient({ id: 'yellow', name: '戊', riskTier: 'yellow' }),
      patient({ id: 'never', name: '己', riskTier: 'red' }),
    ];
    const alarms = new Map([['high-green', [alarm({ id: 'a', patientId: 'high-green' })]]]);
    const order = sortByConcern(patients, (id) => alarms.get(id) ?? [], fresh({ 'stale-green': 'stale', never: 'none' }), 'zh-CN');
    expect(order.map((p) => p.id)).toEqual(['high-green', 'stale-green', 'red', 'yellow', 'green', 'never']);
  });

  it('ranks an unacknowledged high alarm before an acknowledged one', () => {
    expect(concernKey(patient({ id: 'x' }), [alarm({ id: 'a' })], 'fresh')[0]).toBe(0);
    expect(concernKey(patient({ id: 'x' }), [alarm({ id: 'a', state: 'acknowledged' })], 'fresh')[0]).toBe(1);
    expect(concernKey(patient({ id: 'x' }), [alarm({ id: 'a', priority: 'medium' })], 'fresh')[0]).toBe(2);
  });
});

import { describe, expect, it } from 'vitest';
import type { AlarmTable } from '../src/logic/alarmMerge';
import { alarmVersion, applyAlarm, applySnapshot, RESOLVED_RETENTION_MS, tableFrom } from '../src/logic/alarmMerge';
import { alarm } from './fixtures';

const at = (iso: string) => Date.parse(iso);

describe('alarmVersion', () => {
  it('is lastUpdatedAt when the hub sends it', () => {
    expect(alarmVersion(alarm({ id: 'a', lastUpdatedAt: '2026-11-22T09:00:00Z' }))).toBe(at('2026-11-22T09:00:00Z'));
  });

  it('falls back to the latest time the alarm carries', () => {
    const a = alarm({ id: 'a', raisedAt: '2026-11-22T08:00:00Z', acknowledgedAt: '2026-11-22T08:10:00Z' });
    expect(alarmVersion(a)).toBe(at('2026-11-22T08:10:00Z'));
    expect(alarmVersion({ ...a, resolvedAt: '2026-11-22T08:20:00Z' })).toBe(at('2026-11-22T08:20:00Z'));
  });
});

describe('live events', () => {
  it('adds a raised alarm', () => {
    const table = applyAlarm(new Map(), alarm({ id: 'a' }), 1);
    expect(table.get('a')?.alarm.state).toBe('active');
  });

  it('takes a newer change', () => {
    let table: AlarmTable = applyAlarm(new Map(), alarm({ id: 'a', lastUpdatedAt: '2026-11-22T08:00:00Z' }), 1);
    table = applyAlarm(table, alarm({ id: 'a', state: 'acknowledged', acknowledgedBy: 'li', lastUpdatedAt: '2026-11-22T08:05:00Z' }), 2);
    expect(table.get('a')?.alarm.state).toBe('acknowledged');
  });

  it('ignores an older copy arriving late (newest update wins)', () => {
    let table: AlarmTable = applyAlarm(new Map(), alarm({ id: 'a', state: 'acknowledged', lastUpdatedAt: '2026-11-22T08:05:00Z' }), 1);
    const before = table;
    table = applyAlarm(table, alarm({ id: 'a', state: 'active', lastUpdatedAt: '2026-11-22T08:00:00Z' }), 2);
    expect(table).toBe(before);
    expect(table.get('a')?.alarm.state).toBe('acknowledged');
  });

  it('takes the copy received last when both are equally new', () => {
    let table: AlarmTable = applyAlarm(new Map(), alarm({ id: 'a', value: 91, lastUpdatedAt: '2026-11-22T08:00:00Z' }), 1);
    table = applyAlarm(table, alarm({ id: 'a', value: 90, lastUpdatedAt: '2026-11-22T08:00:00Z' }), 2);
    expect(table.get('a')?.alarm.value).toBe(90);
  });

  it('does not change the table it was given (signals need a new value)', () => {
    const table: AlarmTable = new Map();
    applyAlarm(table, alarm({ id: 'a' }), 1);
    expect(table.size).toBe(0);
  });
});

describe('re-sync from a snapshot', () => {
  it('fills an empty table', () => {
    const table = applySnapshot(new Map(), [alarm({ id: 'a' }), alarm({ id: 'b' })], 100, 200);
    expect([...table.keys()].sort()).toEqual(['a', 'b']);
  });

  it('adds what was raised while disconnected', () => {
    const table = tableFrom([alarm({ id: 'a' })], 100);
    const next = applySnapshot(table, [alarm({ id: 'a' }), alarm({ id: 'missed' })], 500, 600);
    expect(next.has('missed')).toBe(true);
  });

  it('drops an open alarm the snapshot no longer has (resolved while away)', () => {
    const table = tableFrom([alarm({ id: 'gone' }), alarm({ id: 'kept' })], 100);
    const next = applySnapshot(table, [alarm({ id: 'kept' })], 500, 600);
    expect(next.has('gone')).toBe(false);
    expect(next.has('kept')).toBe(true);
  });

  it('keeps an alarm whose event arrived after the snapshot fetch started', () => {
    let table = tableFrom([], 100);
    table = applyAlarm(table, alarm({ id: 'raced' }), 550); // event during the fetch
    const next = applySnapshot(table, [], 500, 600);
    expect(next.has('raced')).toBe(true);
  });

  it('takes what changed while away (acknowledged by a colleague)', () => {
    const table = tableFrom([alarm({ id: 'a', lastUpdatedAt: '2026-11-22T08:00:00Z' })], 100);
    const next = applySnapshot(
      table,
      [alarm({ id: 'a', state: 'acknowledged', acknowledgedBy: 'wang', lastUpdatedAt: '2026-11-22T08:30:00Z' })],
      500,
      600,
    );
    expect(next.get('a')?.alarm.acknowledgedBy).toBe('wang');
  });

  it('does not let an older snapshot undo a newer event', () => {
    let table = tableFrom([alarm({ id: 'a', lastUpdatedAt: '2026-11-22T08:00:00Z' })], 100);
    table = applyAlarm(table, alarm({ id: 'a', state: 'resolved', lastUpdatedAt: '2026-11-22T08:40:00Z' }), 550);
    const next = applySnapshot(table, [alarm({ id: 'a', state: 'active', lastUpdatedAt: '2026-11-22T08:00:00Z' })], 500, 600);
    expect(next.get('a')?.alarm.state).toBe('resolved');
  });

  it('orders by the alarm times when the hub sends no lastUpdatedAt', () => {
    let table = tableFrom([alarm({ id: 'a' })], 100);
    table = applyAlarm(table, alarm({ id: 'a', state: 'acknowledged', acknowledgedAt: '2026-11-22T08:05:00Z' }), 200);
    const next = applySnapshot(table, [alarm({ id: 'a', state: 'active' })], 500, 600);
    expect(next.get('a')?.alarm.state).toBe('acknowledged');
  });

  it('keeps resolved alarms for a while, then prunes them', () => {
    let table = tableFrom([], 0);
    table = applyAlarm(table, alarm({ id: 'r', state: 'resolved', resolvedAt: '2026-11-22T08:10:00Z' }), 1000);
    expect(applySnapshot(table, [], 2000, 1000 + RESOLVED_RETENTION_MS).has('r')).toBe(true);
    expect(applySnapshot(table, [], 2000, 1001 + RESOLVED_RETENTION_MS).has('r')).toBe(false);
  });

  it('is idempotent: the same snapshot twice changes nothing', () => {
    const snapshot = [alarm({ id: 'a' }), alarm({ id: 'b', state: 'acknowledged' })];
    const once = applySnapshot(new Map(), snapshot, 100, 200);
    const twice = applySnapshot(once, snapshot, 300, 400);
    expect([...twice.values()].map((e) => e.alarm)).toEqual([...once.values()].map((e) => e.alarm));
  });
});

import { describe, expect, it } from 'vitest';
import { compareAlarms, isOpen, sortAlarms, soundingAlarmIds } from '../src/logic/alarmOrder';
import { alarm } from './fixtures';

describe('alarm wall order', () => {
  it('puts high priority first, then medium, then low', () => {
    const list = [
      alarm({ id: 'low', priority: 'low', raisedAt: '2026-11-22T07:00:00Z' }),
      alarm({ id: 'high', priority: 'high', raisedAt: '2026-11-22T09:00:00Z' }),
      alarm({ id: 'medium', priority: 'medium', raisedAt: '2026-11-22T06:00:00Z' }),
    ];
    expect(sortAlarms(list).map((a) => a.id)).toEqual(['high', 'medium', 'low']);
  });

  it('puts the oldest first within a priority: it has waited longest', () => {
    const list = [
      alarm({ id: 'new', raisedAt: '2026-11-22T09:00:00Z' }),
      alarm({ id: 'old', raisedAt: '2026-11-22T07:00:00Z' }),
      alarm({ id: 'mid', raisedAt: '2026-11-22T08:00:00Z' }),
    ];
    expect(sortAlarms(list).map((a) => a.id)).toEqual(['old', 'mid', 'new']);
  });

  it('orders equal alarms by id so the list does not jump', () => {
    const a = alarm({ id: 'a' });
    const b = alarm({ id: 'b' });
    expect(compareAlarms(a, b)).toBeLessThan(0);
    expect(compareAlarms(b, a)).toBeGreaterThan(0);
    expect(compareAlarms(a, a)).toBe(0);
  });

  it('compares times as instants, not as text', () => {
    const list = [alarm({ id: 'x', raisedAt: '2026-11-22T09:00:00+08:00' }), alarm({ id: 'y', raisedAt: '2026-11-22T02:00:00Z' })];
    expect(sortAlarms(list).map((a) => a.id)).toEqual(['x', 'y']);
  });

  it('counts active and acknowledged as open, resolved as not', () => {
    expect(isOpen(alarm({ id: 'a', state: 'active' }))).toBe(true);
    expect(isOpen(alarm({ id: 'a', state: 'acknowledged' }))).toBe(true);
    expect(isOpen(alarm({ id: 'a', state: 'resolved' }))).toBe(false);
  });

  it('sounds only for active high-priority alarms', () => {
    const ids = soundingAlarmIds([
      alarm({ id: 'h-active' }),
      alarm({ id: 'h-ack', state: 'acknowledged' }),
      alarm({ id: 'm-active', priority: 'medium' }),
      alarm({ id: 'h-resolved', state: 'resolved' }),
    ]);
    expect(ids).toEqual(['h-active']);
  });
});

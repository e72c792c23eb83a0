import { describe, expect, it } from 'vitest';
import type { AlarmReferral } from '../src/api/types';
import type { AlarmTable } from '../src/logic/alarmMerge';
import { applyAlarm, applySnapshot } from '../src/logic/alarmMerge';
import { compareAlarmReferrals, rowReferral } from '../src/logic/alarmReferral';
import { alarm } from './fixtures';

const referral = (over: Partial<AlarmReferral> = {}): AlarmReferral => ({
  id: 'r1',
  state: 'requested',
  destinationLevel: 'designated',
  open: true,
  stateSince: '2026-11-22T08:00:00Z',
  ...over,
});
const SAME_VERSION = '2026-11-22T07:50:00Z';

describe('compareAlarmReferrals', () => {
  it('puts a later state of one referral after an earlier one, even recorded within the same second', () => {
    const requested = referral();
    const departed = referral({ state: 'departed' });
    expect(compareAlarmReferrals(departed, requested)).toBeGreaterThan(0);
    expect(compareAlarmReferrals(requested, departed)).toBeLessThan(0);
    expect(compareAlarmReferrals(requested, referral())).toBe(0);
  });

  it('puts an alarm with a referral after the same alarm without one (an alarm never loses its referral)', () => {
    expect(compareAlarmReferrals(referral(), null)).toBeGreaterThan(0);
    expect(compareAlarmReferrals(undefined, referral())).toBeLessThan(0);
    expect(compareAlarmReferrals(null, undefined)).toBe(0);
  });

  it('puts a new referral from the alarm after the cancelled one it follows', () => {
    const cancelled = referral({ state: 'cancelled', open: false, stateSince: '2026-11-22T08:10:00Z' });
    const next = referral({ id: 'r2', stateSince: '2026-11-22T08:10:00Z' });
    expect(compareAlarmReferrals(next, cancelled)).toBeGreaterThan(0);
    const laterClosed = referral({ id: 'r3', state: 'declined', open: false, stateSince: '2026-11-22T09:00:00Z' });
    expect(compareAlarmReferrals(laterClosed, cancelled)).toBeGreaterThan(0);
  });
});

describe('merging copies that differ only in their referral', () => {
  it('takes a referral step pushed with the alarm\u2019s unchanged version', () => {
    let table: AlarmTable = applyAlarm(new Map(), alarm({ id: 'a', lastUpdatedAt: SAME_VERSION }), 1);
    table = applyAlarm(table, alarm({ id: 'a', lastUpdatedAt: SAME_VERSION, referral: referral() }), 2);
    table = applyAlarm(table, alarm({ id: 'a', lastUpdatedAt: SAME_VERSION, referral: referral({ state: 'departed' }) }), 3);
    expect(table.get('a')?.alarm.referral?.state).toBe('departed');
  });

  it('keeps the newer step when a snapshot fetched before it arrives after it', () => {
    let table: AlarmTable = applyAlarm(new Map(), alarm({ id: 'a', lastUpdatedAt: SAME_VERSION, referral: referral({ state: 'departed' }) }), 10);
    table = applySnapshot(table, [alarm({ id: 'a', lastUpdatedAt: SAME_VERSION, referral: referral() })], 5, 11);
    expect(table.get('a')?.alarm.referral?.state).toBe('departed');
    table = applySnapshot(table, [alarm({ id: 'a', lastUpdatedAt: SAME_VERSION })], 5, 12);
    expect(table.get('a')?.alarm.referral?.state).toBe('departed');
  });

  it('still lets a newer alarm version win whatever its referral shows', () => {
    let table: AlarmTable = applyAlarm(new Map(), alarm({ id: 'a', lastUpdatedAt: SAME_VERSION, referral: referral({ state: 'arrived' }) }), 1);
    table = applyAlarm(table, alarm({ id: 'a', state: 'acknowledged', lastUpdatedAt: '2026-11-22T08:30:00Z', referral: referral({ state: 'arrived' }) }), 2);
    expect(table.get('a')?.alarm.state).toBe('acknowledged');
  });
});

describe('rowReferral', () => {
  it('shows nothing for a patient whose alarms started no referral', () => {
    expect(rowReferral([alarm({ id: 'a' }), alarm({ id: 'b', referral: null })])).toBeUndefined();
  });

  it('shows the open referral of the patient\u2019s alarms before a closed one that changed later', () => {
    const open = referral({ id: 'r2', state: 'transport_dispatched', stateSince: '2026-11-22T08:00:00Z' });
    const closed = referral({ id: 'r1', state: 'cancelled', open: false, stateSince: '2026-11-22T09:00:00Z' });
    expect(rowReferral([alarm({ id: 'a', referral: closed }), alarm({ id: 'b', referral: open })])?.id).toBe('r2');
  });
});

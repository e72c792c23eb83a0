import type { Alarm } from '../api/types';
import { compareAlarmReferrals } from './alarmReferral';
import { toMillis } from './time';

/**
 * The dashboard's copy of the clinic's alarms, by id. `seenAt` is the browser's clock when the
 * entry last changed here: it decides, without trusting the two clocks to agree, whether a
 * snapshot fetched later may drop the entry.
 */
export interface AlarmEntry {
  alarm: Alarm;
  seenAt: number;
}
export type AlarmTable = ReadonlyMap<string, AlarmEntry>;

/** Resolved alarms are kept this long after they were last seen (for the handover page), then pruned. */
export const RESOLVED_RETENTION_MS = 12 * 60 * 60 * 1000;

/**
 * How new this copy of the alarm is: the hub's `lastUpdatedAt` (API-NEEDS.md) or, while it does
 * not send it, the latest of the times the alarm carries.
 */
export function alarmVersion(alarm: Alarm): number {
  const explicit = toMillis(alarm.lastUpdatedAt);
  if (!Number.isNaN(explicit)) return explicit;
  let latest = Number.NEGATIVE_INFINITY;
  for (const t of [alarm.raisedAt, alarm.acknowledgedAt, alarm.conditionClearedAt, alarm.resolvedAt]) {
    const ms = toMillis(t);
    if (!Number.isNaN(ms) && ms > latest) latest = ms;
  }
  return latest;
}

/**
 * Newest update wins; on a tie the copy received last wins (it cannot be older), unless it shows an
 * older state of the alarm's referral (the hub re-sends an alarm at each referral step without
 * changing its version, so a snapshot fetched before a step may arrive after it).
 */
export function isAtLeastAsNew(incoming: Alarm, existing: Alarm): boolean {
  const [mine, theirs] = [alarmVersion(incoming), alarmVersion(existing)];
  if (mine !== theirs) return mine > theirs;
  return compareAlarmReferrals(incoming.referral, existing.referral) >= 0;
}

/** One `alarmRaised` / `alarmChanged` event (or an API answer carrying the alarm). */
export function applyAlarm(table: AlarmTable, alarm: Alarm, now: number): AlarmTable {
  const existing = table.get(alarm.id);
  if (existing && !isAtLeastAsNew(alarm, existing.alarm)) return table;
  const next = new Map(table);
  next.set(alarm.id, { alarm, seenAt: now });
  return next;
}

/**
 * Re-syncs from a snapshot of the open alarms, fetched starting at `fetchStartedAt` (browser clock):
 * - every alarm in it is merged by id, newest update wins;
 * - an open alarm we hold that the snapshot lacks was resolved (or left our view) while we were
 *   not listening, and is dropped, unless an event about it arrived after the fetch started
 *   (it may be newer than the snapshot, e.g. raised while the snapshot was being built);
 * - resolved alarms older than the retention are pruned.
 */
export function applySnapshot(
  table: AlarmTable,
  openAlarms: readonly Alarm[],
  fetchStartedAt: number,
  now: number,
): AlarmTable {
  const next = new Map<string, AlarmEntry>();
  const inSnapshot = new Set<string>();
  for (const alarm of openAlarms) inSnapshot.add(alarm.id);

  for (const [id, entry] of table) {
    if (entry.alarm.state === 'resolved') {
      if (now - entry.seenAt <= RESOLVED_RETENTION_MS) next.set(id, entry);
    } else if (inSnapshot.has(id) || entry.seenAt >= fetchStartedAt) {
      next.set(id, entry);
    }
  }
  for (const alarm of openAlarms) {
    const existing = next.get(alarm.id);
    if (!existing || isAtLeastAsNew(alarm, existing.alarm)) next.set(alarm.id, { alarm, seenAt: now });
  }
  return next;
}

export function tableFrom(alarms: readonly Alarm[], now: number): AlarmTable {
  return applySnapshot(new Map(), alarms, now, now);
}

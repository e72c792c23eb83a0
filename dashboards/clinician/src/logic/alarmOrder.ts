import type { Alarm, Priority } from '../api/types';
import { toMillis } from './time';

const PRIORITY_RANK: Record<Priority, number> = { high: 0, medium: 1, low: 2 };

export function isOpen(alarm: Alarm): boolean {
  return alarm.state !== 'resolved';
}

/** Wall order: high priority first, then the oldest first (it has waited longest), then id for a stable order. */
export function compareAlarms(a: Alarm, b: Alarm): number {
  const byPriority = (PRIORITY_RANK[a.priority] ?? 3) - (PRIORITY_RANK[b.priority] ?? 3);
  if (byPriority !== 0) return byPriority;
  const ta = toMillis(a.raisedAt);
  const tb = toMillis(b.raisedAt);
  if (ta !== tb) return (Number.isNaN(ta) ? Infinity : ta) - (Number.isNaN(tb) ? Infinity : tb);
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function sortAlarms(alarms: Iterable<Alarm>): Alarm[] {
  return [...alarms].sort(compareAlarms);
}

/** Alarms that make the wall beep: active (not yet acknowledged) and high priority. */
export function soundingAlarmIds(alarms: Iterable<Alarm>): string[] {
  const ids: string[] = [];
  for (const a of alarms) if (a.state === 'active' && a.priority === 'high') ids.push(a.id);
  return ids;
}

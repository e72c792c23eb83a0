import type { Alarm } from '../api/types';
import { isAtLeastAsNew } from './alarmMerge';
import { sortAlarms } from './alarmOrder';
import { HOUR, toMillis } from './time';

export interface HandoverView {
  open: Alarm[];
  acknowledged: Alarm[];
  resolved: Alarm[];
}

function within(t: string | null | undefined, from: number, to: number): boolean {
  const ms = toMillis(t);
  return !Number.isNaN(ms) && ms >= from && ms <= to;
}

function newestFirst(key: (a: Alarm) => string | null | undefined) {
  return (a: Alarm, b: Alarm) => toMillis(key(b)) - toMillis(key(a));
}

/**
 * What a shift hands over (clinical-rules §4): everything open, and what was acknowledged or
 * resolved in the last `hours`, with who and when. Lists from several queries may overlap: each
 * alarm counts once, in its newest copy. The period is applied here even if the hub ignores `since`.
 */
export function handoverView(lists: readonly (readonly Alarm[])[], now: number, hours: number): HandoverView {
  const byId = new Map<string, Alarm>();
  for (const list of lists) {
    for (const a of list) {
      const existing = byId.get(a.id);
      if (!existing || isAtLeastAsNew(a, existing)) byId.set(a.id, a);
    }
  }
  const from = now - hours * HOUR;
  const all = [...byId.values()];
  return {
    open: sortAlarms(all.filter((a) => a.state !== 'resolved')),
    acknowledged: all.filter((a) => within(a.acknowledgedAt, from, now)).sort(newestFirst((a) => a.acknowledgedAt)),
    resolved: all.filter((a) => a.state === 'resolved' && within(a.resolvedAt, from, now)).sort(newestFirst((a) => a.resolvedAt)),
  };
}

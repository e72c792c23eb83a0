import type { Alarm, AlarmReferral } from '../api/types';
import { REFERRAL_STATES } from '../api/types';
import { toMillis } from './time';

// An alarm shows the referral started from it (issue 18, docs/referrals.md). The hub sends the alarm
// again at each step of the referral with the alarm's own `lastUpdatedAt` unchanged, so two copies of
// one alarm may differ only in their referral: these decide which is newer.

/**
 * Orders two referral copies shown on one alarm: < 0 when `a` is older than `b`, > 0 when newer, 0 when
 * the same. An alarm never loses its referral; one referral only moves forward through its states (a step
 * is never dated before the state it leaves); a later referral from the same alarm follows a closed one.
 */
export function compareAlarmReferrals(a: AlarmReferral | null | undefined, b: AlarmReferral | null | undefined): number {
  if (!a || !b) return (a ? 1 : 0) - (b ? 1 : 0);
  if (a.id === b.id) {
    const byRank = REFERRAL_STATES.indexOf(a.state) - REFERRAL_STATES.indexOf(b.state);
    if (byRank !== 0) return byRank;
  } else if (a.open !== b.open) {
    // At most one open referral per patient: the open one is the later.
    return a.open ? 1 : -1;
  }
  return Math.sign(toMillis(a.stateSince) - toMillis(b.stateSince)) || 0;
}

/** The referral a patient's row on the wall shows: an open one first, else the one that changed last. */
export function rowReferral(alarms: readonly Alarm[]): AlarmReferral | undefined {
  let shown: AlarmReferral | undefined;
  for (const alarm of alarms) {
    if (alarm.referral && compareAlarmReferrals(alarm.referral, shown) > 0) shown = alarm.referral;
  }
  return shown;
}

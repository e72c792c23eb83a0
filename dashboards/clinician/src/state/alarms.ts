import { computed, signal } from '@preact/signals';
import { acknowledgeAlarm, listAlarms, resolveAlarm } from '../api/endpoints';
import type { Alarm, Snapshot } from '../api/types';
import type { AlarmTable } from '../logic/alarmMerge';
import { applyAlarm, applySnapshot } from '../logic/alarmMerge';
import { isOpen, sortAlarms, soundingAlarmIds } from '../logic/alarmOrder';

export const alarmTable = signal<AlarmTable>(new Map());
/** False until the first snapshot (or REST list) has been applied. */
export const alarmsLoaded = signal(false);

export const openAlarms = computed(() => sortAlarms([...alarmTable.value.values()].map((e) => e.alarm).filter(isOpen)));
export const soundingIds = computed(() => soundingAlarmIds(openAlarms.value));
export const openAlarmsByPatient = computed(() => {
  const map = new Map<string, Alarm[]>();
  for (const a of openAlarms.value) {
    const list = map.get(a.patientId);
    if (list) list.push(a);
    else map.set(a.patientId, [a]);
  }
  return map;
});

export function clearAlarms(): void {
  alarmTable.value = new Map();
  alarmsLoaded.value = false;
}

export function onAlarmEvent(alarm: Alarm): void {
  alarmTable.value = applyAlarm(alarmTable.value, alarm, Date.now());
}

export function onAlarmSnapshot(snapshot: Snapshot, fetchStartedAt: number): void {
  alarmTable.value = applySnapshot(alarmTable.value, snapshot.alarms, fetchStartedAt, Date.now());
  alarmsLoaded.value = true;
}

/** The REST form of the snapshot: the open alarms. */
export async function fetchOpenAlarmsSnapshot(): Promise<Snapshot> {
  return { alarms: await listAlarms({ state: 'open' }) };
}

export async function refreshOpenAlarms(): Promise<void> {
  const startedAt = Date.now();
  onAlarmSnapshot(await fetchOpenAlarmsSnapshot(), startedAt);
}

async function afterChange(answer: Alarm | undefined): Promise<void> {
  // The hub's answer (or its alarmChanged event) is the truth; nothing is changed on screen before it.
  if (answer && typeof answer === 'object' && 'id' in answer) onAlarmEvent(answer);
  else await refreshOpenAlarms();
}

export async function acknowledge(id: string): Promise<void> {
  await afterChange(await acknowledgeAlarm(id));
}

export async function resolve(id: string, note: string): Promise<void> {
  await afterChange(await resolveAlarm(id, note));
}

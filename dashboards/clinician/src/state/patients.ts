import { computed, signal } from '@preact/signals';
import { listPatients } from '../api/endpoints';
import type { Patient } from '../api/types';

/** Every patient the user may see (names for alarms), and the ones under monitoring (wall tiles). */
export const patientsById = signal<ReadonlyMap<string, Patient>>(new Map());
export const monitoredIds = signal<ReadonlySet<string>>(new Set());
export const patientsLoaded = signal(false);

export const patientName = (id: string, fallback?: string | null): string =>
  patientsById.value.get(id)?.name ?? fallback ?? `#${id.slice(0, 8)}`;

export function clearPatients(): void {
  patientsById.value = new Map();
  monitoredIds.value = new Set();
  patientsLoaded.value = false;
}

export async function refreshPatients(): Promise<void> {
  const [all, monitored] = await Promise.all([listPatients(), listPatients({ monitored: true })]);
  patientsById.value = new Map(all.map((p) => [p.id, p]));
  monitoredIds.value = new Set(monitored.map((p) => p.id));
  patientsLoaded.value = true;
}

export const monitoredPatients = computed(() =>
  [...monitoredIds.value].map((id) => patientsById.value.get(id)).filter((p): p is Patient => p !== undefined),
);

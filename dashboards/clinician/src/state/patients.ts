import { computed, signal } from '@preact/signals';
import { listPatients } from '../api/endpoints';
import type { Patient } from '../api/types';

/**
 * The patients under monitoring (wall tiles, names of alarms), loaded for the session. A city
 * clinic has thousands of patients: the whole registry is loaded only by a page that needs it
 * (the devices page's assignment list), into `directory`.
 */
export const patientsById = signal<ReadonlyMap<string, Patient>>(new Map());
export const monitoredIds = signal<ReadonlySet<string>>(new Set());
export const patientsLoaded = signal(false);
/** Every patient the user may see; empty until `loadDirectory()`. */
export const directory = signal<ReadonlyMap<string, Patient>>(new Map());

export const patientName = (id: string, fallback?: string | null): string =>
  patientsById.value.get(id)?.name ?? directory.value.get(id)?.name ?? fallback ?? `#${id.slice(0, 8)}`;

/** Set once a page that shows monitored patients (the wall) asked for them; the session's refreshes follow it. */
let wanted = false;

export function clearPatients(): void {
  wanted = false;
  patientsById.value = new Map();
  monitoredIds.value = new Set();
  directory.value = new Map();
  patientsLoaded.value = false;
}

export async function refreshPatients(): Promise<void> {
  const monitored = await listPatients({ monitored: true });
  patientsById.value = new Map(monitored.map((p) => [p.id, p]));
  monitoredIds.value = new Set(monitored.map((p) => p.id));
  patientsLoaded.value = true;
}

/**
 * The wall asks for the monitored patients when it is shown; other pages (the patients list with
 * its own paged query) do not wait behind a list of thousands at sign-in.
 */
export function wantPatients(): void {
  if (wanted) return;
  wanted = true;
  void refreshPatients().catch(() => {});
}

/** The session's periodic and after-reconnect refresh: only once some page wanted the list. */
export async function refreshPatientsIfWanted(): Promise<void> {
  if (wanted) await refreshPatients();
}

export async function loadDirectory(): Promise<void> {
  const all = await listPatients();
  directory.value = new Map(all.map((p) => [p.id, p]));
}

export const monitoredPatients = computed(() =>
  [...monitoredIds.value].map((id) => patientsById.value.get(id)).filter((p): p is Patient => p !== undefined),
);

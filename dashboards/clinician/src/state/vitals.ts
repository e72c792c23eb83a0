import { signal } from '@preact/signals';
import type { VitalsSample } from '../api/types';
import type { PatientLive } from '../logic/vitalsWindow';
import { addSample, emptyLive, trim } from '../logic/vitalsWindow';

// Live readings per patient. Events arrive at up to 1 Hz per device; they are applied in one
// batch per second so the wall re-renders once a second, not once per reading.
export const live = new Map<string, PatientLive>();
export const liveVersion = signal(0);

let pending: VitalsSample[] = [];
let flushTimer: ReturnType<typeof setTimeout> | undefined;

export function clearVitals(): void {
  pending = [];
  live.clear();
  liveVersion.value++;
}

export function onVitals(sample: VitalsSample): void {
  pending.push(sample);
  flushTimer ??= setTimeout(flush, 1000);
}

export function onVitalsSnapshot(samples: readonly VitalsSample[]): void {
  pending.push(...samples);
  flush();
}

export function flush(): void {
  clearTimeout(flushTimer);
  flushTimer = undefined;
  const now = Date.now();
  const batch = pending;
  pending = [];
  for (const sample of batch) {
    if (!sample || typeof sample.patientId !== 'string') continue;
    let entry = live.get(sample.patientId);
    if (!entry) {
      entry = emptyLive();
      live.set(sample.patientId, entry);
    }
    addSample(entry, sample, now);
  }
  for (const entry of live.values()) trim(entry, now);
  liveVersion.value++;
}

import { signal } from '@preact/signals';
import type { VitalsSample } from '../api/types';
import { createCoalescer } from '../logic/coalesce';
import type { PatientLive } from '../logic/vitalsWindow';
import { addSample, emptyLive, trim } from '../logic/vitalsWindow';

// Live readings per patient. Events arrive at up to 1 Hz per device (2,000 a second for a city
// clinic); they are applied in one batch at most once per animation frame and once a second, so
// the wall re-renders about once a second, not once per reading.
export const live = new Map<string, PatientLive>();
export const liveVersion = signal(0);

/** Batches never come closer than this (the tiles show seconds-old values; a faster wall costs CPU, not safety). */
export const VITALS_RENDER_INTERVAL_MS = 1000;

function apply(batch: readonly VitalsSample[]): void {
  const now = Date.now();
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

const queue = createCoalescer<VitalsSample>(apply, { minIntervalMs: VITALS_RENDER_INTERVAL_MS });

// Only the wall shows live vitals. On other pages (a patients list of thousands) the stream of a
// 2,000-patient clinic is dropped on arrival instead of queued and applied; when the wall comes
// back it re-syncs (the snapshot carries each patient's last 10 minutes).
let watchers = 0;
let resync: () => void = () => {};

/** The session's re-sync (a fresh snapshot), for the wall to call when it starts watching again. */
export function setVitalsResync(run: () => void): void {
  resync = run;
}

/** A page that shows live vitals watches them while mounted; returns the unwatch (for useEffect). */
export function watchVitals(): () => void {
  watchers++;
  if (watchers === 1) resync();
  return () => {
    watchers = Math.max(0, watchers - 1);
  };
}

export function clearVitals(): void {
  queue.clear();
  live.clear();
  liveVersion.value++;
}

export function onVitals(sample: VitalsSample): void {
  if (watchers > 0) queue.push(sample);
}

export function onVitalsSnapshot(samples: readonly VitalsSample[]): void {
  if (watchers === 0) return;
  for (const s of samples) queue.push(s);
  queue.flush();
}

export function flush(): void {
  queue.flush();
}

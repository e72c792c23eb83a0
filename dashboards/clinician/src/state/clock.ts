import { signal } from '@preact/signals';

/** One ticking clock for every "time since" on screen (1 s). */
export const now = signal(Date.now());

let timer: ReturnType<typeof setInterval> | undefined;

export function startClock(): void {
  if (timer !== undefined) return;
  timer = setInterval(() => {
    now.value = Date.now();
  }, 1000);
}

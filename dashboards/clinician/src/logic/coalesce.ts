// Live vitals arrive at up to 1 Hz per patient: 2,000 patients are 2,000 events a second. They
// are queued and applied together, at most once per animation frame and at most once per
// `minIntervalMs`, so the wall renders a handful of times a second whatever the fleet's size.

export type Schedule = (run: () => void) => unknown;

export interface Coalescer<T> {
  push(item: T): void;
  /** Applies what is queued now (a snapshot must not wait for the next frame). */
  flush(): void;
  /** Drops what is queued (signing out). */
  clear(): void;
  readonly pending: number;
}

/** The next frame; a hidden tab gets no frames, so there a timer keeps the queue from growing. */
export const animationFrame: Schedule = (run) =>
  typeof requestAnimationFrame === 'function' && !(typeof document !== 'undefined' && document.hidden)
    ? requestAnimationFrame(() => run())
    : setTimeout(run, 16);

export function createCoalescer<T>(
  apply: (batch: T[]) => void,
  options: { schedule?: Schedule; minIntervalMs?: number; now?: () => number; delay?: (run: () => void, ms: number) => unknown } = {},
): Coalescer<T> {
  const schedule = options.schedule ?? animationFrame;
  const minInterval = options.minIntervalMs ?? 0;
  const now = options.now ?? (() => Date.now());
  const delay = options.delay ?? ((run: () => void, ms: number) => setTimeout(run, ms));
  let queue: T[] = [];
  let scheduled = false;
  let lastApplied = -Infinity;
  let generation = 0;

  const run = (gen: number) => {
    if (gen !== generation) return;
    scheduled = false;
    const wait = lastApplied + minInterval - now();
    if (wait > 0) {
      // Too soon after the last render: wait out the interval, then take the next frame.
      scheduled = true;
      delay(() => {
        if (gen !== generation) return;
        schedule(() => run(gen));
      }, wait);
      return;
    }
    flush();
  };

  function flush() {
    generation++;
    scheduled = false;
    if (queue.length === 0) return;
    const batch = queue;
    queue = [];
    lastApplied = now();
    apply(batch);
  }

  return {
    push(item: T) {
      queue.push(item);
      if (!scheduled) {
        scheduled = true;
        const gen = generation;
        schedule(() => run(gen));
      }
    },
    flush,
    clear() {
      generation++;
      scheduled = false;
      queue = [];
    },
    get pending() {
      return queue.length;
    },
  };
}

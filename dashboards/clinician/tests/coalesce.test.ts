import { describe, expect, it } from 'vitest';
import { createCoalescer } from '../src/logic/coalesce';
import { gridWindow } from '../src/logic/virtualGrid';

/** A hand-driven frame and timer queue: the test decides when a frame or a timer fires. */
function manualClock() {
  let time = 0;
  const frames: (() => void)[] = [];
  const timers: { at: number; run: () => void }[] = [];
  return {
    now: () => time,
    schedule: (run: () => void) => frames.push(run),
    delay: (run: () => void, ms: number) => timers.push({ at: time + ms, run }),
    frame() {
      const due = frames.splice(0);
      for (const f of due) f();
    },
    advance(ms: number) {
      time += ms;
      for (const t of timers.splice(0)) if (t.at <= time) t.run();
        else timers.push(t);
    },
    get frames() {
      return frames.length;
    },
  };
}

describe('coalesced live updates', () => {
  it('applies every event pushed before a frame in one batch, and asks for one frame only', () => {
    const clock = manualClock();
    const batches: number[][] = [];
    const q = createCoalescer<number>((b) => batches.push(b), { schedule: clock.schedule, now: clock.now, delay: clock.delay });
    for (let i = 0; i < 2000; i++) q.push(i);
    expect(clock.frames).toBe(1);
    expect(batches).toHaveLength(0);
    clock.frame();
    expect(batches).toHaveLength(1);
    expect(batches[0]).toHaveLength(2000);
  });

  it('waits out the minimum interval before the next batch, then takes a frame', () => {
    const clock = manualClock();
    const batches: number[][] = [];
    const q = createCoalescer<number>((b) => batches.push(b), { schedule: clock.schedule, now: clock.now, delay: clock.delay, minIntervalMs: 1000 });
    q.push(1);
    clock.frame();
    q.push(2);
    q.push(3);
    clock.advance(16);
    clock.frame();
    expect(batches).toEqual([[1]]);
    clock.advance(984);
    clock.frame();
    expect(batches).toEqual([[1], [2, 3]]);
  });

  it('applies at once on flush, and drops the queue on clear', () => {
    const clock = manualClock();
    const batches: number[][] = [];
    const q = createCoalescer<number>((b) => batches.push(b), { schedule: clock.schedule, now: clock.now, delay: clock.delay });
    q.push(1);
    q.flush();
    expect(batches).toEqual([[1]]);
    q.push(2);
    q.clear();
    clock.frame();
    expect(batches).toEqual([[1]]);
    expect(q.pending).toBe(0);
  });
});

describe('the virtual tile grid', () => {
  const cell = { minWidth: 232, height: 176, gap: 10 };

  it('renders only the rows in view and two around them', () => {
    const w = gridWindow(2000, { width: 800, height: 900, scrollTop: 0 }, cell);
    expect(w.columns).toBe(3);
    // 900 px show ~5 rows of 186 px; two more below.
    expect(w.start).toBe(0);
    expect(w.end).toBe(3 * 7);
    expect(w.totalHeight).toBe(Math.ceil(2000 / 3) * 186 - 10);
  });

  it('moves the window with the scroll position', () => {
    const w = gridWindow(2000, { width: 800, height: 900, scrollTop: 186 * 100 }, cell);
    expect(w.start).toBe(98 * 3);
    expect(w.offsetTop).toBe(98 * 186);
    expect(w.end - w.start).toBeLessThanOrEqual(3 * 10);
  });

  it('shows a small wall whole', () => {
    const w = gridWindow(12, { width: 800, height: 900, scrollTop: 0 }, cell);
    expect([w.start, w.end]).toEqual([0, 12]);
  });
});

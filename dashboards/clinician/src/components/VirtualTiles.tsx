import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { gridWindow } from '../logic/virtualGrid';

/**
 * A scrolling grid of equal cells where only the rows in view (and two around them) are in the
 * DOM: 2,000 monitored patients are a few dozen tiles on screen, not 2,000 re-rendered each second.
 */
export function VirtualTiles<T>({
  items,
  keyOf,
  render,
  minWidth,
  height,
  gap,
  class: className,
}: {
  items: readonly T[];
  keyOf: (item: T) => string;
  render: (item: T) => ComponentChildren;
  minWidth: number;
  height: number;
  gap: number;
  class?: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const [viewport, setViewport] = useState({ width: 0, height: 0, scrollTop: 0 });

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const measure = () => setViewport({ width: el.clientWidth, height: el.clientHeight, scrollTop: el.scrollTop });
    measure();
    let frame = 0;
    const onScroll = () => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        measure();
      });
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    const observer = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(measure);
    observer?.observe(el);
    return () => {
      el.removeEventListener('scroll', onScroll);
      observer?.disconnect();
      if (frame) cancelAnimationFrame(frame);
    };
  }, []);

  // Before the first measurement, lay out as if one screen were visible.
  const win = gridWindow(items.length, viewport.width > 0 ? viewport : { width: 1200, height: 900, scrollTop: 0 }, { minWidth, height, gap });
  const visible = items.slice(win.start, win.end);
  return (
    <div ref={host} class={`vgrid ${className ?? ''}`} data-rendered={visible.length} data-total={items.length}>
      <div class="vgrid-space" style={{ height: `${win.totalHeight}px` }}>
        <div
          class="vgrid-rows"
          style={{
            transform: `translateY(${win.offsetTop}px)`,
            gridTemplateColumns: `repeat(${win.columns}, minmax(0, 1fr))`,
            gridAutoRows: `${height}px`,
            gap: `${gap}px`,
          }}
        >
          {visible.map((item) => (
            <div class="vgrid-cell" key={keyOf(item)}>
              {render(item)}
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}

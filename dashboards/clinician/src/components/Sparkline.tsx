import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import type { LiveMetric } from '../logic/vitalsWindow';
import { LIVE_WINDOW_MS } from '../logic/vitalsWindow';
import { COLORS, thresholdPlugin } from './uplotTheme';
import { THRESHOLDS } from '../logic/chartData';

/**
 * The last ~10 minutes of one live metric: no axes, no smoothing, gaps as gaps; the threshold as
 * a dashed line. `data` is uPlot columns in seconds; the x range follows `now` so it scrolls.
 */
export function Sparkline({
  data,
  metric,
  now,
  label,
}: {
  data: [number[], (number | null)[]];
  metric: LiveMetric;
  now: number;
  label: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const range = useRef<[number, number]>([0, 1]);
  range.current = [(now - LIVE_WINDOW_MS) / 1000, now / 1000];

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const threshold = THRESHOLDS[metric];
    const opts: uPlot.Options = {
      width: Math.max(80, el.clientWidth),
      height: Math.max(30, el.clientHeight),
      cursor: { show: false },
      legend: { show: false },
      select: { show: false, left: 0, top: 0, width: 0, height: 0 },
      padding: [4, 2, 4, 2],
      axes: [{ show: false }, { show: false }],
      scales: {
        x: { time: true, range: () => range.current },
        y: metric === 'spo2' ? { range: (_u, min) => [Math.min(min ?? 90, 88) - 1, 100] } : { auto: true },
      },
      series: [{}, { stroke: COLORS[metric], width: 2, points: { show: false }, spanGaps: false }],
      plugins: threshold !== undefined ? [thresholdPlugin(threshold, '')] : [],
    };
    plot.current = new uPlot(opts, [[], []], el);
    const resize = new ResizeObserver(() => {
      plot.current?.setSize({ width: Math.max(80, el.clientWidth), height: Math.max(30, el.clientHeight) });
    });
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
  }, [metric]);

  useEffect(() => {
    plot.current?.setData(data as uPlot.AlignedData);
  }, [data, now]);

  return <div ref={host} class="sparkline" role="img" aria-label={label} />;
}

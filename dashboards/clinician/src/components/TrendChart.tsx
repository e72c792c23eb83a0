import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import { ApiError } from '../api/client';
import { getVitals } from '../api/endpoints';
import type { Metric } from '../api/types';
import { useT } from '../i18n';
import type { TrendRange } from '../logic/chartData';
import {
  bucketColumns,
  everySeconds,
  FALLBACK_EVERY_24H,
  hasValues,
  RANGE_EVERY,
  rawColumns,
  THRESHOLDS,
  yRange,
} from '../logic/chartData';
import { formatClock, formatDate, formatEvery, formatMetric } from '../logic/format';
import { DAY } from '../logic/time';
import { ErrorAlert, Loading } from './ErrorAlert';
import { useAsync } from './useAsync';
import { COLORS, thresholdPlugin } from './uplotTheme';

/** `from`/`to` (UNIX seconds) fix the x axis to the whole range asked for, wherever the data is. */
type Loaded = { from: number; to: number } & (
  | { kind: 'raw'; columns: [number[], (number | null)[]] }
  | { kind: 'buckets'; every: string; columns: [number[], (number | null)[], (number | null)[], (number | null)[]] }
);

async function loadTrend(patientId: string, metric: Metric, range: TrendRange, signal?: AbortSignal): Promise<Loaded> {
  const to = new Date();
  const from = new Date(to.getTime() - (range === '24h' ? DAY : 7 * DAY));
  const every = RANGE_EVERY[range];
  const span = { from: from.getTime() / 1000, to: to.getTime() / 1000 };
  if (every === undefined) {
    try {
      return { ...span, kind: 'raw', columns: rawColumns(await getVitals(patientId, metric, from, to, undefined, signal)) };
    } catch (error) {
      // The hub refuses a raw range holding too many readings (400 naming `every`): aggregate instead.
      if (!(error instanceof ApiError && error.status === 400)) throw error;
      const buckets = await getVitals(patientId, metric, from, to, FALLBACK_EVERY_24H, signal);
      return { ...span, kind: 'buckets', every: FALLBACK_EVERY_24H, columns: bucketColumns(buckets, everySeconds(FALLBACK_EVERY_24H)) };
    }
  }
  const buckets = await getVitals(patientId, metric, from, to, every, signal);
  return { ...span, kind: 'buckets', every, columns: bucketColumns(buckets, everySeconds(every)) };
}

/** One metric's trend over 24 h or 7 d: raw or min/mean/max buckets, gaps as gaps, threshold line. */
export function TrendChart({ patientId, metric, range }: { patientId: string; metric: Metric; range: TrendRange }) {
  const t = useT();
  const state = useAsync(() => loadTrend(patientId, metric, range), [patientId, metric, range]);
  const host = useRef<HTMLDivElement>(null);

  const data = state.data;
  const title = `${t.metric[metric]} (${t.unit[metric]})`;

  useEffect(() => {
    const el = host.current;
    if (!el || !data || !hasValues(data.columns)) return;
    const threshold = THRESHOLDS[metric];
    const multiDay = range === '7d';
    const allValues = data.columns.slice(1).flat();
    const yr = yRange(metric, allValues);
    const series: uPlot.Series[] = [
      { label: t.common.time, value: (_u, v) => (v == null ? '—' : `${formatDate(v * 1000)} ${formatClock(v * 1000)}`) },
    ];
    const fmt = (_u: uPlot, v: number | null) => (v == null ? '—' : formatMetric(metric, v, t));
    if (data.kind === 'raw') {
      series.push({ label: t.metric[metric], stroke: COLORS[metric], width: 2, spanGaps: false, points: { show: false }, value: fmt });
    } else {
      series.push(
        { label: t.patient.mean, stroke: COLORS[metric], width: 2, spanGaps: false, points: { show: false }, value: fmt },
        { label: t.patient.min, stroke: 'rgba(255,255,255,0.25)', width: 1, spanGaps: false, points: { show: false }, value: fmt },
        { label: t.patient.max, stroke: 'rgba(255,255,255,0.25)', width: 1, spanGaps: false, points: { show: false }, value: fmt },
      );
    }
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height: 220,
      series,
      ...(data.kind === 'buckets' ? { bands: [{ series: [3, 2], fill: `${COLORS[metric]}33` }] } : {}),
      scales: {
        x: { time: true, range: (): uPlot.Range.MinMax => [data.from, data.to] },
        y: yr ? { range: yr } : { auto: true },
      },
      axes: [
        {
          stroke: COLORS.axis,
          grid: { stroke: COLORS.grid },
          ticks: { stroke: COLORS.grid },
          values: (_u, splits) =>
            splits.map((s) => {
              const clock = formatClock(s * 1000);
              return multiDay || clock === '00:00' ? formatDate(s * 1000).slice(5) : clock;
            }),
        },
        { stroke: COLORS.axis, grid: { stroke: COLORS.grid }, ticks: { stroke: COLORS.grid }, size: 56 },
      ],
      plugins: threshold !== undefined ? [thresholdPlugin(threshold, t.patient.threshold(formatMetric(metric, threshold, t)))] : [],
    };
    const plot = new uPlot(opts, data.columns as uPlot.AlignedData, el);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(200, el.clientWidth), height: 220 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [data, metric, range, t]);

  // Test hook: what was handed to uPlot (readings or buckets with a value, and the breaks in the line).
  const main = data?.columns[1];
  const drawn = main ? { points: main.filter((v) => v !== null).length, gaps: main.filter((v) => v === null).length } : undefined;

  return (
    <figure
      class="trend mb-4"
      data-metric={metric}
      data-loaded={data !== undefined}
      data-points={drawn?.points}
      data-gaps={drawn?.gaps}
    >
      <figcaption class="h6 mb-1">
        {title}
        {data?.kind === 'buckets' && <span class="small text-body-secondary ms-2">{t.patient.aggregated(formatEvery(data.every, t))}</span>}
      </figcaption>
      {state.loading && <Loading />}
      {state.error !== undefined && <ErrorAlert error={state.error} onRetry={state.reload} />}
      {data && !hasValues(data.columns) && <p class="text-body-secondary">{t.patient.noVitals}</p>}
      <div ref={host} class="trend-plot" />
    </figure>
  );
}

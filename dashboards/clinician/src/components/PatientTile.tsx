import type { Alarm, Patient } from '../api/types';
import { useT } from '../i18n';
import type { LiveMetric } from '../logic/vitalsWindow';
import { formatAgo, formatDuration, formatNumber } from '../logic/format';
import { href } from '../logic/route';
import type { PatientLive } from '../logic/vitalsWindow';
import { freshness, lastSeen, sparklineColumns } from '../logic/vitalsWindow';
import { TierBadge } from './Badges';
import { Sparkline } from './Sparkline';

const num = (metric: LiveMetric, value: number | undefined) => (value === undefined ? '—' : formatNumber(metric, value));

export function PatientTile({
  patient,
  live,
  alarms,
  now,
}: {
  patient: Patient;
  live: PatientLive | undefined;
  alarms: readonly Alarm[];
  now: number;
}) {
  const t = useT();
  const last = lastSeen(live);
  const fresh = freshness(last, now);
  const spo2 = live?.latest.spo2?.v;
  const worst = alarms[0]?.priority;
  const low = spo2 !== undefined && spo2 < 93;
  return (
    <a
      class={`tile tier-edge-${patient.riskTier} ${worst ? `tile-alarm-${worst}` : ''} ${fresh !== 'fresh' ? 'tile-stale' : ''}`}
      href={href({ name: 'patient', id: patient.id })}
      data-patient-id={patient.id}
      data-fresh={fresh}
      aria-label={t.wall.tile.open(patient.name)}
    >
      <div class="tile-head">
        <span class="tile-name">{patient.name}</span>
        <TierBadge tier={patient.riskTier} />
      </div>
      <div class="tile-vitals">
        <div class={`v-spo2 ${low ? 'is-low' : ''}`}>
          <span class="tile-label">{t.metric.spo2}</span>
          <span class="v-num">
            {num('spo2', spo2)}
            {spo2 !== undefined && <span class="v-unit">{t.unit.spo2}</span>}
          </span>
        </div>
        <div class="v-side">
          <div>
            <span class="tile-label">{t.metric.pr}</span> <span class="v-num">{num('pr', live?.latest.pr?.v)}</span>{' '}
            <span class="v-unit">{t.unit.pr}</span>
          </div>
          <div class={(live?.latest.temp?.v ?? 0) > 38.5 ? 'is-high' : ''}>
            <span class="tile-label">{t.metric.temp}</span> <span class="v-num">{num('temp', live?.latest.temp?.v)}</span>{' '}
            <span class="v-unit">{t.unit.temp}</span>
          </div>
        </div>
      </div>
      <Sparkline data={sparklineColumns(live, 'spo2', now)} metric="spo2" now={now} label={t.wall.tile.trendLabel} />
      <div class="tile-foot">
        {fresh === 'none' && <span class="stale-mark">{t.wall.tile.noData}</span>}
        {fresh === 'stale' && last !== undefined && (
          <span class="stale-mark" data-stale="true">
            ⚠ {t.wall.tile.stale(formatDuration(now - last, t.duration))}
          </span>
        )}
        {fresh === 'fresh' && last !== undefined && (
          <span class="text-body-secondary">{t.wall.tile.lastReading(formatAgo(now - last, t.duration))}</span>
        )}
        {alarms.length > 0 && <span class={`tile-alarms prio-${worst}`}>{t.wall.tile.openAlarms(alarms.length)}</span>}
      </div>
    </a>
  );
}

import { useState } from 'preact/hooks';
import { isOperatorAlarm, type Alarm, type Tier } from '../api/types';
import { useT } from '../i18n';
import { alarmKindName, alarmValueText, alarmWorstText, formatActor, formatAgo, formatClock, formatDuration } from '../logic/format';
import { describeError } from '../logic/problem';
import { href } from '../logic/route';
import { toMillis } from '../logic/time';
import { PriorityBadge, TierBadge } from './Badges';

export function AlarmRow({
  alarm,
  patientName,
  tier,
  now,
  onAcknowledge,
  onResolve,
}: {
  alarm: Alarm;
  patientName: string;
  tier: Tier | undefined;
  now: number;
  onAcknowledge: (alarm: Alarm) => Promise<void>;
  onResolve: (alarm: Alarm) => void;
}) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const kind = alarmKindName(alarm.kind, t);
  const value = alarmValueText(alarm, t);
  const worst = alarmWorstText(alarm, t);
  const age = formatDuration(now - toMillis(alarm.raisedAt), t.duration);

  const acknowledge = async () => {
    setBusy(true);
    setError(null);
    try {
      await onAcknowledge(alarm);
    } catch (err) {
      setError(describeError(err, t).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <li
      class={`alarm alarm-${alarm.priority} alarm-${alarm.state}`}
      data-alarm-id={alarm.id}
      data-patient-id={alarm.patientId}
      data-kind={alarm.kind}
      data-priority={alarm.priority}
      data-state={alarm.state}
    >
      <div class="alarm-prio">
        <PriorityBadge priority={alarm.priority} />
      </div>
      <div class="alarm-main">
        <div class="alarm-head">
          {isOperatorAlarm(alarm) ? (
            // The hub's own alarm (administrators only): no patient page to open.
            <span class="alarm-patient alarm-system">{t.alarm.hubItself}</span>
          ) : (
            <a class="alarm-patient" href={href({ name: 'patient', id: alarm.patientId })}>
              {patientName}
            </a>
          )}
          {tier && <TierBadge tier={tier} />}
          <span class="alarm-kind">{kind}</span>
        </div>
        <div class="alarm-detail">
          {value && <span class="alarm-value">{value}</span>}
          {worst && <span class="alarm-worst">{worst}</span>}
          <span class="alarm-age" title={t.alarm.raisedAt(formatClock(alarm.raisedAt, undefined, true))}>
            {t.alarm.raisedAgo(age)} · {formatClock(alarm.raisedAt)}
          </span>
        </div>
        <div class="alarm-marks">
          {alarm.escalated && (
            <span class="mark mark-escalated" title={t.alarm.escalatedHint}>
              ▲ {t.alarm.escalated}
            </span>
          )}
          {alarm.late && (
            <span class="mark mark-late" title={t.alarm.lateHint}>
              {t.alarm.late}
            </span>
          )}
          {alarm.conditionCleared && (
            <span class="mark mark-cleared" title={t.alarm.conditionClearedHint}>
              ✓ {t.alarm.conditionCleared}
            </span>
          )}
          {alarm.state === 'acknowledged' && alarm.acknowledgedBy && (
            <span class="mark mark-ack">
              {t.alarm.acknowledgedBy(formatActor(alarm.acknowledgedBy, t), formatAgo(now - toMillis(alarm.acknowledgedAt), t.duration))}
            </span>
          )}
        </div>
        {error && (
          <div class="text-danger-emphasis small mt-1" role="alert">
            {error}
          </div>
        )}
      </div>
      <div class="alarm-actions">
        {alarm.state === 'active' && (
          <button
            type="button"
            class="btn btn-warning btn-lg"
            disabled={busy}
            aria-label={t.alarm.acknowledgeFor(patientName, kind)}
            onClick={() => void acknowledge()}
          >
            {busy ? t.alarm.acknowledging : t.alarm.acknowledge}
          </button>
        )}
        {alarm.priority === 'high' && (
          <a class="btn btn-outline-danger btn-lg" href={href({ name: 'patient', id: alarm.patientId })} aria-label={t.referral.fromAlarm(patientName)}>
            {t.referral.title}
          </a>
        )}
        <button
          type="button"
          class="btn btn-outline-light btn-lg"
          aria-label={t.alarm.resolveFor(patientName, kind)}
          onClick={() => onResolve(alarm)}
        >
          {t.alarm.resolve}
        </button>
      </div>
    </li>
  );
}

import { useState } from 'preact/hooks';
import { isOperatorAlarm, type Alarm, type Tier } from '../api/types';
import { useT } from '../i18n';
import { alarmKindName, alarmShortValue, alarmValueText, formatActor, formatAgo, formatClock, formatDuration } from '../logic/format';
import { rowReferral } from '../logic/alarmReferral';
import { describeError } from '../logic/problem';
import { href } from '../logic/route';
import { toMillis } from '../logic/time';
import { PriorityBadge, TierBadge } from './Badges';

/** One open alarm as a compact line inside its patient's row: priority, kind, value, age, actions. */
function AlarmLine({
  alarm,
  patientName,
  now,
  onAcknowledge,
  onResolve,
}: {
  alarm: Alarm;
  patientName: string;
  now: number;
  onAcknowledge: (alarm: Alarm) => Promise<void>;
  onResolve: (alarm: Alarm) => void;
}) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const kind = alarmKindName(alarm.kind, t);
  const value = alarmValueText(alarm, t);
  const short = alarmShortValue(alarm, t);
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
      class={`alarm aline alarm-${alarm.priority} alarm-${alarm.state}`}
      data-alarm-id={alarm.id}
      data-patient-id={alarm.patientId}
      data-kind={alarm.kind}
      data-priority={alarm.priority}
      data-state={alarm.state}
    >
      <PriorityBadge priority={alarm.priority} />
      <span class="aline-kind">{kind}</span>
      {value && (
        // Compact on screen ("88%"), whole for screen readers and on hover ("88%，低于 93%").
        <span class="aline-value" title={value}>
          <span aria-hidden="true">{short}</span>
          <span class="visually-hidden">{value}</span>
        </span>
      )}
      <span class="aline-age" title={t.alarm.raisedAt(formatClock(alarm.raisedAt, undefined, true))}>
        {t.alarm.raisedAgo(formatDuration(now - toMillis(alarm.raisedAt), t.duration))}
      </span>
      <span class="aline-marks">
        {alarm.escalated && (
          <span class="mark mark-escalated" title={`${t.alarm.escalated}: ${t.alarm.escalatedHint}`}>
            ▲<span class="visually-hidden">{t.alarm.escalated}</span>
          </span>
        )}
        {alarm.late && (
          <span class="mark mark-late" title={t.alarm.lateHint}>
            {t.alarm.late}
          </span>
        )}
        {alarm.referral && (
          // The referral started from this alarm (issue 18), its state kept live; it replaces the row's 转诊 link.
          <a
            class={`btn mark mark-referral ${alarm.referral.open ? 'btn-info' : 'btn-outline-secondary'}`}
            href={href({ name: 'patient', id: alarm.patientId, panel: 'referral' })}
            data-referral-id={alarm.referral.id}
            data-referral-state={alarm.referral.state}
            aria-label={t.referral.onWallLabel(patientName, t.referral.state[alarm.referral.state])}
          >
            {t.referral.onWall(t.referral.state[alarm.referral.state])}
          </a>
        )}
        {alarm.conditionCleared && (
          <span class="mark mark-cleared" title={t.alarm.conditionClearedHint}>
            ✓ {t.alarm.conditionCleared}
          </span>
        )}
        {alarm.state === 'acknowledged' && alarm.acknowledgedBy && (
          <span
            class="mark mark-ack"
            title={t.alarm.acknowledgedBy(formatActor(alarm.acknowledgedBy, t), formatAgo(now - toMillis(alarm.acknowledgedAt), t.duration))}
          >
            <span aria-hidden="true">✓ {formatActor(alarm.acknowledgedBy, t)}</span>
            <span class="visually-hidden">
              {t.alarm.acknowledgedBy(formatActor(alarm.acknowledgedBy, t), formatAgo(now - toMillis(alarm.acknowledgedAt), t.duration))}
            </span>
          </span>
        )}
        {error && (
          <span class="text-danger-emphasis" role="alert">
            {error}
          </span>
        )}
      </span>
      <span class="aline-actions">
        {alarm.state === 'active' && (
          <button
            type="button"
            class="btn btn-warning btn-sm"
            disabled={busy}
            aria-label={t.alarm.acknowledgeFor(patientName, kind)}
            onClick={() => void acknowledge()}
          >
            {busy ? t.alarm.acknowledging : t.alarm.acknowledge}
          </button>
        )}
        <button type="button" class="btn btn-outline-light btn-sm" aria-label={t.alarm.resolveFor(patientName, kind)} onClick={() => onResolve(alarm)}>
          {t.alarm.resolve}
        </button>
      </span>
    </li>
  );
}

/** A patient with open alarms: one row, its alarms inside, worst first (logic/wallView). */
export function AlarmGroupRow({
  patientId,
  patientName,
  tier,
  alarms,
  now,
  onAcknowledge,
  onResolve,
}: {
  patientId: string;
  patientName: string;
  tier: Tier | undefined;
  alarms: readonly Alarm[];
  now: number;
  onAcknowledge: (alarm: Alarm) => Promise<void>;
  onResolve: (alarm: Alarm) => void;
}) {
  const t = useT();
  const worst = alarms[0]!;
  return (
    <li
      class={`agroup agroup-${worst.priority} ${worst.state === 'active' ? 'agroup-active' : ''}`}
      data-patient-id={patientId}
      data-alarms={alarms.length}
      aria-label={t.triage.alarmsOf(patientName, alarms.length)}
    >
      <div class="agroup-who">
        {isOperatorAlarm({ patientId }) ? (
          // The hub's own alarms (administrators only): no patient page to open.
          <span class="alarm-patient alarm-system">{t.alarm.hubItself}</span>
        ) : (
          <a class="alarm-patient" href={href({ name: 'patient', id: patientId })}>
            {patientName}
          </a>
        )}
        {tier && <TierBadge tier={tier} />}
        {!isOperatorAlarm({ patientId }) && !rowReferral(alarms) && alarms.some((a) => a.priority === 'high') && (
          // 001 二(二)2(1): SpO2 < 93 %, persistent high fever or dyspnea mean "尽快转诊". A referral is the
          // patient's, so one link per row, beside the name (per alarm it pushed lines to wrap).
          <a class="btn btn-outline-danger agroup-refer" href={href({ name: 'patient', id: patientId, panel: 'referral' })} aria-label={t.referral.fromAlarm(patientName)}>
            {t.referral.title}
          </a>
        )}
      </div>
      <ul class="agroup-alarms">
        {alarms.map((a) => (
          <AlarmLine key={a.id} alarm={a} patientName={patientName} now={now} onAcknowledge={onAcknowledge} onResolve={onResolve} />
        ))}
      </ul>
    </li>
  );
}

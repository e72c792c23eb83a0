import { listAlarms } from '../api/endpoints';
import type { Alarm } from '../api/types';
import { PriorityBadge, TierBadge } from '../components/Badges';
import { ErrorAlert, Loading } from '../components/ErrorAlert';
import { useAsync } from '../components/useAsync';
import { useT } from '../i18n';
import { alarmKindName, formatActor, formatDateTime } from '../logic/format';
import { handoverView } from '../logic/handover';
import { HANDOVER_HOURS, href } from '../logic/route';
import { HOUR } from '../logic/time';
import { navigate } from '../state/router';
import { patientName, patientsById } from '../state/patients';

type Column = 'patient' | 'kind' | 'priority' | 'raised' | 'state' | 'acknowledgedBy' | 'acknowledgedAt' | 'resolvedBy' | 'resolvedAt' | 'note';

function AlarmTable({ alarms, columns, empty, id }: { alarms: Alarm[]; columns: Column[]; empty: string; id: string }) {
  const t = useT();
  if (alarms.length === 0) return <p class="text-body-secondary">{empty}</p>;
  const cell = (a: Alarm, c: Column) => {
    switch (c) {
      case 'patient': {
        const tier = patientsById.value.get(a.patientId)?.riskTier ?? a.patientTier ?? undefined;
        return (
          <>
            <a href={href({ name: 'patient', id: a.patientId })}>{patientName(a.patientId, a.patientName)}</a> {tier && <TierBadge tier={tier} />}
          </>
        );
      }
      case 'kind':
        return alarmKindName(a.kind, t);
      case 'priority':
        return <PriorityBadge priority={a.priority} />;
      case 'raised':
        return formatDateTime(a.raisedAt);
      case 'state':
        return t.alarmState[a.state];
      case 'acknowledgedBy':
        return formatActor(a.acknowledgedBy, t);
      case 'acknowledgedAt':
        return a.acknowledgedAt ? formatDateTime(a.acknowledgedAt) : '—';
      case 'resolvedBy':
        return formatActor(a.resolvedBy, t);
      case 'resolvedAt':
        return a.resolvedAt ? formatDateTime(a.resolvedAt) : '—';
      case 'note':
        return a.resolutionNote ?? a.acknowledgeNote ?? '—';
    }
  };
  return (
    <div class="table-responsive">
      <table class="table table-sm align-middle" id={id}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col">
                {t.handover.columns[c]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {alarms.map((a) => (
            <tr key={a.id} data-alarm-id={a.id}>
              {columns.map((c) => (
                <td key={c}>{cell(a, c)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Shift handover (clinical-rules §4): what is open, and who acknowledged or resolved what in the last hours. */
export function HandoverPage({ hours = 12 }: { hours?: number | undefined }) {
  const t = useT();
  const data = useAsync(async () => {
    const since = new Date(Date.now() - hours * HOUR).toISOString();
    const [open, acknowledged, resolved] = await Promise.all([
      listAlarms({ state: 'open' }),
      listAlarms({ state: 'acknowledged', since }),
      listAlarms({ state: 'resolved', since }),
    ]);
    return { lists: [open, acknowledged, resolved], at: Date.now() };
  }, [hours]);
  const view = data.data ? handoverView(data.data.lists, data.data.at, hours) : undefined;

  return (
    <main id="main" class="container-fluid page handover" tabIndex={-1}>
      <div class="d-flex flex-wrap align-items-end gap-3 mb-3">
        <h1 class="h2 mb-0 me-auto">{t.handover.title}</h1>
        <div class="d-print-none">
          <label class="form-label mb-1" for="handover-hours">
            {t.handover.period}
          </label>
          <select id="handover-hours" class="form-select" value={hours} onChange={(e) => navigate({ name: 'handover', hours: Number(e.currentTarget.value) })}>
            {HANDOVER_HOURS.map((h) => (
              <option key={h} value={h}>
                {t.handover.hours(h)}
              </option>
            ))}
          </select>
        </div>
        <button type="button" class="btn btn-outline-light d-print-none" onClick={data.reload}>
          {t.common.refresh}
        </button>
        <button type="button" class="btn btn-outline-light d-print-none" onClick={() => window.print()}>
          {t.common.print}
        </button>
      </div>
      {data.loading && <Loading />}
      {data.error !== undefined && <ErrorAlert error={data.error} onRetry={data.reload} />}
      {view && data.data && (
        <>
          <p class="text-body-secondary">
            {t.handover.hours(hours)} · {t.handover.generatedAt(formatDateTime(data.data.at))}
          </p>
          <section aria-labelledby="ho-open" class="mb-4">
            <h2 id="ho-open" class="h4">
              {t.handover.open(view.open.length)}
            </h2>
            <AlarmTable id="handover-open" alarms={view.open} columns={['priority', 'patient', 'kind', 'raised', 'state', 'acknowledgedBy', 'acknowledgedAt']} empty={t.handover.noneOpen} />
          </section>
          <section aria-labelledby="ho-ack" class="mb-4">
            <h2 id="ho-ack" class="h4">
              {t.handover.acknowledged(view.acknowledged.length)}
            </h2>
            <AlarmTable id="handover-acknowledged" alarms={view.acknowledged} columns={['acknowledgedAt', 'acknowledgedBy', 'patient', 'kind', 'priority', 'raised', 'state']} empty={t.handover.noneAcknowledged} />
          </section>
          <section aria-labelledby="ho-res" class="mb-4">
            <h2 id="ho-res" class="h4">
              {t.handover.resolved(view.resolved.length)}
            </h2>
            <AlarmTable id="handover-resolved" alarms={view.resolved} columns={['resolvedAt', 'resolvedBy', 'patient', 'kind', 'priority', 'raised', 'acknowledgedBy', 'note']} empty={t.handover.noneResolved} />
          </section>
        </>
      )}
    </main>
  );
}

import { useState } from 'preact/hooks';
import { saveBlob } from '../api/client';
import { getDailyReport, getDailyReportWorkbook, getDailyTrend } from '../api/endpoints';
import type { DailyReport } from '../api/types';
import { ErrorAlert, Loading } from '../components/ErrorAlert';
import { useAsync } from '../components/useAsync';
import type { Messages } from '../i18n';
import { useT } from '../i18n';

function localToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function minutes(value: number | null | undefined, t: Messages): string {
  return value === null || value === undefined ? '—' : t.report.minutes(value);
}

function Figure({ label, value, name }: { label: string; value: string | number; name: string }) {
  return (
    <div class="col-6 col-md-3 mb-2" data-figure={name}>
      <div class="small text-body-secondary">{label}</div>
      <div class="fs-4 fw-bold">{value}</div>
    </div>
  );
}

/** One day's figures of the user's clinic (004 §19), in sections. */
function Figures({ report }: { report: DailyReport }) {
  const t = useT();
  const r = report;
  return (
    <div data-report-date={r.date}>
      {!r.complete && <p class="text-warning">{t.report.partial}</p>}
      <h2 class="h5">{t.report.patients}</h2>
      <div class="row">
        <Figure name="monitored" label={t.report.monitored} value={`${r.patients.monitored} (${t.tier.short.red} ${r.patients.red} / ${t.tier.short.yellow} ${r.patients.yellow} / ${t.tier.short.green} ${r.patients.green})`} />
        <Figure name="admitted" label={t.report.admitted} value={r.patients.admitted} />
        <Figure name="ended" label={t.report.ended} value={r.patients.ended} />
        <Figure name="endedReferred" label={t.report.endedReferred} value={r.patients.endedReferred} />
      </div>
      <h2 class="h5">{t.report.alarms}</h2>
      <div class="row">
        <Figure name="raised" label={t.report.raised} value={r.alarms.raised} />
        <Figure name="acknowledged" label={t.report.acknowledged} value={r.alarms.acknowledged} />
        <Figure name="medianAck" label={t.report.medianAck} value={minutes(r.alarms.medianMinutesToAcknowledge, t)} />
        <Figure name="p90Ack" label={t.report.p90Ack} value={minutes(r.alarms.p90MinutesToAcknowledge, t)} />
        <Figure name="openAtDayEnd" label={t.report.openAtDayEnd} value={r.alarms.openAtDayEnd} />
      </div>
      <h2 class="h5">{t.report.followUps}</h2>
      <div class="row">
        <Figure name="done" label={t.report.done} value={r.followUps.done} />
        <Figure name="overdue" label={t.report.overdue} value={r.followUps.overdueAtDayEnd} />
        <Figure name="contacts" label={t.report.contacts} value={r.followUps.contacts} />
        <Figure name="cadenceMissed" label={t.report.cadenceMissed} value={r.followUps.cadenceMissed} />
      </div>
      <h2 class="h5">{t.report.referrals}</h2>
      <div class="row">
        <Figure name="requested" label={t.report.requested} value={r.referrals.requested} />
        {Object.entries(r.referrals.byState).map(([state, count]) => (
          <Figure key={state} name={`referrals-${state}`} label={t.referral.state[state as keyof typeof t.referral.state] ?? state} value={count ?? 0} />
        ))}
        <Figure name="medianAdmission" label={t.report.medianAdmission} value={minutes(r.referrals.medianMinutesToAdmission, t)} />
      </div>
      <h2 class="h5">{t.report.devices}</h2>
      <div class="row">
        <Figure name="issued" label={t.report.issued} value={r.devices.issued} />
        <Figure name="free" label={t.report.free} value={r.devices.free} />
        <Figure name="silent" label={t.report.silent} value={r.devices.silent} />
        <Figure name="batteryLow" label={t.report.batteryLow} value={r.devices.batteryLow} />
      </div>
    </div>
  );
}

/** The 14-day trend as a table, a day a row (the figures a clinic reports upward every day). */
function Trend() {
  const t = useT();
  const trend = useAsync(() => getDailyTrend(), []);
  return (
    <section class="mt-4" aria-labelledby="trend-heading">
      <h2 id="trend-heading" class="h5">
        {t.report.trend}
      </h2>
      {trend.loading && <Loading />}
      {trend.error !== undefined && <ErrorAlert error={trend.error} onRetry={trend.reload} />}
      {trend.data && (
        <div class="table-responsive">
          <table class="table table-sm">
            <thead>
              <tr>
                <th scope="col">{t.report.date}</th>
                <th scope="col">{t.report.monitored}</th>
                <th scope="col">{t.report.raised}</th>
                <th scope="col">{t.report.medianAck}</th>
                <th scope="col">{t.report.overdue}</th>
                <th scope="col">{t.report.requested}</th>
                <th scope="col">{t.referral.state.admitted}</th>
              </tr>
            </thead>
            <tbody>
              {trend.data.map((d) => (
                <tr key={d.date} data-trend-date={d.date}>
                  <td>{d.date}</td>
                  <td>{d.patients.monitored}</td>
                  <td>{d.alarms.raised}</td>
                  <td>{minutes(d.alarms.medianMinutesToAcknowledge, t)}</td>
                  <td>{d.followUps.overdueAtDayEnd}</td>
                  <td>{d.referrals.requested}</td>
                  <td>{d.referrals.byState.admitted ?? 0}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** The clinic's daily status (004 §19): one day's figures, the Excel download and the 14-day trend. */
export function DailyReportPage() {
  const t = useT();
  const [date, setDate] = useState(localToday());
  const report = useAsync(() => getDailyReport(date), [date]);
  const [error, setError] = useState<unknown>(undefined);
  const download = async () => {
    try {
      saveBlob(await getDailyReportWorkbook(date), `daily-status-${date}.xlsx`);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <main id="main" tabIndex={-1} class="container-fluid py-3">
      <h1 class="h3">{t.report.title}</h1>
      <div class="d-flex flex-wrap gap-2 align-items-end mb-3">
        <div>
          <label class="form-label" for="report-date">
            {t.report.date}
          </label>
          <input id="report-date" type="date" class="form-control" value={date} max={localToday()} onChange={(e) => setDate((e.target as HTMLInputElement).value)} />
        </div>
        <button type="button" class="btn btn-outline-light" onClick={() => void download()}>
          {t.report.download}
        </button>
      </div>
      {error !== undefined && <ErrorAlert error={error} />}
      {report.loading && <Loading />}
      {report.error !== undefined && <ErrorAlert error={report.error} onRetry={report.reload} />}
      {report.data && <Figures report={report.data} />}
      <Trend />
    </main>
  );
}

import { useState } from 'preact/hooks';
import {
  assessSymptoms,
  endEpisode,
  getPatient,
  listAlarms,
  listDevices,
  listEpisodes,
  listTests,
  recordTest,
  startEpisode,
} from '../api/endpoints';
import type { Alarm, Category, Episode, Metric, Patient, TestKind, TestResult } from '../api/types';
import { CATEGORIES, RISK_ROWS, TEST_KINDS, TEST_RESULTS } from '../api/types';
import { PriorityBadge, TierBadge } from '../components/Badges';
import { ReferralPanel } from '../components/ReferralPanel';
import { ErrorAlert, Loading } from '../components/ErrorAlert';
import { TrendChart } from '../components/TrendChart';
import { useAsync } from '../components/useAsync';
import type { Messages } from '../i18n';
import { useT } from '../i18n';
import type { TrendRange } from '../logic/chartData';
import { alarmKindName, alarmValueText, formatActor, formatDate, formatDateTime } from '../logic/format';
import { href } from '../logic/route';
import { toMillis } from '../logic/time';

const TREND_METRICS: Metric[] = ['spo2', 'pr', 'temp', 'rr'];

export function categoryName(code: string, t: Messages): string {
  const known = CATEGORIES.find((c): c is Category => c === code);
  return known ? t.category[known] : code;
}

export function RiskBasisView({ patient }: { patient: Patient }) {
  const t = useT();
  const b = patient.riskBasis;
  const row = RISK_ROWS.find((r) => r === b.row);
  return (
    <div class="risk-basis">
      <h3 class="h6 text-body-secondary mb-2">{t.riskBasis.title}</h3>
      {b.method === 'table' ? (
        <p class="mb-1">
          {t.riskBasis.byTable(b.row ?? '?')}
          {row && <span class="d-block">{t.riskBasis.rows[row]}</span>}
        </p>
      ) : (
        <>
          <p class="mb-1">
            {t.riskBasis.byScore(b.score ?? 0)}
            {b.agePoints !== undefined && (
              <span class="d-block">{t.riskBasis.scoreItems(b.agePoints, b.diseasePoints ?? 0, b.vaccinationPoints ?? 0)}</span>
            )}
          </p>
          <p class="small text-body-secondary mb-1">{t.riskBasis.scoreBands}</p>
        </>
      )}
      {b.assessedOn && b.ageYears !== undefined && <p class="small text-body-secondary mb-0">{t.riskBasis.assessedOn(b.assessedOn, b.ageYears)}</p>}
    </div>
  );
}

function Criterion({ ok, label }: { ok: boolean; label: string }) {
  const t = useT();
  return (
    <li class={ok ? 'crit-ok' : 'crit-no'}>
      <span aria-hidden="true">{ok ? '✓' : '○'}</span> {label}
      <span class="visually-hidden">{`: ${ok ? t.common.yes : t.common.no}`}</span>
    </li>
  );
}

function EpisodeSection({ patient, onChanged }: { patient: Patient; onChanged: () => void }) {
  const t = useT();
  const episodes = useAsync(() => listEpisodes(patient.id), [patient.id]);
  const [reason, setReason] = useState('');
  const [ending, setEnding] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const current: Episode | undefined =
    patient.currentEpisode ?? episodes.data?.find((e) => !e.endedAt);

  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      setEnding(false);
      setReason('');
      episodes.reload();
      onChanged();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card mb-4" aria-labelledby="episode-heading">
      <div class="card-body">
        <h2 id="episode-heading" class="h5">
          {t.patient.episode}
        </h2>
        {error !== undefined && <ErrorAlert error={error} />}
        {!current ? (
          <>
            <p>{t.patient.noEpisode}</p>
            <button type="button" class="btn btn-primary" disabled={busy} onClick={() => void run(() => startEpisode(patient.id))}>
              {t.patient.startEpisode}
            </button>
          </>
        ) : (
          <>
            <p class="mb-2">{t.patient.startedAt(formatDateTime(current.startedAt))}</p>
            <h3 class="h6 mt-3">{t.patient.endCriteria}</h3>
            <ul class="criteria list-unstyled mb-2">
              <Criterion ok={current.endCriteria.antigenNegative} label={t.patient.criteria.antigenNegative} />
              <Criterion ok={current.endCriteria.pcrConsecutiveCtAbove35} label={t.patient.criteria.pcrConsecutiveCtAbove35} />
              <Criterion ok={current.endCriteria.symptomsImproved} label={t.patient.criteria.symptomsImproved} />
            </ul>
            <p class={`fw-bold ${current.endCriteria.met ? 'text-success' : 'text-warning'}`}>
              {current.endCriteria.met ? `✓ ${t.patient.criteriaMet}` : t.patient.criteriaNotMet}
            </p>
            <div class="d-flex flex-wrap gap-2">
              <button
                type="button"
                class="btn btn-outline-light"
                disabled={busy}
                onClick={() => void run(() => assessSymptoms(patient.id, !current.endCriteria.symptomsImproved))}
              >
                {current.endCriteria.symptomsImproved ? t.patient.markNotImproved : t.patient.markImproved}
              </button>
              {!ending && (
                <button type="button" class="btn btn-outline-warning" onClick={() => setEnding(true)}>
                  {t.patient.endEpisode}
                </button>
              )}
            </div>
            {ending && (
              <form
                class="mt-3"
                onSubmit={(e) => {
                  e.preventDefault();
                  if (reason.trim()) void run(() => endEpisode(patient.id, reason.trim()));
                }}
              >
                <label class="form-label" for="end-reason">
                  {t.patient.endReason}
                </label>
                <input id="end-reason" class="form-control" required maxLength={500} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
                <div class="d-flex gap-2 mt-2">
                  <button type="submit" class="btn btn-warning" disabled={busy || !reason.trim()}>
                    {t.patient.endEpisode}
                  </button>
                  <button type="button" class="btn btn-outline-secondary" onClick={() => setEnding(false)}>
                    {t.common.cancel}
                  </button>
                </div>
              </form>
            )}
          </>
        )}
        {episodes.data && episodes.data.some((e) => e.endedAt) && (
          <>
            <h3 class="h6 mt-4">{t.patient.episodeHistory}</h3>
            <ul class="mb-0">
              {episodes.data
                .filter((e) => e.endedAt)
                .map((e) => (
                  <li key={e.id}>
                    {t.patient.startedAt(formatDateTime(e.startedAt))} · {t.patient.endedAt(formatDateTime(e.endedAt), e.endReason ?? '')}
                  </li>
                ))}
            </ul>
          </>
        )}
      </div>
    </section>
  );
}

function localInputNow(): string {
  const d = new Date();
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
}

function TestsSection({ patientId, onChanged }: { patientId: string; onChanged: () => void }) {
  const t = useT();
  const tests = useAsync(() => listTests(patientId), [patientId]);
  const [kind, setKind] = useState<TestKind>('antigen');
  const [result, setResult] = useState<TestResult>('negative');
  const [takenAt, setTakenAt] = useState(localInputNow());
  const [ct, setCt] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await recordTest(patientId, {
        kind,
        result,
        takenAt: new Date(takenAt).toISOString(),
        ...(kind === 'pcr' && ct.trim() !== '' ? { ct: Number(ct) } : {}),
      });
      setCt('');
      tests.reload();
      onChanged();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const sorted = [...(tests.data ?? [])].sort((a, b) => toMillis(b.takenAt) - toMillis(a.takenAt));
  return (
    <section class="card mb-4" aria-labelledby="tests-heading">
      <div class="card-body">
        <h2 id="tests-heading" class="h5">
          {t.patient.tests}
        </h2>
        {tests.loading && <Loading />}
        {tests.error !== undefined && <ErrorAlert error={tests.error} onRetry={tests.reload} />}
        {tests.data && sorted.length === 0 && <p class="text-body-secondary">{t.patient.noTests}</p>}
        {sorted.length > 0 && (
          <table class="table table-sm">
            <thead>
              <tr>
                <th scope="col">{t.patient.takenAt}</th>
                <th scope="col">{t.patient.testKind}</th>
                <th scope="col">{t.patient.result}</th>
                <th scope="col">{t.patient.ct}</th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((x) => (
                <tr key={x.id}>
                  <td>{formatDateTime(x.takenAt)}</td>
                  <td>{t.testKind[x.kind]}</td>
                  <td>{t.testResult[x.result]}</td>
                  <td>{x.ct ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <details class="mt-2">
          <summary>{t.patient.recordTest}</summary>
          <form class="row g-2 mt-1" onSubmit={submit}>
            <div class="col-sm-3">
              <label class="form-label" for="test-kind">
                {t.patient.testKind}
              </label>
              <select id="test-kind" class="form-select" value={kind} onChange={(e) => setKind(e.currentTarget.value as TestKind)}>
                {TEST_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t.testKind[k]}
                  </option>
                ))}
              </select>
            </div>
            <div class="col-sm-3">
              <label class="form-label" for="test-result">
                {t.patient.result}
              </label>
              <select id="test-result" class="form-select" value={result} onChange={(e) => setResult(e.currentTarget.value as TestResult)}>
                {TEST_RESULTS.map((r) => (
                  <option key={r} value={r}>
                    {t.testResult[r]}
                  </option>
                ))}
              </select>
            </div>
            <div class="col-sm-4">
              <label class="form-label" for="test-taken">
                {t.patient.takenAt}
              </label>
              <input id="test-taken" type="datetime-local" class="form-control" required value={takenAt} onInput={(e) => setTakenAt(e.currentTarget.value)} />
            </div>
            {kind === 'pcr' && (
              <div class="col-sm-2">
                <label class="form-label" for="test-ct">
                  {t.patient.ct}
                </label>
                <input id="test-ct" type="number" min={0} max={50} step={0.01} class="form-control" value={ct} onInput={(e) => setCt(e.currentTarget.value)} />
              </div>
            )}
            <div class="col-12">
              {error !== undefined && <ErrorAlert error={error} />}
              <button type="submit" class="btn btn-primary" disabled={busy}>
                {busy ? t.common.saving : t.common.save}
              </button>
            </div>
          </form>
        </details>
      </div>
    </section>
  );
}

function AlarmHistory({ patientId }: { patientId: string }) {
  const t = useT();
  const alarms = useAsync(() => listAlarms({ patientId }), [patientId]);
  const sorted = [...(alarms.data ?? [])].sort((a: Alarm, b: Alarm) => toMillis(b.raisedAt) - toMillis(a.raisedAt));
  return (
    <section class="card mb-4" aria-labelledby="history-heading">
      <div class="card-body">
        <h2 id="history-heading" class="h5">
          {t.patient.alarmHistory}
        </h2>
        {alarms.loading && <Loading />}
        {alarms.error !== undefined && <ErrorAlert error={alarms.error} onRetry={alarms.reload} />}
        {alarms.data && sorted.length === 0 && <p class="text-body-secondary">{t.patient.noAlarms}</p>}
        {sorted.length > 0 && (
          <div class="table-responsive">
            <table class="table table-sm align-middle">
              <thead>
                <tr>
                  <th scope="col">{t.patient.columns.raised}</th>
                  <th scope="col">{t.patient.columns.priority}</th>
                  <th scope="col">{t.patient.columns.kind}</th>
                  <th scope="col">{t.patient.columns.value}</th>
                  <th scope="col">{t.patient.columns.state}</th>
                  <th scope="col">{t.patient.columns.acknowledged}</th>
                  <th scope="col">{t.patient.columns.resolved}</th>
                </tr>
              </thead>
              <tbody>
                {sorted.map((a) => (
                  <tr key={a.id}>
                    <td>{formatDateTime(a.raisedAt)}</td>
                    <td>
                      <PriorityBadge priority={a.priority} />
                    </td>
                    <td>{alarmKindName(a.kind, t)}</td>
                    <td>{alarmValueText(a, t) ?? '—'}</td>
                    <td>{t.alarmState[a.state]}</td>
                    <td>{a.acknowledgedAt ? `${formatActor(a.acknowledgedBy, t)} ${formatDateTime(a.acknowledgedAt)}` : '—'}</td>
                    <td>
                      {a.resolvedAt ? `${formatActor(a.resolvedBy, t)} ${formatDateTime(a.resolvedAt)}` : '—'}
                      {a.resolutionNote && <div class="small text-body-secondary">{a.resolutionNote}</div>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </section>
  );
}

export function PatientPage({ id, panel }: { id: string; panel?: 'referral' }) {
  const t = useT();
  const patient = useAsync(() => getPatient(id), [id]);
  const devices = useAsync(() => listDevices({ patientId: id }), [id]);
  const [range, setRange] = useState<TrendRange>('24h');

  if (patient.loading && !patient.data) {
    return (
      <main id="main" class="container-fluid page" tabIndex={-1}>
        <Loading />
      </main>
    );
  }
  if (!patient.data) {
    return (
      <main id="main" class="container-fluid page" tabIndex={-1}>
        <ErrorAlert error={patient.error} onRetry={patient.reload} />
      </main>
    );
  }
  const p = patient.data;
  // The hub filters by patient; the check stays so a hub that ignored the filter shows no strangers' devices.
  const mine = (devices.data ?? []).filter((d) => d.patientId === p.id);

  return (
    <main id="main" class="container-fluid page" tabIndex={-1}>
      <div class="d-flex flex-wrap align-items-center gap-3 mb-3">
        <h1 class="h2 mb-0">{p.name}</h1>
        <TierBadge tier={p.riskTier} long />
        {p.serviceLevel !== undefined && <span class="badge text-bg-secondary fs-6">{t.tier.serviceLevel(p.serviceLevel)}</span>}
        {p.urgentNeed && <span class="badge text-bg-danger fs-6">{t.patient.urgentNeed}</span>}
        <a class="btn btn-outline-light ms-auto" href={href({ name: 'patientEdit', id: p.id })}>
          {t.patient.edit}
        </a>
      </div>
      <div class="row g-4">
        <div class="col-xl-4">
          <section class="card mb-4" aria-labelledby="identity-heading">
            <div class="card-body">
              <h2 id="identity-heading" class="h5">
                {t.patient.identity}
              </h2>
              <dl class="row mb-3">
                <dt class="col-5">{t.patient.birthDate}</dt>
                <dd class="col-7">{formatDate(p.birthDate)}</dd>
                {p.ageYears !== undefined && (
                  <>
                    <dt class="col-5">{t.patient.ageLabel}</dt>
                    <dd class="col-7">{t.patient.age(p.ageYears)}</dd>
                  </>
                )}
                <dt class="col-5">{t.sex.label}</dt>
                <dd class="col-7">{t.sex[p.sex]}</dd>
                <dt class="col-5">{t.disease.label}</dt>
                <dd class="col-7">{t.disease[p.underlyingDisease]}</dd>
                <dt class="col-5">{t.vaccination.label}</dt>
                <dd class="col-7">{t.vaccination[p.vaccination]}</dd>
                {p.gridTeam && (
                  <>
                    <dt class="col-5">{t.patient.gridTeam}</dt>
                    <dd class="col-7">{p.gridTeam}</dd>
                  </>
                )}
                <dt class="col-5">{t.category.label}</dt>
                <dd class="col-7">
                  {p.categories.length === 0
                    ? t.common.none
                    : p.categories.map((c) => (
                        <span key={c} class="badge text-bg-info me-1 mb-1">
                          {categoryName(c, t)}
                        </span>
                      ))}
                </dd>
                {p.pregnancy && (
                  <>
                    <dt class="col-5">{t.pregnancyRisk.label}</dt>
                    <dd class="col-7">
                      {t.pregnancyRisk[p.pregnancy.risk]}
                      {p.pregnancy.gestationalWeek != null && ` · ${t.pregnancyRisk.weekValue(p.pregnancy.gestationalWeek)}`}
                      {p.pregnancy.priority && <span class="badge text-bg-warning ms-2">{t.pregnancyRisk.priority}</span>}
                    </dd>
                  </>
                )}
              </dl>
              <RiskBasisView patient={p} />
            </div>
          </section>
          <EpisodeSection key={p.currentEpisode?.id ?? 'none'} patient={p} onChanged={patient.reload} />
          <TestsSection patientId={p.id} onChanged={patient.reload} />
          <section class="card mb-4" aria-labelledby="devices-heading">
            <div class="card-body">
              <h2 id="devices-heading" class="h5">
                {t.patient.devices}
              </h2>
              {devices.error !== undefined && <ErrorAlert error={devices.error} onRetry={devices.reload} />}
              {devices.data && mine.length === 0 && <p class="text-body-secondary mb-0">{t.patient.noDevices}</p>}
              <ul class="mb-0">
                {mine.map((d) => (
                  <li key={d.id}>
                    <code>{d.id}</code> · {t.deviceKind[d.kind]} · {formatDateTime(d.assignedAt)}
                  </li>
                ))}
              </ul>
            </div>
          </section>
        </div>
        <div class="col-xl-8">
          <section class="card mb-4" aria-labelledby="trends-heading">
            <div class="card-body">
              <div class="d-flex flex-wrap align-items-center gap-3 mb-3">
                <h2 id="trends-heading" class="h5 mb-0">
                  {t.patient.trends}
                </h2>
                <div class="btn-group" role="group" aria-label={t.patient.trends}>
                  {(['24h', '7d'] as const).map((r) => (
                    <button
                      key={r}
                      type="button"
                      class={`btn ${range === r ? 'btn-light' : 'btn-outline-light'}`}
                      aria-pressed={range === r}
                      onClick={() => setRange(r)}
                    >
                      {r === '24h' ? t.patient.range24h : t.patient.range7d}
                    </button>
                  ))}
                </div>
              </div>
              <div class="row">
                {TREND_METRICS.map((m) => (
                  <div key={m} class="col-xxl-6">
                    <TrendChart patientId={p.id} metric={m} range={range} />
                  </div>
                ))}
              </div>
            </div>
          </section>
          <ReferralPanel patientId={p.id} onClosed={patient.reload} focus={panel === 'referral'} />
          <AlarmHistory patientId={p.id} />
        </div>
      </div>
    </main>
  );
}

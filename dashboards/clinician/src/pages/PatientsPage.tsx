import { useEffect, useState } from 'preact/hooks';
import { listPatientsPage } from '../api/endpoints';
import type { Tier } from '../api/types';
import { TIERS } from '../api/types';
import { TierBadge } from '../components/Badges';
import { ErrorAlert, Loading } from '../components/ErrorAlert';
import { useAsync } from '../components/useAsync';
import { useT } from '../i18n';
import type { PatientListState, PatientSort } from '../logic/listState';
import { DEFAULT_PAGE_SIZE, MAX_SEARCH, PAGE_SIZES, PATIENT_SORTS, pageCount, patientListApiQuery } from '../logic/listState';
import { href } from '../logic/route';
import { navigate } from '../state/router';
import { categoryName } from './PatientPage';

/**
 * The patients list, searched, sorted and paged by the hub (a city clinic has thousands); its
 * state lives in the URL, so a reload or the back button shows the same page.
 */
export function PatientsPage({ state }: { state: PatientListState }) {
  const t = useT();
  const key = JSON.stringify(state);
  const patients = useAsync(() => listPatientsPage(patientListApiQuery(state)), [key]);
  const [search, setSearch] = useState(state.q ?? '');
  useEffect(() => setSearch(state.q ?? ''), [state.q]);

  // A change of search, tier, sort or page size starts again at page 1.
  const go = (change: Partial<PatientListState>, keepPage = false) => {
    const next: PatientListState = { ...state, ...change };
    if (!keepPage) delete next.page;
    for (const k of Object.keys(next) as (keyof PatientListState)[]) if (next[k] === undefined || next[k] === '') delete next[k];
    navigate({ name: 'patients', ...next });
  };

  const page = patients.data;
  const pageSize = state.pageSize ?? DEFAULT_PAGE_SIZE;
  const current = state.page ?? 1;
  const pages = page ? pageCount(page.total, pageSize) : 1;
  const from = page && page.items.length > 0 ? (current - 1) * pageSize + 1 : 0;
  const to = page ? from + page.items.length - (page.items.length > 0 ? 1 : 0) : 0;

  return (
    <main id="main" class="container-fluid page" tabIndex={-1}>
      <div class="d-flex flex-wrap align-items-end gap-3 mb-3">
        <h1 class="h2 mb-0 me-auto">{t.patients.title}</h1>
        <a class="btn btn-primary" href={href({ name: 'patientNew' })}>
          {t.patients.register}
        </a>
      </div>
      <form
        class="list-controls"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          go({ q: search.trim() || undefined });
        }}
      >
        <div class="list-search">
          <label class="form-label mb-1" for="patient-search">
            {t.patientList.search}
          </label>
          <div class="input-group">
            <input
              id="patient-search"
              type="search"
              class="form-control"
              value={search}
              maxLength={MAX_SEARCH}
              placeholder={t.patientList.searchPlaceholder}
              onInput={(e) => setSearch(e.currentTarget.value)}
            />
            <button type="submit" class="btn btn-outline-light">
              {t.patientList.searchButton}
            </button>
            {state.q && (
              <button type="button" class="btn btn-outline-secondary" onClick={() => go({ q: undefined })}>
                {t.patientList.clearSearch}
              </button>
            )}
          </div>
        </div>
        <div>
          <label class="form-label mb-1" for="tier-filter">
            {t.patients.filterTier}
          </label>
          <select
            id="tier-filter"
            class="form-select"
            value={state.tier ?? ''}
            onChange={(e) => {
              const v = e.currentTarget.value;
              go({ tier: TIERS.find((x) => x === v) as Tier | undefined });
            }}
          >
            <option value="">{t.common.all}</option>
            {TIERS.map((x) => (
              <option key={x} value={x}>
                {t.tier.long[x]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label class="form-label mb-1" for="patient-sort">
            {t.patientList.sort}
          </label>
          <select
            id="patient-sort"
            class="form-select"
            value={state.sort ?? 'name'}
            onChange={(e) => go({ sort: e.currentTarget.value as PatientSort, order: undefined })}
          >
            {PATIENT_SORTS.map((s) => (
              <option key={s} value={s}>
                {t.patientList.sortBy[s]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label class="form-label mb-1" for="patient-order">
            {t.patientList.order}
          </label>
          <select
            id="patient-order"
            class="form-select"
            value={state.order ?? ''}
            onChange={(e) => {
              const v = e.currentTarget.value;
              go({ order: v === 'asc' || v === 'desc' ? v : undefined });
            }}
          >
            <option value="">—</option>
            <option value="asc">{t.patientList.asc}</option>
            <option value="desc">{t.patientList.desc}</option>
          </select>
        </div>
        <div>
          <label class="form-label mb-1" for="patient-page-size">
            {t.patientList.pageSize}
          </label>
          <select
            id="patient-page-size"
            class="form-select"
            value={String(pageSize)}
            onChange={(e) => go({ pageSize: Number(e.currentTarget.value) })}
          >
            {PAGE_SIZES.map((n) => (
              <option key={n} value={String(n)}>
                {t.patientList.perPage(n)}
              </option>
            ))}
          </select>
        </div>
      </form>
      {patients.loading && !page && <Loading />}
      {patients.error !== undefined && <ErrorAlert error={patients.error} onRetry={patients.reload} />}
      {page && page.items.length === 0 && <p>{t.patients.empty}</p>}
      {page && page.items.length > 0 && (
        <>
          <p class="list-range text-body-secondary" data-total={page.total} aria-live="polite">
            {t.patientList.range(from, to, page.total)}
          </p>
          <div class="table-responsive">
            <table class={`table table-hover align-middle ${patients.loading ? 'is-loading' : ''}`}>
              <thead>
                <tr>
                  <th scope="col">{t.patients.columns.name}</th>
                  <th scope="col">{t.patients.columns.tier}</th>
                  <th scope="col">{t.patients.columns.age}</th>
                  <th scope="col">{t.patients.columns.sex}</th>
                  <th scope="col">{t.patients.columns.categories}</th>
                  <th scope="col">{t.patients.columns.level}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((p) => (
                  <tr key={p.id} data-patient-id={p.id}>
                    <td>
                      <a href={href({ name: 'patient', id: p.id })}>{p.name}</a>
                      {p.urgentNeed && <span class="badge text-bg-danger ms-2">{t.patient.urgentNeed}</span>}
                    </td>
                    <td>
                      <TierBadge tier={p.riskTier} long />
                    </td>
                    <td>{p.ageYears !== undefined ? t.patient.age(p.ageYears) : p.birthDate}</td>
                    <td>{t.sex[p.sex]}</td>
                    <td>{p.categories.map((c) => categoryName(c, t)).join(t.common.listSeparator) || '—'}</td>
                    <td>{p.serviceLevel !== undefined ? t.tier.serviceLevel(p.serviceLevel) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {page && pages > 1 && (
        <nav aria-label={t.patientList.pagination} class="list-pager">
          <button type="button" class="btn btn-outline-light" disabled={current <= 1} onClick={() => go({ page: current - 1 }, true)}>
            {t.patientList.previous}
          </button>
          <span class="list-page" data-page={current}>
            {t.patientList.pageOf(current, pages)}
          </span>
          <button type="button" class="btn btn-outline-light" disabled={current >= pages} onClick={() => go({ page: current + 1 }, true)}>
            {t.patientList.next}
          </button>
        </nav>
      )}
    </main>
  );
}

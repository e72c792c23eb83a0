import { listPatients } from '../api/endpoints';
import type { Tier } from '../api/types';
import { TIERS } from '../api/types';
import { TierBadge } from '../components/Badges';
import { ErrorAlert, Loading } from '../components/ErrorAlert';
import { useAsync } from '../components/useAsync';
import { lang, useT } from '../i18n';
import { href } from '../logic/route';
import { navigate } from '../state/router';
import { categoryName } from './PatientPage';

export function PatientsPage({ tier }: { tier?: Tier | undefined }) {
  const t = useT();
  const patients = useAsync(() => listPatients(tier ? { tier } : {}), [tier]);
  const sorted = [...(patients.data ?? [])].sort((a, b) => a.name.localeCompare(b.name, lang.value));
  return (
    <main id="main" class="container-fluid page" tabIndex={-1}>
      <div class="d-flex flex-wrap align-items-end gap-3 mb-3">
        <h1 class="h2 mb-0 me-auto">{t.patients.title}</h1>
        <div>
          <label class="form-label mb-1" for="tier-filter">
            {t.patients.filterTier}
          </label>
          <select
            id="tier-filter"
            class="form-select"
            value={tier ?? ''}
            onChange={(e) => {
              const v = e.currentTarget.value;
              navigate(TIERS.some((x) => x === v) ? { name: 'patients', tier: v as Tier } : { name: 'patients' });
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
        <a class="btn btn-primary" href={href({ name: 'patientNew' })}>
          {t.patients.register}
        </a>
      </div>
      {patients.loading && <Loading />}
      {patients.error !== undefined && <ErrorAlert error={patients.error} onRetry={patients.reload} />}
      {patients.data && sorted.length === 0 && <p>{t.patients.empty}</p>}
      {sorted.length > 0 && (
        <div class="table-responsive">
          <table class="table table-hover align-middle">
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
              {sorted.map((p) => (
                <tr key={p.id}>
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
      )}
    </main>
  );
}

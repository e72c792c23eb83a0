import { useState } from 'preact/hooks';
import { getInventory, listClinics } from '../api/endpoints';
import { me } from '../auth/session';
import { ErrorAlert, Loading } from '../components/ErrorAlert';
import { useAsync } from '../components/useAsync';
import { useT } from '../i18n';

function Stat({ label, value, tone }: { label: string; value: string | number; tone?: string }) {
  return (
    <div class="col-6 col-md-4 col-xl-2">
      <div class={`stat card h-100 ${tone ?? ''}`}>
        <div class="card-body">
          <div class="stat-label">{label}</div>
          <div class={typeof value === 'number' ? 'stat-value' : 'stat-value stat-text'}>{value}</div>
        </div>
      </div>
    </div>
  );
}

export function InventoryPage() {
  const t = useT();
  const isAdmin = me.value?.role === 'admin';
  const clinics = useAsync(() => (isAdmin ? listClinics() : Promise.resolve([])), [isAdmin]);
  const [chosen, setChosen] = useState<string>('');
  const clinicId = isAdmin ? chosen || clinics.data?.[0]?.id || '' : me.value?.clinicId ?? '';
  const inventory = useAsync(() => (clinicId ? getInventory(clinicId) : Promise.resolve(undefined)), [clinicId]);
  const inv = inventory.data;

  return (
    <main id="main" class="container-fluid page" tabIndex={-1}>
      <div class="d-flex flex-wrap align-items-end gap-3 mb-3">
        <h1 class="h2 mb-0 me-auto">{t.inventory.title}</h1>
        {isAdmin && (
          <div>
            <label class="form-label mb-1" for="inv-clinic">
              {t.inventory.clinic}
            </label>
            <select id="inv-clinic" class="form-select" value={clinicId} onChange={(e) => setChosen(e.currentTarget.value)}>
              {(clinics.data ?? []).map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
        )}
      </div>
      {inventory.loading && <Loading />}
      {inventory.error !== undefined && <ErrorAlert error={inventory.error} onRetry={inventory.reload} />}
      {inv && (
        <>
          <section class={`card mb-4 oximeter-target ${inv.oximetersShort > 0 ? 'border-danger' : 'border-success'}`} aria-labelledby="oxi-heading">
            <div class="card-body">
              <h2 id="oxi-heading" class="h5">
                {t.inventory.oximeters}
              </h2>
              <div class="d-flex flex-wrap align-items-baseline gap-3">
                <span class="display-5 fw-bold">{t.inventory.oximetersOf(inv.oximeters, inv.oximeterTarget)}</span>
                <span class={`fs-5 fw-bold ${inv.oximetersShort > 0 ? 'text-danger' : 'text-success'}`}>
                  {inv.oximetersShort > 0 ? `⚠ ${t.inventory.short(inv.oximetersShort)}` : `✓ ${t.inventory.enough}`}
                </span>
              </div>
              <div
                class="progress mt-3"
                role="progressbar"
                aria-label={t.inventory.oximeters}
                aria-valuenow={inv.oximeters}
                aria-valuemin={0}
                aria-valuemax={inv.oximeterTarget}
              >
                <div
                  class={`progress-bar ${inv.oximetersShort > 0 ? 'bg-danger' : 'bg-success'}`}
                  style={{ width: `${Math.min(100, (inv.oximeters / Math.max(1, inv.oximeterTarget)) * 100)}%` }}
                />
              </div>
              <p class="form-text mb-0 mt-2">{t.inventory.targetNote}</p>
            </div>
          </section>
          <div class="row g-3 mb-4">
            <Stat label={t.inventory.total} value={inv.total} />
            <Stat label={t.inventory.issued} value={inv.issued} />
            <Stat label={t.inventory.free} value={inv.free} />
            <Stat label={t.inventory.revoked} value={inv.revoked} />
            <Stat label={t.inventory.silent} value={inv.liveStatusTracked && inv.silent !== null ? inv.silent : t.inventory.notTracked} tone={inv.silent ? 'border-warning' : ''} />
            <Stat label={t.inventory.lowBattery} value={inv.liveStatusTracked && inv.lowBattery !== null ? inv.lowBattery : t.inventory.notTracked} tone={inv.lowBattery ? 'border-warning' : ''} />
          </div>
          <h2 class="h5">{t.inventory.byKind}</h2>
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{t.devices.kind}</th>
                <th scope="col">{t.inventory.issued}</th>
                <th scope="col">{t.inventory.free}</th>
                <th scope="col">{t.inventory.revoked}</th>
              </tr>
            </thead>
            <tbody>
              {inv.byKind.map((k) => (
                <tr key={k.kind}>
                  <td>{t.deviceKind[k.kind]}</td>
                  <td>{k.issued}</td>
                  <td>{k.free}</td>
                  <td>{k.revoked}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </main>
  );
}

import { useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import { assignDevice, listDevices, registerDevice, unassignDevice } from '../api/endpoints';
import type { Device, DeviceKind, RegisteredDevice } from '../api/types';
import { DEVICE_KINDS } from '../api/types';
import { me } from '../auth/session';
import { CopyButton } from '../components/CopyButton';
import { Dialog } from '../components/Dialog';
import { ErrorAlert, Loading } from '../components/ErrorAlert';
import { useAsync } from '../components/useAsync';
import { lang, useT } from '../i18n';
import { formatDateTime } from '../logic/format';
import { href } from '../logic/route';
import { directory, loadDirectory, patientName } from '../state/patients';

const DEVICE_ID = /^[a-z0-9][a-z0-9-]{2,63}$/;

function RegisterForm({ onRegistered }: { onRegistered: (d: RegisteredDevice) => void }) {
  const t = useT();
  const [id, setId] = useState('');
  const [kind, setKind] = useState<DeviceKind>('oximeter');
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const canRegister = me.value?.role !== 'nurse';
  const valid = DEVICE_ID.test(id);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!valid) return;
    setBusy(true);
    setError(undefined);
    try {
      onRegistered(await registerDevice(id, kind));
      setId('');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card mb-4" aria-labelledby="register-heading">
      <div class="card-body">
        <h2 id="register-heading" class="h5">
          {t.devices.register}
        </h2>
        {!canRegister ? (
          <p class="text-body-secondary mb-0">{t.devices.noPermission}</p>
        ) : (
          <form class="row g-2 align-items-end" onSubmit={submit} noValidate>
            <div class="col-sm-5">
              <label class="form-label" for="dev-id">
                {t.devices.id}
              </label>
              <input
                id="dev-id"
                class={`form-control ${id && !valid ? 'is-invalid' : ''}`}
                value={id}
                required
                autocomplete="off"
                spellcheck={false}
                aria-describedby="dev-id-help"
                onInput={(e) => setId(e.currentTarget.value.trim().toLowerCase())}
              />
            </div>
            <div class="col-sm-4">
              <label class="form-label" for="dev-kind">
                {t.devices.kind}
              </label>
              <select id="dev-kind" class="form-select" value={kind} onChange={(e) => setKind(e.currentTarget.value as DeviceKind)}>
                {DEVICE_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t.deviceKind[k]}
                  </option>
                ))}
              </select>
            </div>
            <div class="col-sm-3">
              <button type="submit" class="btn btn-primary w-100" disabled={busy || !valid}>
                {busy ? t.common.saving : t.devices.register}
              </button>
            </div>
            <div id="dev-id-help" class="form-text col-12">
              {t.devices.idHint}
            </div>
            {error !== undefined && (
              <div class="col-12">
                {error instanceof ApiError && error.status === 403 ? <div class="alert alert-warning">{t.devices.noPermission}</div> : <ErrorAlert error={error} />}
              </div>
            )}
          </form>
        )}
      </div>
    </section>
  );
}

function AssignControl({ device, onChanged }: { device: Device; onChanged: () => void }) {
  const t = useT();
  const [patientId, setPatientId] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const patients = [...directory.value.values()].sort((a, b) => a.name.localeCompare(b.name, lang.value));

  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      onChanged();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  if (device.status === 'revoked') return null;
  if (device.patientId) {
    const name = patientName(device.patientId);
    return (
      <>
        <button
          type="button"
          class="btn btn-sm btn-outline-warning"
          disabled={busy}
          onClick={() => {
            if (confirm(t.devices.unassignConfirm(device.id, name))) void run(() => unassignDevice(device.id));
          }}
        >
          {t.devices.unassign}
        </button>
        {error !== undefined && <ErrorAlert error={error} />}
      </>
    );
  }
  const selectId = `assign-${device.id}`;
  return (
    <form
      class="d-flex gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        if (patientId) void run(() => assignDevice(device.id, patientId));
      }}
    >
      <label class="visually-hidden" for={selectId}>
        {t.devices.assignTo}
      </label>
      <select id={selectId} class="form-select form-select-sm" style={{ minWidth: '10rem' }} value={patientId} onChange={(e) => setPatientId(e.currentTarget.value)}>
        <option value="">{t.devices.choosePatient}</option>
        {patients.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
      <button type="submit" class="btn btn-sm btn-outline-light text-nowrap" disabled={busy || !patientId}>
        {t.devices.assign}
      </button>
      {error !== undefined && <ErrorAlert error={error} />}
    </form>
  );
}

export function DevicesPage() {
  const t = useT();
  const devices = useAsync(async () => {
    const [list] = await Promise.all([listDevices(), directory.value.size === 0 ? loadDirectory() : Promise.resolve()]);
    return list;
  }, []);
  const [secret, setSecret] = useState<RegisteredDevice | null>(null);
  const sorted = [...(devices.data ?? [])].sort((a, b) => a.id.localeCompare(b.id));

  return (
    <main id="main" class="container-fluid page" tabIndex={-1}>
      <h1 class="h2 mb-3">{t.devices.title}</h1>
      <RegisterForm
        onRegistered={(d) => {
          setSecret(d);
          devices.reload();
        }}
      />
      {devices.loading && <Loading />}
      {devices.error !== undefined && <ErrorAlert error={devices.error} onRetry={devices.reload} />}
      {devices.data && sorted.length === 0 && <p>{t.devices.empty}</p>}
      {sorted.length > 0 && (
        <div class="table-responsive">
          <table class="table align-middle">
            <thead>
              <tr>
                <th scope="col">{t.devices.id}</th>
                <th scope="col">{t.devices.kind}</th>
                <th scope="col">{t.devices.status}</th>
                <th scope="col">{t.devices.registeredAt}</th>
                <th scope="col">{t.devices.patient}</th>
                <th scope="col">{t.devices.assignedAt}</th>
                <th scope="col">
                  <span class="visually-hidden">{t.devices.assign}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((d) => (
                <tr key={d.id}>
                  <td>
                    <code class="fs-6">{d.id}</code>
                  </td>
                  <td>{t.deviceKind[d.kind]}</td>
                  <td>{t.deviceStatus[d.status]}</td>
                  <td>{formatDateTime(d.registeredAt)}</td>
                  <td>{d.patientId ? <a href={href({ name: 'patient', id: d.patientId })}>{patientName(d.patientId)}</a> : d.status === 'revoked' ? '—' : <span class="text-body-secondary">{t.devices.free}</span>}</td>
                  <td>{d.assignedAt ? formatDateTime(d.assignedAt) : '—'}</td>
                  <td>
                    <AssignControl device={d} onChanged={devices.reload} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Dialog open={secret !== null} title={secret ? t.devices.secretTitle(secret.id) : ''} onClose={() => setSecret(null)} labelId="secret-title">
        {secret && (
          <>
            <div class="alert alert-warning">{t.devices.secretOnce}</div>
            <div class="d-flex flex-wrap gap-2 align-items-center">
              <input id="device-secret" class="form-control font-monospace flex-grow-1 w-auto" readOnly value={secret.secret} aria-label={t.devices.secretTitle(secret.id)} />
              <CopyButton text={secret.secret} targetId="device-secret" />
            </div>
            <div class="d-flex justify-content-end mt-4">
              <button type="button" class="btn btn-success" onClick={() => setSecret(null)}>
                {t.devices.secretDone}
              </button>
            </div>
          </>
        )}
      </Dialog>
    </main>
  );
}

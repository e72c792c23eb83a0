import { useState } from 'preact/hooks';
import type { AccountAction } from '../api/endpoints';
import { accountAction, createUser, listClinics, listUsers, resetPassword } from '../api/endpoints';
import type { Role, UserAccount } from '../api/types';
import { ROLES } from '../api/types';
import { me } from '../auth/session';
import { CopyButton } from '../components/CopyButton';
import { MIN_PASSWORD_LENGTH } from '../components/ChangePasswordDialog';
import { ErrorAlert, Loading } from '../components/ErrorAlert';
import { useAsync } from '../components/useAsync';
import { useT } from '../i18n';
import { formatDateTime } from '../logic/format';

function StatusBadges({ user }: { user: UserAccount }) {
  const t = useT();
  const badges: { text: string; cls: string }[] = [];
  if (user.disabled) badges.push({ text: t.accounts.status.disabled, cls: 'text-bg-secondary' });
  if (user.locked) badges.push({ text: t.accounts.status.locked, cls: 'text-bg-danger' });
  if (user.mustChangePassword) badges.push({ text: t.accounts.status.mustChange, cls: 'text-bg-warning' });
  if (badges.length === 0) badges.push({ text: t.accounts.status.active, cls: 'text-bg-success' });
  return (
    <>
      {badges.map((b) => (
        <span key={b.text} class={`badge ${b.cls} me-1`}>
          {b.text}
        </span>
      ))}
    </>
  );
}

function CreateForm({ clinics, onCreated }: { clinics: { id: string; name: string }[]; onCreated: (u: UserAccount) => void }) {
  const t = useT();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('nurse');
  const [clinicId, setClinicId] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onCreated(await createUser({ username: username.trim(), password, role, ...(role === 'admin' ? {} : { clinicId }) }));
      setUsername('');
      setPassword('');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card mb-4" aria-labelledby="create-user-heading">
      <div class="card-body">
        <h2 id="create-user-heading" class="h5">
          {t.accounts.createTitle}
        </h2>
        <form class="row g-2 align-items-end" onSubmit={submit} noValidate>
          <div class="col-sm-3">
            <label class="form-label" for="new-username">
              {t.accounts.columns.username}
            </label>
            <input id="new-username" class="form-control" autocomplete="off" value={username} onInput={(e) => setUsername(e.currentTarget.value)} />
          </div>
          <div class="col-sm-3">
            <label class="form-label" for="new-password">
              {t.fields.password}
            </label>
            <input id="new-password" type="password" class="form-control" autocomplete="new-password" minLength={MIN_PASSWORD_LENGTH} value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
          </div>
          <div class="col-sm-2">
            <label class="form-label" for="new-role">
              {t.accounts.columns.role}
            </label>
            <select id="new-role" class="form-select" value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t.role[r]}
                </option>
              ))}
            </select>
          </div>
          {role !== 'admin' && (
            <div class="col-sm-2">
              <label class="form-label" for="new-clinic">
                {t.accounts.columns.clinic}
              </label>
              <select id="new-clinic" class="form-select" value={clinicId} onChange={(e) => setClinicId(e.currentTarget.value)}>
                <option value="">—</option>
                {clinics.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            </div>
          )}
          <div class="col-sm-2">
            <button type="submit" class="btn btn-primary w-100" disabled={busy}>
              {t.accounts.create}
            </button>
          </div>
        </form>
        {error !== undefined && <div class="mt-3"><ErrorAlert error={error} /></div>}
      </div>
    </section>
  );
}

/**
 * 账户管理: administrators see and manage every account and create new ones; a doctor sees their
 * clinic's accounts and manages its nurses (disable, enable, reset password, unlock).
 */
export function UsersPage() {
  const t = useT();
  const isAdmin = me.value?.role === 'admin';
  const users = useAsync(listUsers, []);
  const clinics = useAsync(() => listClinics(), []);
  const [error, setError] = useState<unknown>(undefined);
  const [notice, setNotice] = useState<string | null>(null);
  const [temporary, setTemporary] = useState<{ username: string; password: string } | null>(null);
  const clinicName = (id: string | null) => (id ? (clinics.data?.find((c) => c.id === id)?.name ?? id) : '—');

  const canManage = (u: UserAccount) => u.id !== me.value?.id && (isAdmin || u.role === 'nurse');

  const act = async (u: UserAccount, action: AccountAction | 'reset') => {
    if (action === 'disable' && !window.confirm(t.accounts.confirmDisable(u.username))) return;
    if (action === 'reset' && !window.confirm(t.accounts.confirmReset(u.username))) return;
    setError(undefined);
    setNotice(null);
    setTemporary(null);
    try {
      if (action === 'reset') {
        const answer = await resetPassword(u.id);
        setTemporary({ username: u.username, password: answer.temporaryPassword });
      } else {
        await accountAction(u.id, action);
        setNotice(t.accounts.done(u.username));
      }
      users.reload();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <main id="main" class="container-fluid py-3" tabIndex={-1}>
      <h1 class="h3 mb-3">{t.accounts.title}</h1>
      {!isAdmin && <p class="text-body-secondary">{t.accounts.doctorScope}</p>}
      {isAdmin && (
        <CreateForm
          clinics={clinics.data ?? []}
          onCreated={(u) => {
            setNotice(t.accounts.created(u.username));
            users.reload();
          }}
        />
      )}
      {notice && (
        <div class="alert alert-success py-2" role="status">
          {notice}
        </div>
      )}
      {temporary && (
        <div class="alert alert-warning" role="status" data-temporary-password>
          <div>{t.accounts.temporaryPassword(temporary.username)}</div>
          <code id="temporary-password" class="fs-5 me-2">{temporary.password}</code>
          <CopyButton text={temporary.password} targetId="temporary-password" />
          <div class="small mt-1">{t.accounts.temporaryHint}</div>
        </div>
      )}
      {error !== undefined && <ErrorAlert error={error} />}
      {users.loading && !users.data && <Loading />}
      {users.error !== undefined && <ErrorAlert error={users.error} onRetry={users.reload} />}
      {users.data && users.data.length === 0 && <p class="text-body-secondary">{t.accounts.noUsers}</p>}
      {users.data && users.data.length > 0 && (
        <table class="table table-striped align-middle">
          <thead>
            <tr>
              <th scope="col">{t.accounts.columns.username}</th>
              <th scope="col">{t.accounts.columns.role}</th>
              <th scope="col">{t.accounts.columns.clinic}</th>
              <th scope="col">{t.accounts.columns.status}</th>
              <th scope="col">{t.accounts.columns.lastLogin}</th>
              <th scope="col">{t.accounts.columns.actions}</th>
            </tr>
          </thead>
          <tbody>
            {users.data.map((u) => (
              <tr key={u.id} data-user={u.username}>
                <td>{u.username}</td>
                <td>{t.role[u.role] ?? u.role}</td>
                <td>{clinicName(u.clinicId)}</td>
                <td>
                  <StatusBadges user={u} />
                </td>
                <td>{u.lastLoginAt ? formatDateTime(u.lastLoginAt) : t.accounts.never}</td>
                <td>
                  {canManage(u) && (
                    <div class="d-flex flex-wrap gap-1">
                      {u.disabled ? (
                        <button type="button" class="btn btn-sm btn-outline-success" onClick={() => void act(u, 'enable')}>
                          {t.accounts.enable}
                        </button>
                      ) : (
                        <button type="button" class="btn btn-sm btn-outline-danger" onClick={() => void act(u, 'disable')}>
                          {t.accounts.disable}
                        </button>
                      )}
                      <button type="button" class="btn btn-sm btn-outline-secondary" onClick={() => void act(u, 'reset')}>
                        {t.accounts.resetPassword}
                      </button>
                      {u.locked && (
                        <button type="button" class="btn btn-sm btn-outline-warning" onClick={() => void act(u, 'unlock')}>
                          {t.accounts.unlock}
                        </button>
                      )}
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}

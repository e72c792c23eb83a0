import { useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import { changePassword } from '../api/endpoints';
import { replaceSession, signOut } from '../auth/session';
import { useT } from '../i18n';
import { describeError } from '../logic/problem';
import { Dialog } from './Dialog';

/** Same rule as the hub (UserRules.MinPasswordLength). */
export const MIN_PASSWORD_LENGTH = 10;

/**
 * Changing one's own password. `forced`: after a reset, the only thing the app offers (it cannot
 * be dismissed, only signed out of). The hub ends every other session and answers a new token.
 */
export function ChangePasswordDialog({ open, forced = false, onClose }: { open: boolean; forced?: boolean; onClose: () => void }) {
  const t = useT();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  const close = () => {
    setCurrent('');
    setNext('');
    setAgain('');
    setError(null);
    setDone(false);
    onClose();
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    if (next.length < MIN_PASSWORD_LENGTH) return setError(t.accounts.tooShort(MIN_PASSWORD_LENGTH));
    if (next !== again) return setError(t.accounts.mismatch);
    if (next === current) return setError(t.accounts.sameAsCurrent);
    setBusy(true);
    setError(null);
    try {
      replaceSession(await changePassword(current, next));
      setDone(true);
      setCurrent('');
      setNext('');
      setAgain('');
    } catch (err) {
      if (err instanceof ApiError && err.status === 400 && err.problem?.errors?.currentPassword) setError(t.accounts.wrongCurrent);
      else if (err instanceof ApiError && err.status === 429) setError(t.accounts.throttled(Math.max(1, err.retryAfter ?? 1)));
      else setError(describeError(err, t).message);
    } finally {
      setBusy(false);
    }
  };

  const field = (id: string, label: string, value: string, set: (v: string) => void, autocomplete: string) => (
    <div class="mb-3">
      <label class="form-label" for={id}>
        {label}
      </label>
      <input id={id} type="password" class="form-control" autocomplete={autocomplete} value={value} required onInput={(e) => set(e.currentTarget.value)} />
    </div>
  );

  const body = (
    <form onSubmit={submit} noValidate>
      {forced && <p class="text-body-secondary">{t.accounts.mustChangeHint}</p>}
      {done && (
        <div class="alert alert-success py-2" role="status">
          {t.accounts.passwordChanged}
        </div>
      )}
      {field('pw-current', t.accounts.currentPassword, current, setCurrent, 'current-password')}
      {field('pw-new', t.accounts.newPassword, next, setNext, 'new-password')}
      {field('pw-again', t.accounts.confirmPassword, again, setAgain, 'new-password')}
      {error && (
        <div class="alert alert-danger py-2" role="alert">
          {error}
        </div>
      )}
      <div class="d-flex gap-2 justify-content-end">
        {forced ? (
          <button type="button" class="btn btn-outline-secondary" onClick={() => void signOut()}>
            {t.app.logout}
          </button>
        ) : (
          <button type="button" class="btn btn-outline-secondary" onClick={close}>
            {t.common.close}
          </button>
        )}
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {busy ? t.common.saving : t.accounts.changePassword}
        </button>
      </div>
    </form>
  );

  if (forced) {
    return (
      <main id="main" class="login-page" tabIndex={-1}>
        <div class="login-card card shadow">
          <div class="card-body p-4 p-lg-5">
            <h1 class="h3 mb-3">{t.accounts.mustChangeTitle}</h1>
            {body}
          </div>
        </div>
      </main>
    );
  }
  return (
    <Dialog open={open} title={t.accounts.changePassword} onClose={close} labelId="change-password-title">
      {body}
    </Dialog>
  );
}

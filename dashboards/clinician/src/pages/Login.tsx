import { useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import { loginNotice, sessionEndReason, signIn } from '../auth/session';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { useT } from '../i18n';
import { describeError } from '../logic/problem';
import { navigate } from '../state/router';
import { parseRoute } from '../logic/route';

export function LoginPage({ next }: { next?: string | undefined }) {
  const t = useT();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    if (!username.trim() || !password) {
      setError(t.login.missing);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await signIn(username.trim(), password);
      setPassword('');
      navigate(next ? parseRoute(`#${next}`) : { name: 'wall' }, true);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) setError(t.login.failed);
      else if (err instanceof ApiError && err.status === 429) setError(t.accounts.throttled(Math.max(1, err.retryAfter ?? 1)));
      else if (err instanceof ApiError && err.status === 423) setError(t.accounts.hardLocked);
      else if (err instanceof ApiError && err.status === 403 && err.problem?.reason === 'disabled') setError(t.accounts.disabledLogin);
      else setError(describeError(err, t).message);
    } finally {
      setBusy(false);
    }
  };

  const notice = loginNotice.value;
  const ended = sessionEndReason.value;
  return (
    <main id="main" class="login-page" tabIndex={-1}>
      <div class="login-card card shadow">
        <div class="card-body p-4 p-lg-5">
          <div class="d-flex justify-content-between align-items-start mb-4 gap-3">
            <div>
              <h1 class="h2 mb-1">{t.app.title}</h1>
              <p class="text-body-secondary mb-0">{t.login.subtitle}</p>
            </div>
            <LanguageSwitch />
          </div>
          {ended ? (
            <div class="alert alert-warning py-2" role="status" data-session-ended={ended}>
              {t.accounts.sessionEnded[ended]}
            </div>
          ) : (
            notice && (
              <div class="alert alert-info py-2" role="status">
                {t.login[notice]}
              </div>
            )
          )}
          <form onSubmit={submit} noValidate aria-describedby={error ? 'login-error' : undefined}>
            <h2 class="h4 mb-3">{t.login.title}</h2>
            <div class="mb-3">
              <label class="form-label" for="username">
                {t.login.username}
              </label>
              <input
                id="username"
                name="username"
                class="form-control form-control-lg"
                autocomplete="username"
                autoFocus
                required
                value={username}
                onInput={(e) => setUsername(e.currentTarget.value)}
              />
            </div>
            <div class="mb-4">
              <label class="form-label" for="password">
                {t.login.password}
              </label>
              <input
                id="password"
                name="password"
                type="password"
                class="form-control form-control-lg"
                autocomplete="current-password"
                required
                value={password}
                onInput={(e) => setPassword(e.currentTarget.value)}
              />
            </div>
            {error && (
              <div id="login-error" class="alert alert-danger py-2" role="alert">
                {error}
              </div>
            )}
            <button type="submit" class="btn btn-primary btn-lg w-100" disabled={busy}>
              {busy ? t.login.submitting : t.login.submit}
            </button>
          </form>
        </div>
      </div>
    </main>
  );
}
